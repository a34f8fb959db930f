import { Injectable } from '@nestjs/common';
import { UserDirectory, type DirectoryProfile, type UserContact } from '@app/contracts';
import { UsersService } from './users.service';

/** The in-process binding of the `UserDirectory` port. */
@Injectable()
export class LocalUserDirectory extends UserDirectory {
  constructor(private readonly users: UsersService) {
    super();
  }

  getMany(ids: readonly string[]): Promise<DirectoryProfile[]> {
    return this.users.getManyDirectoryProfiles(ids);
  }

  exists(id: string): Promise<boolean> {
    return this.users.exists(id);
  }

  getContact(id: string): Promise<UserContact | null> {
    return this.users.contactOf(id);
  }

  recordLastSeen(id: string, at: Date): Promise<void> {
    return this.users.recordLastSeen(id, at);
  }
}
