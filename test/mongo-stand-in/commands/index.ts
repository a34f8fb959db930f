import type { Doc } from '../documents';
import { asCommandError, CommandError } from '../errors';
import { CATALOG_COMMANDS } from './catalog';
import type { CommandContext, CommandHandler } from './context';
import { FIND_AND_MODIFY_COMMANDS } from './find-and-modify';
import { HANDSHAKE_COMMANDS } from './handshake';
import { READ_COMMANDS } from './read';
import { SESSION_COMMANDS } from './sessions';
import { WRITE_COMMANDS } from './write';

const COMMANDS: Record<string, CommandHandler> = {
  ...HANDSHAKE_COMMANDS,
  ...READ_COMMANDS,
  ...WRITE_COMMANDS,
  ...FIND_AND_MODIFY_COMMANDS,
  ...CATALOG_COMMANDS,
  ...SESSION_COMMANDS,
};

/** The names the stand-in answers; any other gets MongoDB's CommandNotFound. */
export const SUPPORTED_COMMANDS = Object.keys(COMMANDS).sort();

/** Everything a command gets but its reader/writer, which depends on its session. */
export type Environment = Omit<CommandContext, 'writer' | 'body' | 'db'>;

/**
 * Runs one command to its end, synchronously (so it is atomic), and answers in MongoDB's shape:
 * `ok: 1` with the results, or `ok: 0` with `errmsg`, `code`, `codeName` and, in a transaction,
 * `errorLabels`. A command that fails inside a transaction aborts it, as on MongoDB.
 */
export function runCommand(environment: Environment, db: string, body: Doc): Doc {
  const [name] = Object.keys(body);
  const handler = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  const inTransaction = body.autocommit === false;
  if (!handler) {
    return new CommandError('CommandNotFound', `no such command: '${name}'`).toReply(false);
  }
  const endsTransaction = Object.hasOwn(SESSION_COMMANDS, name);
  let writer: CommandContext['writer'] | undefined;
  try {
    writer = environment.sessions.writerFor(endsTransaction ? {} : body);
    const reply = handler({ ...environment, db, body, writer });
    const failedWrites = Array.isArray(reply.writeErrors) && reply.writeErrors.length > 0;
    if (failedWrites && writer.transaction) environment.sessions.failed(writer.transaction);
    return { ...reply, ok: 1 };
  } catch (error) {
    if (writer?.transaction) environment.sessions.failed(writer.transaction);
    return asCommandError(error).toReply(inTransaction);
  }
}
