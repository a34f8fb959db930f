import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';

/**
 * One naming convention for the classes Nest wires (docs/architecture.md#naming): a file is named
 * after the class it exports, in kebab-case. When the class is one of Nest's roles, the role is the
 * file's dot suffix (`ChatsService` in `chats.service.ts`, `ChatGateway` in `chat.gateway.ts`);
 * any other class is its name alone (`ChatAccess` in `chat-access.ts`, `SendPipeline` in
 * `send-pipeline.ts`). So a file's name tells its class, and a class's name its file.
 */
const ROOT = resolve(__dirname, '..');
const SOURCES = ['src', 'libs', 'apps'];
const ROLES = [
  'service',
  'controller',
  'gateway',
  'module',
  'repository',
  'guard',
  'interceptor',
  'filter',
  'pipe',
];
/** Decorators that make a class something Nest builds or wires. */
const WIRED = /@(Injectable|Controller|WebSocketGateway|Module|Catch)\(/;
const EXPORTED_CLASS = /export (?:abstract )?class (\w+)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.(spec|e2e-spec)\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** `ChatsService` → `chats.service`; `SendPipeline` → `send-pipeline`; `BullMqMailQueue` → `bull-mq-mail-queue`. */
export function expectedFileName(className: string): string {
  const words = className.split(/(?<=[a-z0-9])(?=[A-Z])/).map((word) => word.toLowerCase());
  const last = words.at(-1) ?? '';
  if (words.length > 1 && ROLES.includes(last)) return `${words.slice(0, -1).join('-')}.${last}`;
  return words.join('-');
}

/** Names compared without dashes, so that a product name may stay one word (`bullmq-mail-queue`). */
const sameName = (file: string, expected: string) =>
  file.replace(/-/g, '') === expected.replace(/-/g, '');

describe('File names (docs/architecture.md#naming)', () => {
  it('derives the expected name from the class', () => {
    expect(expectedFileName('ChatsService')).toBe('chats.service');
    expect(expectedFileName('ChatGateway')).toBe('chat.gateway');
    expect(expectedFileName('SqlMessagesRepository')).toBe('sql-messages.repository');
    expect(expectedFileName('ChatAccess')).toBe('chat-access');
    expect(expectedFileName('MessageRateLimiter')).toBe('message-rate-limiter');
  });

  it('names every file of a class Nest wires after that class', () => {
    const misnamed: string[] = [];
    for (const file of SOURCES.flatMap((dir) => sourceFiles(join(ROOT, dir)))) {
      const source = readFileSync(file, 'utf8');
      if (!WIRED.test(source)) continue;
      const name = basename(file).replace(/\.tsx?$/, '');
      const classes = [...source.matchAll(EXPORTED_CLASS)].map((match) => match[1]);
      if (!classes.some((className) => sameName(name, expectedFileName(className)))) {
        const expected = classes.map((c) => `${expectedFileName(c)}.ts`).join(' or ');
        misnamed.push(`${relative(ROOT, file)}: expected ${expected}`);
      }
    }
    expect(misnamed).toEqual([]);
  });
});
