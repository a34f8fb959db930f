/**
 * The key of a pair's direct chat (`chats.direct_key`, the chat document's `directKey`): both user
 * ids sorted and joined with ':', so that either member finds the one chat. The block adapters
 * name the pair's chat, and their per-pair serialisation, by it.
 */
export const directKeyOf = (userA: string, userB: string): string =>
  [userA, userB].sort().join(':');
