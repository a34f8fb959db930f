/**
 * The `UserDirectory` port over RabbitMQ (split deployment): request/response messages on one
 * queue, answered by user-service. Payloads are JSON, so instants travel as ISO strings.
 */
export const USER_DIRECTORY_QUEUE = 'users.directory';

export const USER_DIRECTORY_PATTERNS = {
  getMany: 'users.get_many',
  exists: 'users.exists',
  getContact: 'users.get_contact',
  recordLastSeen: 'users.record_last_seen',
} as const;

export interface UserIdsPayload {
  ids: string[];
}

export interface UserIdPayload {
  id: string;
}

export interface LastSeenPayload {
  id: string;
  /** ISO 8601. */
  at: string;
}
