import type { CommandHandler } from './context';

/**
 * The commands that end transactions and sessions. They run on `admin` with the session's
 * `lsid` and `txnNumber`; the dispatcher does not put them in the transaction they end.
 */
export const SESSION_COMMANDS: Record<string, CommandHandler> = {
  commitTransaction: ({ sessions, body }) => {
    sessions.commit(body);
    return {};
  },
  abortTransaction: ({ sessions, body }) => {
    sessions.abort(body);
    return {};
  },
  endSessions: ({ sessions, body }) => {
    sessions.end(body.endSessions);
    return {};
  },
  killSessions: ({ sessions, body }) => {
    sessions.end(body.killSessions);
    return {};
  },
  killAllSessions: ({ sessions }) => {
    sessions.endAll();
    return {};
  },
  // Sessions live until ended or idle for `logicalSessionTimeoutMinutes`; nothing to refresh.
  refreshSessions: () => ({}),
};
