/**
 * The baseline: a bare Socket.IO relay of the same shape as the app's pipeline (same events, rooms
 * and fan-out, same payload and acknowledgement), with no auth, no validation and no persistence.
 * Each connection names its rooms in the handshake (`auth.rooms`).
 */
'use strict';
// Plain JavaScript on purpose: run by bare `node`, so its memory and CPU are only the relay's.
const { createServer } = require('node:http');
const { Server } = require('socket.io');

const port = Number(process.env.PORT ?? 0);
const http = createServer((req, res) => {
  res.writeHead(req.url === '/health' ? 200 : 404).end();
});
const io = new Server(http, { maxHttpBufferSize: 64 * 1024, serveClient: false });
let seq = 0;

io.on('connection', (socket) => {
  const rooms = socket.handshake.auth.rooms ?? [];
  void socket.join(rooms);
  socket.on('message:send', (payload, ack) => {
    seq += 1;
    const message = {
      id: String(seq),
      chatId: payload.chatId,
      seq,
      senderId: socket.id,
      clientMessageId: payload.clientMessageId,
      kind: 'text',
      text: payload.text,
      mediaId: null,
      media: null,
      system: null,
      createdAt: new Date().toISOString(),
    };
    ack({ ok: true, data: message });
    io.to(payload.chatId).emit('message:new', { message });
  });
});

// The same accept queue as the app (libs/http/src/listen.ts), so a reconnect storm meets the same kernel.
http.listen({ port, host: '127.0.0.1', backlog: 4096 }, () => {
  const address = http.address();
  process.send?.({ listening: typeof address === 'object' && address ? address.port : port });
});
process.on('SIGTERM', () => {
  void io.close();
  http.close(() => process.exit(0));
});
