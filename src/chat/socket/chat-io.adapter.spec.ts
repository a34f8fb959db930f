import { EventEmitter } from 'node:events';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { of } from 'rxjs';
import type { Socket } from 'socket.io';
import type { AppConfig } from '@app/config';
import { ChatIoAdapter } from './chat-io.adapter';

/** A socket as the adapter sees it: client events come in through the emitter. */
class FakeSocket extends EventEmitter {
  readonly sent: Array<[string, unknown]> = [];
  private readonly anyListeners: Array<(event: string, ...args: unknown[]) => void> = [];

  onAny(listener: (event: string, ...args: unknown[]) => void): void {
    this.anyListeners.push(listener);
  }

  receive(event: string, ...args: unknown[]): void {
    this.anyListeners.forEach((listener) => listener(event, ...args));
    super.emit(event, ...args);
  }

  override emit(event: string, data?: unknown): boolean {
    this.sent.push([event, data]);
    return true;
  }
}

function bind(handlers: Array<Partial<MessageMappingProperties>>): FakeSocket {
  const adapter = new ChatIoAdapter(
    undefined as never,
    { kv: { kind: 'memory' }, http: { rateLimitPerMinute: 300 } } as AppConfig,
  );
  const socket = new FakeSocket();
  adapter.bindMessageHandlers(
    socket as unknown as Socket,
    handlers.map((h) => ({ isAckHandledManually: true, ...h }) as MessageMappingProperties),
    () => of(null),
  );
  return socket;
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('ChatIoAdapter handler binding', () => {
  it('calls the handler with the payload and the client ack callback, and sends nothing itself', async () => {
    const callback = jest.fn(() => Promise.resolve({ ok: true, data: 'ignored' }));
    const socket = bind([{ message: 'message:send', callback }]);
    const ack = jest.fn();
    socket.receive('message:send', { text: 'hi' }, ack);
    await settled();
    expect(callback).toHaveBeenCalledWith({ text: 'hi' }, ack);
    expect(ack).not.toHaveBeenCalled();
    expect(socket.sent).toEqual([]);
  });

  it('calls the handler without a callback when the client sent none', async () => {
    const callback = jest.fn();
    const socket = bind([{ message: 'typing:stop', callback }]);
    socket.receive('typing:stop', { chatId: 'c' });
    await settled();
    expect(callback).toHaveBeenCalledWith({ chatId: 'c' }, undefined);
  });

  it('survives a handler that throws at once or rejects', async () => {
    const socket = bind([
      {
        message: 'boom',
        callback: () => {
          throw new Error('boom');
        },
      },
      { message: 'later', callback: () => Promise.reject(new Error('later')) },
    ]);
    expect(() => socket.receive('boom', {}, jest.fn())).not.toThrow();
    expect(() => socket.receive('later', {}, jest.fn())).not.toThrow();
    await settled();
  });
});

describe('ChatIoAdapter unknown events', () => {
  it('answers an event no handler takes with not_found, so its sender is not left waiting', async () => {
    const callback = jest.fn((_data: unknown, ack: (value: unknown) => void) =>
      Promise.resolve(ack({ ok: true, data: null })),
    );
    const socket = bind([{ message: 'message:send', callback }]);
    const unknown = jest.fn();
    const known = jest.fn();
    socket.receive('MESSAGE:SEND', {}, unknown);
    socket.receive('message:send', {}, known);
    await settled();
    expect(unknown).toHaveBeenCalledWith({
      ok: false,
      error: { code: 'not_found', message: 'No such event' },
    });
    expect(known).toHaveBeenCalledWith({ ok: true, data: null });
    expect(callback).toHaveBeenCalledTimes(1);
  });
});
