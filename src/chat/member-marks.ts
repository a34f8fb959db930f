import type { ChatInfo } from '@app/contracts';
import type { BlockPair } from './persistence/blocks.repository';

/**
 * A blocker's read and delivered marks never reach the person they blocked, in any chat: in the
 * views served to that person those members show nothing read or delivered (the live receipts
 * skip that person's sockets the same way).
 */
export function withoutMarksOf<T extends ChatInfo>(info: T, blockerIds: ReadonlySet<string>): T {
  if (blockerIds.size === 0) return info;
  return {
    ...info,
    members: info.members.map((member) =>
      blockerIds.has(member.userId) ? { ...member, lastReadSeq: 0, lastDeliveredSeq: 0 } : member,
    ),
  };
}

/** For each blocked person among a chat's members, the members who blocked them. */
export function blockersByBlocked(pairs: readonly BlockPair[]): Map<string, Set<string>> {
  const byBlocked = new Map<string, Set<string>>();
  for (const { blockerId, blockedId } of pairs) {
    const blockers = byBlocked.get(blockedId) ?? new Set<string>();
    blockers.add(blockerId);
    byBlocked.set(blockedId, blockers);
  }
  return byBlocked;
}
