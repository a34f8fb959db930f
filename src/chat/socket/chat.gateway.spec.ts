import { MetadataScanner } from '@nestjs/core';
import { GatewayMetadataExplorer } from '@nestjs/websockets/gateway-metadata-explorer';
import type { ClientToServerEvents } from '@app/contracts';
import { ChatGateway } from './chat.gateway';
import { MessageChangesGateway } from './message-changes.gateway';

/**
 * ChatIoAdapter never sends a handler's return value: every handler sends its own ack through
 * `@Ack()`. This reads the gateway the way Nest's dispatch does, so it fails if Nest stops
 * marking such handlers, or if a handler is added without `@Ack()` (its sender would wait forever).
 */
describe('The gateways as Nest dispatches them', () => {
  const explorer = new GatewayMetadataExplorer(new MetadataScanner());
  const handlers = [
    ...explorer.explore(Object.create(ChatGateway.prototype) as ChatGateway),
    ...explorer.explore(Object.create(MessageChangesGateway.prototype) as ChatGateway),
  ];

  it('handles exactly the client events of the contract', () => {
    const events: Record<keyof ClientToServerEvents, true> = {
      'message:send': true,
      'message:edit': true,
      'message:delete': true,
      'reaction:add': true,
      'reaction:remove': true,
      'preview:remove': true,
      'message:read': true,
      'message:delivered': true,
      'typing:start': true,
      'typing:stop': true,
      'chat:sync': true,
      'presence:get': true,
      'auth:renew': true,
      'client:visibility': true,
    };
    expect(handlers.map((h) => String(h.message)).sort()).toEqual(Object.keys(events).sort());
  });

  it('marks every handler as sending its own acknowledgement', () => {
    expect(handlers.filter((h) => !h.isAckHandledManually).map((h) => h.message)).toEqual([]);
  });
});
