/**
 * Preloaded (`-r`) into the relay and the app by the harness, with `--expose-gc`: on the message
 * "collect-garbage" from the harness it runs a full collection and answers "garbage-collected", so
 * memory readings compare live data, not garbage left over from startup.
 */
'use strict';
process.on('message', (message) => {
  if (message !== 'collect-garbage' || typeof globalThis.gc !== 'function') return;
  globalThis.gc();
  process.send?.('garbage-collected');
});
// Listening for messages must not keep a server alive after it has closed.
process.channel?.unref();
