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
  ],
});
