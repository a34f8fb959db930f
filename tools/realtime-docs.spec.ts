import { MESSAGE_METADATA } from '@nestjs/websockets/constants';
import { readFileSync } from 'node:fs';
import { CLIENT_EVENTS } from '@app/contracts';
import { ChatGateway } from '../src/chat/socket/chat.gateway';
import { MessageChangesGateway } from '../src/chat/socket/message-changes.gateway';
import { REALTIME_DOC_PATH, renderRealtimeDocs } from './realtime-docs';

describe('The real-time protocol documentation', () => {
  it('is up to date with the typed catalogue (run `npm run docs:realtime`)', () => {
    expect(readFileSync(REALTIME_DOC_PATH, 'utf8')).toBe(renderRealtimeDocs());
  });

  it('documents exactly the events the gateways handle', () => {
    const handled = [ChatGateway, MessageChangesGateway]
      .flatMap((gateway) => {
        const prototype = gateway.prototype as unknown as Record<string, unknown>;
        return Object.getOwnPropertyNames(prototype).map(
          (method) => Reflect.getMetadata(MESSAGE_METADATA, prototype[method] as object) as unknown,
        );
      })
      .filter((event): event is string => typeof event === 'string')
      .sort();
    expect(handled).toEqual(Object.keys(CLIENT_EVENTS).sort());
  });
});
