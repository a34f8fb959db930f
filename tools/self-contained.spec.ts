import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

/**
 * The repository stands alone: code, tests and docs cite `docs/architecture.md` (and the pages it
 * links to), never a document that someone who clones the project does not get. This check lists
 * the tracked files and fails, naming file and line, on any path out of the repository into a
 * sibling `shared` folder or any citation of the old design document by name or section; and on a
 * citation of `docs/architecture.md#…` whose heading does not exist.
 */
const ROOT = resolve(__dirname, '..');
const CHECKED = [
  'src',
  'libs',
  'apps',
  'test',
  'tools',
  'docs',
  'bench',
  'deploy',
  'README.md',
  'docker-compose.yml',
  '.env.example',
];
const ARCHITECTURE = 'docs/architecture.md';

/** Written so that this file's own source matches none of them. */
const OUTSIDE_REFERENCES = [/\.\.\/shar[e]d\b/, /\bdesign\.md\b/i, /\bDESIG[N](?:\s*§|\s+\d)/];
const ARCHITECTURE_ANCHOR = /architecture\.md#([\w-]+)/g;

/** Folders that hold build output, dependencies or run results, never sources (the tree walk). */
const NOT_SOURCES = new Set(['node_modules', 'dist', 'data', 'coverage', 'results', '.git']);

/** The tracked files under CHECKED; without git (an exported tree), every file found there. */
function checkedFiles(): string[] {
  let listed: string[];
  try {
    listed = execFileSync('git', ['ls-files', '-z', '--', ...CHECKED], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    })
      .split('\0')
      .filter(Boolean);
  } catch {
    listed = CHECKED.flatMap((path) => walk(path));
  }
  // A file deleted in the work tree but not yet in the index is gone.
  return listed.filter(
    (path) => existsSync(join(ROOT, path)) && statSync(join(ROOT, path)).isFile(),
  );
}

function walk(path: string): string[] {
  const full = join(ROOT, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full)
    .filter((name) => !NOT_SOURCES.has(name))
    .flatMap((name) => walk(join(path, name).split(sep).join('/')));
}

/** Text files only: a NUL byte means binary (an image, a font). */
function readText(path: string): string | null {
  const content = readFileSync(join(ROOT, path));
  return content.includes(0) ? null : content.toString('utf8');
}

/** `file:line: text` for every line that points outside the repository. */
function outsideReferences(path: string, text: string): string[] {
  return text
    .split('\n')
    .flatMap((line, index) =>
      OUTSIDE_REFERENCES.some((pattern) => pattern.test(line))
        ? [`${path}:${index + 1}: ${line.trim()}`]
        : [],
    );
}

/** The anchors GitHub gives a markdown page's headings (fenced code skipped, repeats numbered). */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const slug = heading[1]
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const repeat = seen.get(slug) ?? 0;
    seen.set(slug, repeat + 1);
    anchors.add(repeat === 0 ? slug : `${slug}-${repeat}`);
  }
  return anchors;
}

/** Relative links of a markdown page whose file, or heading, is missing. */
function brokenLinks(path: string, markdown: string): string[] {
  const broken: string[] = [];
  markdown.split('\n').forEach((line, index) => {
    for (const [, target] of line.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target)) continue;
      const [file, anchor] = target.split('#');
      const resolved = file ? join(dirname(path), file) : path;
      const full = join(ROOT, resolved);
      const missing = !existsSync(full)
        ? 'no such file'
        : anchor &&
            resolved.endsWith('.md') &&
            !headingAnchors(readFileSync(full, 'utf8')).has(anchor)
          ? 'no such heading'
          : null;
      if (missing) broken.push(`${path}:${index + 1}: ${target} (${missing})`);
    }
  });
  return broken;
}

describe('The repository stands alone', () => {
  const files = checkedFiles();
  const texts = files.flatMap((path) => {
    const text = readText(path);
    return text === null ? [] : [{ path, text }];
  });

  it('finds the files it checks', () => {
    const paths = new Set(files);
    for (const path of [ARCHITECTURE, 'README.md', 'src/chat/socket/chat.gateway.ts']) {
      expect(paths).toContain(path);
    }
  });

  it('cites no document outside the repository', () => {
    expect(texts.flatMap(({ path, text }) => outsideReferences(path, text))).toEqual([]);
  });

  it('cites only headings that docs/architecture.md has', () => {
    const anchors = headingAnchors(readFileSync(join(ROOT, ARCHITECTURE), 'utf8'));
    const unknown = texts.flatMap(({ path, text }) =>
      text
        .split('\n')
        .flatMap((line, index) =>
          [...line.matchAll(ARCHITECTURE_ANCHOR)]
            .filter(([, anchor]) => !anchors.has(anchor))
            .map(([cited]) => `${path}:${index + 1}: ${cited}`),
        ),
    );
    expect(unknown).toEqual([]);
  });

  it('links docs/architecture.md only to files and headings that exist', () => {
    expect(brokenLinks(ARCHITECTURE, readFileSync(join(ROOT, ARCHITECTURE), 'utf8'))).toEqual([]);
  });
});

describe('What counts as a reference outside the repository', () => {
  // Built from pieces so that this file does not cite them itself.
  const design = 'DES' + 'IGN';
  const shared = '..' + '/shared';

  it.each([
    `The contract is in \`${shared}/${design}.md\`.`,
    `import x from '${shared}';`,
    `// Stored, then acknowledged (${design} 4.1).`,
    `(${design}.md section 6)`,
    `(${design} §6: "bad input")`,
    `see ${design.toLowerCase()}.md`,
  ])('flags %s', (line) => {
    expect(outsideReferences('x.ts', `first line\n${line}`)).toEqual([`x.ts:2: ${line}`]);
  });

  it.each([
    `${design}ED by the team`,
    'the design of rooms',
    'masked as a client must (RFC 6455 §5.3)',
    '(docs/architecture.md#persist-then-ack-then-fan-out)',
    ['libs', 'shared', 'keys.ts'].join('/'),
  ])('lets %s through', (line) => {
    expect(outsideReferences('x.ts', line)).toEqual([]);
  });

  it('knows the anchors GitHub gives headings', () => {
    const anchors = headingAnchors(
      [
        '# Architecture',
        '### Persist, then ack, then fan out',
        '## Change 4: group commit (issue 18)',
        '```',
        '# not a heading',
        '```',
        '## Faults',
        '## Faults',
      ].join('\n'),
    );
    expect([...anchors]).toEqual([
      'architecture',
      'persist-then-ack-then-fan-out',
      'change-4-group-commit-issue-18',
      'faults',
      'faults-1',
    ]);
  });
});
