/** A read or delivered mark: a member's in a chat view, or the one a receipt event moves. */
const MARKS = ['lastReadSeq', 'lastDeliveredSeq'];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The presence fields an answer or event holds about people `isAbout` picks (by `id` or
 * `userId`): `online` (true), `lastSeenAt` (set), `typing`, and their read and delivered marks
 * (a member's marks, or a receipt event's `seq`). Hidden means absent or null, and holds nothing:
 * `online: false` without a last-seen time (how a blocker shows to the person they blocked) and a
 * mark of 0 (what a member who read nothing has; how a blocker's marks show to that person).
 */
function presenceFields(value: unknown, isAbout: (id: unknown) => boolean): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isRecord(node)) return;
    if (isAbout(node.id) || isAbout(node.userId)) {
      if (node.online === true) found.add('online');
      if (node.lastSeenAt != null) found.add('lastSeenAt');
      if ('isTyping' in node) found.add('typing');
      for (const mark of MARKS) if (node[mark] != null && node[mark] !== 0) found.add(mark);
      if (isAbout(node.userId) && typeof node.seq === 'number') found.add('read/delivered mark');
    }
    Object.values(node).forEach(visit);
  };
  visit(value);
  return [...found].sort();
}

/** The presence of the person `personId` that `value` carries; [] when none. */
export const presenceOf = (value: unknown, personId: string): string[] =>
  presenceFields(value, (id) => id === personId);

/** Whether a catalogue example carries anyone's presence: such an ack is a way to ask for it. */
export const carriesPresence = (example: unknown): boolean =>
  presenceFields(example, (id) => typeof id === 'string').length > 0;

/** The parsed body of an answer, or its text when it is not JSON (a 204 has none). */
export function bodyOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
