import { Inject, Injectable } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import {
  USER_DIRECTORY_PATTERNS as P,
  UserDirectory,
  type LastSeenPayload,
  type DirectoryProfile,
  type UserContact,
  type UserIdPayload,
  type UserIdsPayload,
} from '@app/contracts';
import { request } from './rpc-request';

export const USER_DIRECTORY_CLIENT = Symbol('USER_DIRECTORY_CLIENT');
export const USER_DIRECTORY_TIMEOUT_MS = Symbol('USER_DIRECTORY_TIMEOUT_MS');

/** The split binding of `UserDirectory`: asks user-service over RabbitMQ. */
@Injectable()
export class RmqUserDirectory extends UserDirectory {
  constructor(
    @Inject(USER_DIRECTORY_CLIENT) private readonly client: ClientProxy,
    @Inject(USER_DIRECTORY_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {
    super();
  }

  async getMany(ids: readonly string[]): Promise<DirectoryProfile[]> {
    if (ids.length === 0) return [];
    return this.ask<DirectoryProfile[]>(P.getMany, { ids: [...ids] } satisfies UserIdsPayload);
  }

  exists(id: string): Promise<boolean> {
    return this.ask<boolean>(P.exists, { id } satisfies UserIdPayload);
  }

  getContact(id: string): Promise<UserContact | null> {
    return this.ask<UserContact | null>(P.getContact, { id } satisfies UserIdPayload);
  }

  async recordLastSeen(id: string, at: Date): Promise<void> {
    await this.ask<null>(P.recordLastSeen, { id, at: at.toISOString() } satisfies LastSeenPayload);
  }

  private ask<T>(pattern: string, payload: object): Promise<T> {
    return request<T>(this.client, 'users service', pattern, payload, this.timeoutMs);
  }
}
