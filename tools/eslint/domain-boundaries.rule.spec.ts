import * as tsParser from '@typescript-eslint/parser';
import { RuleTester } from 'eslint';
import { join } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
import rule = require('./domain-boundaries.rule.cjs');

const root = join(__dirname, '..', '..');
const file = (path: string) => join(root, path);

RuleTester.describe = describe;
RuleTester.it = it;

/** The error of an import from the `from` layer of a domain up to its `to` layer. */
const upward = (from: string, to: string, source: string, domain = 'chat') => ({
  messageId: 'upward',
  data: { domain, from, to, source },
});

const tester = new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: 'module' } });

tester.run('domain-boundaries', rule, {
  valid: [
    {
      filename: file('src/users/users.service.ts'),
      code: "import { x } from './persistence/users.repository';",
    },
    {
      filename: file('src/users/auth/otp.service.ts'),
      code: "import { x } from '../users.service';",
    },
    {
      filename: file('src/chat/chat.service.ts'),
      code: "import { UserDirectory } from '@app/contracts';",
    },
    {
      filename: file('src/app.module.ts'),
      code: "import { UsersModule } from './users/users.module';",
    },
    { filename: file('libs/kv/src/kv.module.ts'), code: "import { x } from '@app/config';" },
    {
      filename: file('src/chat/chats.service.ts'),
      code: "import { x } from '@src/chat/persistence/chat.repositories';",
    },
    {
      filename: file('src/app.module.ts'),
      code: "import { UsersModule } from '@src/users/users.module';",
    },
    {
      filename: file('test/chat-rest.e2e-spec.ts'),
      code: "import { createApp } from '../src/create-app';",
    },
    {
      filename: file('libs/testing/src/test-app.ts'),
      code: "import request from 'supertest'; import { NestFactory } from '@nestjs/core';",
    },
    // Layers inside a domain: downwards, or within one layer.
    {
      filename: file('src/chat/http/chats.controller.ts'),
      code: "import { ChatsService } from '../chats.service'; import { X } from '../dto/chat-responses.dto';",
    },
    {
      // The edge may reach the fan-out below the services: the socket edge hands it the server.
      filename: file('src/chat/socket/chat.gateway.ts'),
      code: "import { MessagesService } from '../messages.service'; import { chatRoom } from '../fanout/rooms';",
    },
    {
      filename: file('src/chat/messages.service.ts'),
      code: "import { P } from './fanout/realtime-publisher'; import { R } from '@src/chat/persistence/chats.repository';",
    },
    {
      // reminders/ is a folder of the services layer.
      filename: file('src/chat/reminders/mention-reminders.ts'),
      code: "import { PresenceService } from '../presence.service';",
    },
    {
      filename: file('src/chat/presence.service.ts'),
      code: "import { UnreadReminders } from './reminders/unread-reminders';",
    },
    {
      filename: file('src/chat/fanout/realtime-publisher.ts'),
      code: "import { chatRoom } from './rooms'; import type { ChatServer } from './chat-socket';",
      languageOptions: { parser: tsParser },
    },
    {
      filename: file('src/chat/persistence/sql/sql-chats.repository.ts'),
      code: "import { ChatsRepository } from '../chats.repository'; import { chats } from './chats.table';",
    },
    {
      // The module wires every layer.
      filename: file('src/chat/chat.module.ts'),
      code: "import { G } from './socket/chat.gateway'; import { R } from './persistence/sql/sql-chats.repository';",
    },
    {
      filename: file('src/chat/socket/chat.gateway.spec.ts'),
      code: "import { ChatGateway } from './chat.gateway';",
    },
    {
      // Outside the domains nothing is layered: tests may reach any file.
      filename: file('test/chat-realtime.e2e-spec.ts'),
      code: "import { ChatsRepository } from '../src/chat/persistence/chats.repository';",
    },
    {
      filename: file('src/media/persistence/mongo/mongo-media.repository.ts'),
      code: "import { MediaRepository } from '../media.repository';",
    },
  ],
  invalid: [
    {
      filename: file('src/chat/chat.service.ts'),
      code: "import { UsersService } from '../users/users.service';",
      errors: [{ messageId: 'crossDomain' }],
    },
    {
      filename: file('src/users/auth/otp.service.ts'),
      code: "export { render } from '../../mail/templates/otp.template';",
      errors: [{ messageId: 'crossDomain' }],
    },
    {
      filename: file('src/media/media.service.ts'),
      code: "const chat = require('../chat/chat.module'); const mail = import('../mail/mail.module');",
      errors: [{ messageId: 'crossDomain' }, { messageId: 'crossDomain' }],
    },
    {
      filename: file('libs/contracts/src/index.ts'),
      code: "export * from '../../../src/users/users.mapper';",
      errors: [{ messageId: 'libImportsDomain' }],
    },
    {
      filename: file('src/chat/chats.service.ts'),
      code: "import { UsersService } from '@src/users/users.service';",
      errors: [
        {
          messageId: 'crossDomain',
          data: { from: 'chat', to: 'users', source: '@src/users/users.service' },
        },
      ],
    },
    {
      // A domain's folder as a whole (its index) belongs to that domain too.
      filename: file('src/chat/chats.service.ts'),
      code: "export * from '@src/mail';",
      errors: [{ messageId: 'crossDomain' }],
    },
    {
      // The tsconfig baseUrl makes `src/…` resolve without an alias.
      filename: file('src/media/media.service.ts'),
      code: "import { ChatModule } from 'src/chat/chat.module';",
      errors: [{ messageId: 'crossDomain' }],
    },
    {
      filename: file('libs/contracts/src/index.ts'),
      code: "import { UsersService } from '@src/users/users.service';",
      errors: [{ messageId: 'libImportsDomain' }],
    },
    {
      filename: file('libs/testing/src/test-app.ts'),
      code: "import { createApp } from '../../../src/create-app';",
      errors: [{ messageId: 'libImportsApp' }],
    },
    {
      filename: file('libs/testing/src/test-app.ts'),
      code: "import { AppModule } from '@src/app.module'; const m = import('@src/main');",
      errors: [{ messageId: 'libImportsApp' }, { messageId: 'libImportsApp' }],
    },
    {
      filename: file('src/chat/chats.service.ts'),
      code: "import users = require('@src/users/users.service'); type Mail = typeof import('../mail/mail.module');",
      languageOptions: { parser: tsParser },
      errors: [{ messageId: 'crossDomain' }, { messageId: 'crossDomain' }],
    },
    // Layers inside a domain: nothing imports a layer above its own.
    {
      filename: file('src/chat/persistence/chats.repository.ts'),
      code: "import { MessagesService } from '../messages.service';",
      errors: [upward('persistence', 'services', '../messages.service')],
    },
    {
      // A test that imports upwards fails like any other file, here through the alias.
      filename: file('src/chat/persistence/sql/group-commit.spec.ts'),
      code: "import { MessagesService } from '@src/chat/messages.service';",
      errors: [upward('persistence', 'services', '@src/chat/messages.service')],
    },
    {
      filename: file('src/chat/messages.service.ts'),
      code: "import { MessagesController } from './http/messages.controller'; import { a } from './socket/ws-ack';",
      errors: [
        upward('services', 'edge', './http/messages.controller'),
        upward('services', 'edge', './socket/ws-ack'),
      ],
    },
    {
      // Type-only imports count: a type two layers share lives in the lower one.
      filename: file('src/chat/fanout/realtime-publisher.ts'),
      code: "import type { ChatsService } from '../chats.service'; type G = typeof import('../socket/chat.gateway');",
      languageOptions: { parser: tsParser },
      errors: [
        upward('fanout', 'services', '../chats.service'),
        upward('fanout', 'edge', '../socket/chat.gateway'),
      ],
    },
    {
      filename: file('src/chat/reminders/unread-reminders.ts'),
      code: "const sessions = require('../socket/socket-sessions');",
      errors: [upward('services', 'edge', '../socket/socket-sessions')],
    },
    {
      filename: file('src/chat/persistence/mongo/mongo-chats.repository.ts'),
      code: "export * from '../../fanout/rooms';",
      errors: [upward('persistence', 'fanout', '../../fanout/rooms')],
    },
    {
      // Only the app imports a domain's module.
      filename: file('src/chat/chats.service.ts'),
      code: "import { ChatModule } from './chat.module';",
      errors: [upward('services', 'module', './chat.module')],
    },
    {
      // The baseUrl form, in another domain: every domain has the same layers.
      filename: file('src/media/persistence/mongo/mongo-media.repository.ts'),
      code: "import { toMediaView } from 'src/media/media.mapper';",
      errors: [upward('persistence', 'services', 'src/media/media.mapper', 'media')],
    },
    {
      // The edge calls services; it does not reach past them to the repositories.
      filename: file('src/chat/socket/chat.gateway.ts'),
      code: "import { ChatsRepository } from '../persistence/chats.repository';",
      errors: [{ messageId: 'edgeSkipsServices' }],
    },
    {
      filename: file('src/chat/http/chats.controller.ts'),
      code: "import type { ChatRecord } from '@src/chat/persistence/chat.records';",
      languageOptions: { parser: tsParser },
      errors: [{ messageId: 'edgeSkipsServices' }],
    },
  ],
});
