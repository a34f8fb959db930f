import { MESSAGE_METADATA } from '@nestjs/websockets/constants';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_EVENTS, MAX_MENTIONS } from '@app/contracts';
import { ChatGateway } from '../src/chat/socket/chat.gateway';
import { MessageChangesGateway } from '../src/chat/socket/message-changes.gateway';
import { REALTIME_DOC_PATH, renderRealtimeDocs } from './realtime-docs';
import { PAYLOAD_DTOS } from './realtime-docs-payloads';

const GATEWAYS = ['chat.gateway.ts', 'message-changes.gateway.ts'].map((file) =>
  join(__dirname, '..', 'src', 'chat', 'socket', file),
);

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

  it("takes each event's field table from the DTO its gateway handler validates the payload with", () => {
    const validated = Object.fromEntries(
      GATEWAYS.flatMap((file) =>
        [
          ...readFileSync(file, 'utf8').matchAll(
            /@SubscribeMessage\('([^']+)'\)[\s\S]*?validatePayload\((\w+),/g,
          ),
        ].map(([, event, dto]) => [event, dto]),
      ),
    );
    const documented = Object.fromEntries(
      Object.entries(PAYLOAD_DTOS).map(([event, dto]) => [event, dto.name]),
    );
    expect(documented).toEqual(validated);
  });

  it('lists every field of `message:send`, replies and mentions included, with type, need and limits', () => {
    const page = renderRealtimeDocs();
    const send = page.slice(page.indexOf('### `message:send`'), page.indexOf('### `message:edit`'));
    expect(send).toContain('| `clientMessageId` | string | yes |');
    expect(send).toMatch(/\| `replyToSeq` \| integer \| no \| at least 1; /);
    expect(send).toContain(
      `| \`mentions\` | UUID[] | no | at most ${MAX_MENTIONS} items; no repeats |`,
    );
  });
});
