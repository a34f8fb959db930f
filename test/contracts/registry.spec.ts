import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import {
  ALL_CONTRACTS,
  DATABASE_CONTRACTS,
  DATABASES,
  KEY_VALUE_STORE_CONTRACTS,
  KEY_VALUE_STORES,
  type ContractRun,
} from './registry';

/**
 * A contract suite that nothing runs passes silently, so this checks, without running them, that
 * every suite is listed in registry.ts, that every adapter has a runner describing every listed
 * suite for it, and that Jest's configurations run those runners.
 */

const ROOT = join(__dirname, '..', '..');
const path = (file: string) => relative(ROOT, file);

function filesUnder(dir: string, wanted: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = join(dir, entry.name);
    if (entry.isDirectory())
      return ['node_modules', 'dist'].includes(entry.name) ? [] : filesUnder(file, wanted);
    return wanted(entry.name) ? [file] : [];
  });
}

const contractFiles = ['src', 'libs', 'apps', 'test', 'tools'].flatMap((dir) =>
  filesUnder(join(ROOT, dir), (name) => name.endsWith('.contract.ts')),
);
const runners = readdirSync(__dirname)
  .filter((name) => name.endsWith('.contracts.spec.ts'))
  .map((name) => join(__dirname, name));

const JEST_GLOBALS = ['describe', 'it', 'test', 'beforeAll', 'afterAll', 'beforeEach', 'afterEach'];

/**
 * What loading `runner` describes, with Jest's functions replaced by ones that run nothing, in a
 * module registry of its own, and TEST_MONGODB_URL set so that the MongoDB runner does not skip.
 */
function contractsDescribedBy(runner: string): ContractRun[] {
  const scope = globalThis as unknown as Record<string, unknown>;
  const saved = JEST_GLOBALS.map((name) => [name, scope[name]] as const);
  const mongoUrl = process.env.TEST_MONGODB_URL;
  const nothing = Object.assign(() => undefined, {
    skip: () => undefined,
    only: () => undefined,
    todo: () => undefined,
    each: () => () => undefined,
  });
  let described: ContractRun[] = [];
  process.env.TEST_MONGODB_URL = mongoUrl ?? 'mongodb://127.0.0.1:1/registry-check';
  for (const name of JEST_GLOBALS) scope[name] = nothing;
  try {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const registry = require('./registry') as typeof import('./registry');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(runner);
      described = [...registry.contractsRun];
    });
  } finally {
    for (const [name, value] of saved) scope[name] = value;
    if (mongoUrl === undefined) delete process.env.TEST_MONGODB_URL;
    else process.env.TEST_MONGODB_URL = mongoUrl;
  }
  return described;
}

describe('the contract suites', () => {
  it('all live in test/contracts', () => {
    const elsewhere = contractFiles.filter((file) => !path(file).startsWith('test/contracts/'));
    expect(elsewhere.map(path)).toEqual([]);
    expect(contractFiles.length).toBeGreaterThan(0);
  });

  it('are each listed in the registry: every function a *.contract.ts file exports', () => {
    const unlisted: string[] = [];
    let exported = 0;
    for (const file of contractFiles) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exports = require(file) as Record<string, unknown>;
      for (const [name, value] of Object.entries(exports)) {
        if (typeof value !== 'function') continue;
        exported += 1;
        if (!/^describe\w+Contract$/.test(name))
          unlisted.push(`${path(file)}: ${name} (a name not describe…Contract)`);
        else if (!ALL_CONTRACTS.includes(value as (typeof ALL_CONTRACTS)[number]))
          unlisted.push(`${path(file)}: ${name}`);
      }
    }
    expect(unlisted).toEqual([]);
    expect(exported).toBe(ALL_CONTRACTS.length);
  });

  it('are not compiled into the production build, nor any test, fixture or testing file', () => {
    // What `tsc -p tsconfig.build.json --listFilesOnly` lists: the files the exclusions leave
    // and every file they import.
    const config = ts.getParsedCommandLineOfConfigFile(
      join(ROOT, 'tsconfig.build.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
          throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
        },
      },
    )!;
    const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
    const built = program
      .getSourceFiles()
      .map((file) => path(file.fileName))
      .filter((file) => !file.startsWith('node_modules/'));
    expect(built.length).toBeGreaterThan(100);
    expect(
      built.filter((file) =>
        /^test\/|(^|\/)(testing|fixtures)\/|\.(spec|e2e-spec|contract|fixture)\.ts$/.test(file),
      ),
    ).toEqual([]);
  });

  it('are run through the registry: no runner imports a suite itself', () => {
    const direct = runners.filter((runner) =>
      /from '[^']*\.contract'/.test(readFileSync(runner, 'utf8')),
    );
    expect(direct.map(path)).toEqual([]);
  });
});

describe('the runners', () => {
  let described: Map<string, ContractRun[]>;
  beforeAll(() => {
    described = new Map(runners.map((runner) => [runner, contractsDescribedBy(runner)]));
  });
  const runnersOf = (adapter: string) =>
    runners.filter((runner) => described.get(runner)!.some((run) => run.adapter === adapter));

  const families = [
    {
      adapters: DATABASES,
      contracts: Object.values(DATABASE_CONTRACTS).flat(),
    },
    { adapters: KEY_VALUE_STORES, contracts: KEY_VALUE_STORE_CONTRACTS },
  ];

  it.each(
    families.flatMap(({ adapters, contracts }) =>
      adapters.map((adapter) => ({ adapter, contracts })),
    ),
  )('describe every listed suite for $adapter, from one runner', ({ adapter, contracts }) => {
    const [runner, ...others] = runnersOf(adapter);
    expect(runner && path(runner)).toBeDefined();
    expect(others.map(path)).toEqual([]);
    const suites = described
      .get(runner)!
      .filter((run) => run.adapter === adapter)
      .map((run) => run.contract);
    expect(suites.sort()).toEqual(contracts.map((contract) => contract.name).sort());
  });

  it('describe only the adapters the registry knows', () => {
    const known: readonly string[] = [...DATABASES, ...KEY_VALUE_STORES];
    const unknown = [...described.values()].flat().filter((run) => !known.includes(run.adapter));
    expect(unknown).toEqual([]);
  });

  it('each describe something', () => {
    expect(runners.filter((runner) => described.get(runner)!.length === 0).map(path)).toEqual([]);
  });

  /** The runners `npm test` leaves out, its configuration read with TEST_MONGODB_URL as given. */
  function notRunByNpmTest(mongoUrl: string | undefined): string[] {
    const saved = process.env.TEST_MONGODB_URL;
    if (mongoUrl === undefined) delete process.env.TEST_MONGODB_URL;
    else process.env.TEST_MONGODB_URL = mongoUrl;
    let config = { roots: [] as string[], testRegex: '', testPathIgnorePatterns: [] as string[] };
    try {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        config = require(join(ROOT, 'jest.config.js')) as typeof config;
      });
    } finally {
      if (saved === undefined) delete process.env.TEST_MONGODB_URL;
      else process.env.TEST_MONGODB_URL = saved;
    }
    return runners
      .filter(
        (runner) =>
          !config.roots.some((root) => runner.startsWith(`${root.replace('<rootDir>', ROOT)}/`)) ||
          !new RegExp(config.testRegex).test(runner) ||
          config.testPathIgnorePatterns.some((pattern) => new RegExp(pattern).test(runner)),
      )
      .map(path);
  }

  it('all run in npm test when TEST_MONGODB_URL is set', () => {
    expect(notRunByNpmTest('mongodb://127.0.0.1:1/registry-check')).toEqual([]);
  });

  it('all but the MongoDB one run in npm test without TEST_MONGODB_URL (the one allowed skip)', () => {
    expect(notRunByNpmTest(undefined)).toEqual(runnersOf('MongoDB').map(path));
  });

  it('include the MongoDB one in npm run test:mongo, which filters no test by name', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const config = require(join(ROOT, 'jest.mongo.config.js')) as {
      testMatch: string[];
      testNamePattern?: string;
    };
    const [mongoRunner] = runnersOf('MongoDB');
    expect(config.testMatch).toContain(`<rootDir>/${path(mongoRunner)}`);
    expect(config.testNamePattern).toBeUndefined();
  });
});
