// What `ts-node/register` with TS_NODE_TRANSPILE_ONLY does for the app under attack, plus a disk
// cache of the output keyed by the source. A boot spends about 40% of its CPU in the TypeScript
// compiler; the adversarial suites boot the app several times per run (one per suite, and again
// after every crash), on two shared cores. Only changed files are transpiled again, and the
// compiler is not even loaded when nothing changed. Stack traces keep pointing at the .ts lines
// (inline source maps; the child runs with --enable-source-maps).
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..', '..');
const CACHE = join(tmpdir(), 'chat-adversarial-ts-cache');
const TS_VERSION = require('typescript/package.json').version;
const { compilerOptions } = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8'));

// The project's options, emitted as CommonJS (what ts-node emits here, the package having no
// "type": "module"); paths are resolved at run time by tsconfig-paths.
const options = {
  ...compilerOptions,
  module: 'commonjs',
  moduleResolution: 'node10',
  resolvePackageJsonExports: undefined,
  sourceMap: false,
  inlineSourceMap: true,
  inlineSources: false,
  declaration: false,
  noEmit: false,
  paths: undefined,
  baseUrl: undefined,
  // Source maps relative to the .ts file itself, so stack traces name the real path.
  outDir: undefined,
  rootDir: undefined,
};
const optionsKey = JSON.stringify(options) + TS_VERSION;

let ts;
mkdirSync(CACHE, { recursive: true });

function transpile(source, fileName) {
  const key = createHash('sha256').update(optionsKey).update(fileName).update(source).digest('hex');
  const cached = join(CACHE, `${key}.js`);
  try {
    return readFileSync(cached, 'utf8');
  } catch {
    ts ??= require('typescript');
    const { outputText } = ts.transpileModule(source, {
      fileName,
      compilerOptions: ts.convertCompilerOptionsFromJson(options, ROOT).options,
    });
    // Written aside and renamed: two suites booting at once never read half a file.
    const partial = `${cached}.${process.pid}.tmp`;
    writeFileSync(partial, outputText);
    renameSync(partial, cached);
    return outputText;
  }
}

require.extensions['.ts'] = (module, fileName) => {
  module._compile(transpile(readFileSync(fileName, 'utf8'), fileName), fileName);
};
