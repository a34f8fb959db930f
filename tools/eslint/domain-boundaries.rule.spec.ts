import * as tsParser from '@typescript-eslint/parser';
import { RuleTester } from 'eslint';
import { join } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
import rule = require('./domain-boundaries.rule.cjs');

const root = join(__dirname, '..', '..');
const file = (path: string) => join(root, path);

RuleTester.describe = describe;
RuleTester.it = it;

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
  ],
});
