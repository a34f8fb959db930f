// The rule that keeps the split deployment possible (docs/architecture.md#module-boundaries): a
// domain module under src/ never imports another domain's files, and libs/ never import anything
// under src/ (neither a domain nor the app that composes them). Shared types and ports belong in
// libs/contracts (docs/architecture.md#ports).
// Inside a domain, folders are layers (docs/architecture.md#layers-inside-a-domain): the inbound
// edge (http/ and socket/), the services (the domain's top level and any other folder: reminders/,
// dto/, auth/, storage/, …), the outbound fan-out (fanout/) and persistence (persistence/, with its
// sql/ and mongo/), in that order. A file imports its own layer and the layers below it, never one
// above; the edge reaches persistence only through a service. The domain's module
// (<domain>/*.module.ts) wires every layer, and no file of the domain imports it. Specs are held to
// the same order, and type-only imports too: a type that two layers share lives in the lower one.
// Imports are checked whatever form they take: relative, through a tsconfig path alias such as
// `@src/*`, or bare from the tsconfig baseUrl.
const path = require('node:path');
const ts = require('typescript');

const DOMAINS = ['users', 'chat', 'mail', 'media', 'push'];
const ROOT = path.resolve(__dirname, '..', '..');

/** The folders directly under a domain that are layers of their own; any other is a service's. */
const LAYER_FOLDERS = {
  http: 'edge',
  socket: 'edge',
  fanout: 'fanout',
  persistence: 'persistence',
};
/** Top to bottom: a file may import its rank and those after it. */
const LAYER_ORDER = ['module', 'edge', 'services', 'fanout', 'persistence'];
const MODULE_FILE = /\.module(\.[cm]?[jt]sx?)?$/;

/**
 * The path aliases and baseUrl of the project's tsconfig.json, read once per lint run. The
 * TypeScript reader is used because tsconfig files may hold comments and trailing commas.
 * @returns {{ baseUrl: string | undefined, aliases: Array<{ prefix: string, suffix: string, wildcard: boolean, target: string }> }}
 */
function readTsconfig(root) {
  const file = path.join(root, 'tsconfig.json');
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  const options = (config && config.compilerOptions) || {};
  const baseUrl = options.baseUrl === undefined ? undefined : path.resolve(root, options.baseUrl);
  const aliases = Object.entries(options.paths || {})
    .filter(([, targets]) => Array.isArray(targets) && targets.length > 0)
    .map(([pattern, targets]) => {
      const star = pattern.indexOf('*');
      return {
        prefix: star === -1 ? pattern : pattern.slice(0, star),
        suffix: star === -1 ? '' : pattern.slice(star + 1),
        wildcard: star !== -1,
        target: targets[0],
      };
    });
  return { baseUrl, aliases };
}

let tsconfig;

/**
 * Where a non-relative import lands inside the project, the way TypeScript resolves it: the path
 * alias with the longest matching prefix wins; otherwise a name that starts with `src/` is taken
 * from the baseUrl. Package names (express, @nestjs/core, …) resolve to nothing.
 */
function resolveAliased(source, root) {
  tsconfig ??= readTsconfig(root);
  let best;
  for (const alias of tsconfig.aliases) {
    const matches = alias.wildcard
      ? source.length >= alias.prefix.length + alias.suffix.length &&
        source.startsWith(alias.prefix) &&
        source.endsWith(alias.suffix)
      : source === alias.prefix;
    if (matches && (!best || alias.prefix.length > best.prefix.length)) best = alias;
  }
  const base = tsconfig.baseUrl ?? root;
  if (best) {
    const captured = best.wildcard
      ? source.slice(best.prefix.length, source.length - best.suffix.length)
      : '';
    return path.resolve(base, best.target.replace('*', captured));
  }
  if (tsconfig.baseUrl !== undefined && (source === 'src' || source.startsWith('src/')))
    return path.resolve(base, source);
  return undefined;
}

/**
 * Which part of the project a path is in. A file directly in src/ (app.module.ts, create-app.ts)
 * is the app; an import target `src/chat` is the chat domain (its index), while the file being
 * linted must sit inside the domain folder to belong to it.
 * @returns {{ area: 'domain' | 'app' | 'lib' | 'other', name?: string, layer?: string }}
 */
function locate(file, root, isTarget) {
  const parts = path.relative(root, file).split(path.sep);
  if (parts[0] === 'src' && DOMAINS.includes(parts[1]) && parts.length > (isTarget ? 1 : 2))
    return { area: 'domain', name: parts[1], layer: layerOf(parts.slice(2)) };
  if (parts[0] === 'src') return { area: 'app' };
  if (parts[0] === 'libs') return { area: 'lib', name: parts[1] };
  return { area: 'other' };
}

/**
 * The layer of a path inside a domain, given the parts after `src/<domain>`: the folder's layer
 * (an import of `src/chat/fanout` is the fan-out's index), the module for a `*.module` file at the
 * domain's top, the services for the rest. Nothing for the domain folder itself.
 */
function layerOf(inside) {
  if (inside.length === 0) return undefined;
  const [first] = inside;
  if (Object.hasOwn(LAYER_FOLDERS, first)) return LAYER_FOLDERS[first];
  if (inside.length === 1 && MODULE_FILE.test(first)) return 'module';
  return 'services';
}

/** The module name of an import-like node, or undefined when it is not a plain string. */
function literal(node) {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  // `typeof import('…')` in typescript-eslint: the name sits in a TSLiteralType.
  if (node.type === 'TSLiteralType') return literal(node.literal);
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
module.exports = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'Forbid imports across domain modules (src/users, src/chat, src/mail, src/media, src/push), upwards between the layers of a domain, and from libs/ into src/',
    },
    messages: {
      crossDomain:
        "The {{from}} domain must not import the {{to}} domain's files ('{{source}}'): go through a port in libs/contracts (docs/architecture.md#ports).",
      upward:
        "In the {{domain}} domain, the {{from}} layer must not import the {{to}} layer above it ('{{source}}'): layers import downwards only, edge (http/, socket/) → services → fanout/ → persistence/, and only the module imports the module (docs/architecture.md#layers-inside-a-domain).",
      edgeSkipsServices:
        "In the {{domain}} domain, the edge must not import persistence ('{{source}}'): a controller or gateway calls a service, which calls the repository (docs/architecture.md#layers-inside-a-domain).",
      libImportsDomain:
        "libs/{{from}} must not import the {{to}} domain ('{{source}}'): libraries serve every app and know no domain.",
      libImportsApp:
        "libs/{{from}} must not import the app in src/ ('{{source}}'): libraries serve every app; let the caller pass what the library needs.",
    },
    schema: [],
  },
  create(context) {
    const root = ROOT;
    const file = context.filename;
    const self = locate(file, root, false);
    if (self.area !== 'domain' && self.area !== 'lib') return {};

    function check(node, source) {
      if (typeof source !== 'string') return;
      const resolved = source.startsWith('.')
        ? path.resolve(path.dirname(file), source)
        : resolveAliased(source, root);
      if (resolved === undefined) return;
      const target = locate(resolved, root, true);
      if (self.area === 'domain' && target.area === 'domain' && target.name !== self.name) {
        context.report({
          node,
          messageId: 'crossDomain',
          data: { from: self.name, to: target.name, source },
        });
      }
      if (
        self.area === 'domain' &&
        target.area === 'domain' &&
        target.name === self.name &&
        self.layer !== undefined &&
        target.layer !== undefined
      ) {
        const from = LAYER_ORDER.indexOf(self.layer);
        const to = LAYER_ORDER.indexOf(target.layer);
        const data = { domain: self.name, from: self.layer, to: target.layer, source };
        if (to < from) context.report({ node, messageId: 'upward', data });
        else if (self.layer === 'edge' && target.layer === 'persistence')
          context.report({ node, messageId: 'edgeSkipsServices', data });
      }
      if (self.area === 'lib' && (target.area === 'domain' || target.area === 'app')) {
        context.report({
          node,
          messageId: target.area === 'domain' ? 'libImportsDomain' : 'libImportsApp',
          data: { from: self.name, to: target.name, source },
        });
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => check(node, literal(node.source)),
      CallExpression: (node) => {
        const [arg] = node.arguments;
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') {
          check(node, literal(arg));
        }
      },
      // TypeScript-only forms: `import x = require('…')` and `typeof import('…')`.
      TSExternalModuleReference: (node) => check(node, literal(node.expression)),
      TSImportType: (node) => check(node, literal(node.source ?? node.argument)),
    };
  },
};
