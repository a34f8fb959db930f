import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  USER_DIRECTORY_PATTERNS as P,
  UserDirectory,
  type LastSeenPayload,
  type DirectoryProfile,
  type UserContact,
  type UserIdPayload,
  type UserIdsPayload,
} from '@app/contracts';

/** Answers the `UserDirectory` requests of chat-service and mail-service with the users module's own binding. */
@Controller()
export class UserDirectoryRpcController {
  constructor(private readonly directory: UserDirectory) {}

  @MessagePattern(P.getMany)
  getMany(@Payload() { ids }: UserIdsPayload): Promise<DirectoryProfile[]> {
    return this.directory.getMany(ids);
  }

  @MessagePattern(P.exists)
  exists(@Payload() { id }: UserIdPayload): Promise<boolean> {
    return this.directory.exists(id);
  }

  @MessagePattern(P.getContact)
  getContact(@Payload() { id }: UserIdPayload): Promise<UserContact | null> {
    return this.directory.getContact(id);
  }

  /** Answers null: a reply tells the caller the write is done. */
  @MessagePattern(P.recordLastSeen)
  async recordLastSeen(@Payload() { id, at }: LastSeenPayload): Promise<null> {
    await this.directory.recordLastSeen(id, new Date(at));
    return null;
  }
}
