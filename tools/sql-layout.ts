/**
 * A light layout for the SQL text Drizzle renders, so that the checked-in statements
 * (tools/hot-statements.ts) read like SQL written by hand. The statements are built from pieces
 * written in different places, each indented for its own file, so the source's line breaks are
 * dropped and the text is laid out again: each clause (`select`, `from`, `where`, …) of a query on
 * its own line, a subquery indented in its parentheses, the assignments of `set` one a line, and
 * a line longer than WIDTH continued on the next. Only whitespace changes (the spec checks it).
 * It knows quotes, parentheses and the clause words, nothing more of SQL: enough for the
 * statements of this project, no dependency.
 */

/** The page width, the same as Prettier's for the code. */
const WIDTH = 100;

/** Words that begin a clause: a new line, at the query's indentation. */
const CLAUSES = new Set([
  'with',
  'select',
  'insert',
  'update',
  'delete',
  'set',
  'from',
  'join',
  'inner',
  'left',
  'cross',
  'where',
  'group',
  'order',
  'limit',
  'returning',
]);

/** Words after `(` that make it a subquery. */
const SUBQUERIES = new Set(['select', 'with', 'update', 'insert', 'delete']);

/** A word, a quoted name or string (with what sticks to it, like `::jsonb`), `(`, `)` or `,`. */
type Token = { text: string; spaced: boolean };

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let spaced = false;
  let at = 0;
  while (at < sql.length) {
    if (/\s/.test(sql[at])) {
      spaced = true;
      at += 1;
      continue;
    }
    let end = at + 1;
    if (!'(),'.includes(sql[at])) {
      end = at;
      while (end < sql.length && !/[\s(),]/.test(sql[end])) {
        const quote = sql[end];
        if (quote === "'" || quote === '"') {
          const close = sql.indexOf(quote, end + 1);
          end = close === -1 ? sql.length : close + 1;
        } else {
          end += 1;
        }
      }
    }
    tokens.push({ text: sql.slice(at, end), spaced });
    spaced = false;
    at = end;
  }
  return tokens;
}

/**
 * A query (its clauses break lines, at `indent`) or a plain group of parentheses (all on the line).
 * `closeAt` is the indentation of the line a subquery's `(` ends, for its `)`.
 */
type Frame = { query: boolean; indent: number; closeAt: number; clause: string; first: boolean };

export function formatSql(sql: string): string {
  const tokens = tokenize(sql);
  const lines: string[] = [];
  const frames: Frame[] = [{ query: true, indent: 0, closeAt: 0, clause: '', first: true }];
  /** The line being written, the indentation it began with, and where it may be broken. */
  let line = '';
  let base = 0;
  let breaks: { at: number; depth: number }[] = [];
  const newLine = (indent: number, continuing = false) => {
    if (line.trim() !== '') lines.push(line.trimEnd());
    line = ' '.repeat(indent);
    if (!continuing) base = indent;
    breaks = [];
  };
  /**
   * Continues a line that is full on the next: from its last comma (or `and`, `or`) among those
   * least deep in parentheses, so that a name stays with its alias and an argument list together.
   */
  const wrap = () => {
    const depth = Math.min(...breaks.map((b) => b.depth));
    const at = breaks.filter((b) => b.depth === depth).at(-1)?.at ?? line.length;
    const tail = line.slice(at).trimStart();
    line = line.slice(0, at);
    newLine(base + 2, true);
    line += tail;
  };
  const put = (token: Token) => {
    const text = line.trim() === '' || !token.spaced ? token.text : ` ${token.text}`;
    const closing = token.text === ',' || token.text === ')';
    if (!closing && line.trim() !== '' && line.length + text.length > WIDTH) {
      wrap();
      if (line.length + text.length > WIDTH && line.trim() !== '') newLine(base + 2, true);
    }
    const word = token.text.toLowerCase();
    if (word === 'and' || word === 'or') breaks.push({ at: line.length, depth: frames.length });
    line += line.trim() === '' ? token.text : text;
    if (token.text === ',') breaks.push({ at: line.length, depth: frames.length });
  };

  tokens.forEach((token, i) => {
    const word = token.text.toLowerCase();
    const frame = frames[frames.length - 1];
    if (token.text === '(') {
      put(token);
      // A subquery gets lines of its own, unless it fits on this one.
      const subquery = SUBQUERIES.has(tokens[i + 1]?.text.toLowerCase() ?? '');
      const indent = line.length - line.trimStart().length;
      if (subquery && line.length + flatLength(tokens, i) > WIDTH) {
        frames.push({ query: true, indent: indent + 2, closeAt: indent, clause: '', first: true });
        newLine(indent + 2);
      } else {
        frames.push({ query: false, indent, closeAt: indent, clause: '', first: false });
      }
      return;
    }
    if (token.text === ')') {
      const closed = frames.length > 1 ? frames.pop() : undefined;
      if (closed?.query) newLine(closed.closeAt);
      put(token);
      return;
    }
    const previous = tokens[i - 1]?.text.toLowerCase();
    if (frame.query && isClause(word, previous, tokens[i + 1]?.text.toLowerCase(), frame)) {
      if (line.trim() !== '') newLine(frame.indent);
      frame.clause = word;
    }
    frame.first = false;
    put(token);
    // `set a = …, b = …`: one assignment a line, under the first.
    if (token.text === ',' && frame.query && frame.clause === 'set') newLine(frame.indent + 4);
  });
  newLine(0);
  return lines.join('\n');
}

/** The length of the parentheses opening at `open` written on one line. */
function flatLength(tokens: readonly Token[], open: number): number {
  let depth = 0;
  let length = 0;
  for (let i = open; i < tokens.length; i += 1) {
    length += tokens[i].text.length + (tokens[i].spaced && i > open ? 1 : 0);
    if (tokens[i].text === '(') depth += 1;
    if (tokens[i].text === ')') depth -= 1;
    if (depth === 0) break;
  }
  return length;
}

/** Whether `word` begins a clause of the query `frame` (and is not, say, the `update` of `for update`). */
function isClause(
  word: string,
  previous: string | undefined,
  next: string | undefined,
  frame: Frame,
): boolean {
  if (!CLAUSES.has(word)) return false;
  if (word === 'with') return frame.first;
  if (word === 'update') return previous !== 'for';
  if (word === 'join') return !['inner', 'left', 'cross'].includes(previous ?? '');
  if (word === 'group' || word === 'order') return next === 'by';
  if (word === 'inner' || word === 'left' || word === 'cross') return next === 'join';
  return true;
}
