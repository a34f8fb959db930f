// The rule that keeps the split deployment possible (DESIGN.md section 2): a domain module under
// src/ never imports another domain's files, and libs/ never import a domain at all. Shared types
// and ports belong in libs/contracts.
const path = require('node:path');

const DOMAINS = ['users', 'chat', 'mail', 'media'];
const ROOT = path.resolve(__dirname, '..', '..');

/** @returns {{ area: 'domain' | 'lib' | 'other', name?: string }} */
function locate(file, root) {
  const parts = path.relative(root, file).split(path.sep);
  if (parts[0] === 'src' && DOMAINS.includes(parts[1]) && parts.length > 2)
    return { area: 'domain', name: parts[1] };
  if (parts[0] === 'libs') return { area: 'lib', name: parts[1] };
  return { area: 'other' };
}

/** @type {import('eslint').Rule.RuleModule} */
module.exports = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'Forbid imports across domain modules (src/users, src/chat, src/mail, src/media)',
    },
    messages: {
      crossDomain:
        "The {{from}} domain must not import the {{to}} domain's files ('{{source}}'): go through a port in libs/contracts.",
      libImportsDomain:
        "libs/{{from}} must not import the {{to}} domain ('{{source}}'): libraries serve every app and know no domain.",
    },
    schema: [],
  },
  create(context) {
    const root = ROOT;
    const file = context.filename;
    const self = locate(file, root);
    if (self.area === 'other') return {};

    function check(node, source) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = locate(path.resolve(path.dirname(file), source), root);
      if (target.area !== 'domain') return;
      if (self.area === 'domain' && target.name !== self.name) {
        context.report({
          node,
          messageId: 'crossDomain',
          data: { from: self.name, to: target.name, source },
        });
      }
      if (self.area === 'lib') {
        context.report({
          node,
          messageId: 'libImportsDomain',
          data: { from: self.name, to: target.name, source },
        });
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) => {
        const [arg] = node.arguments;
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          arg?.type === 'Literal'
        ) {
          check(node, arg.value);
        }
      },
    };
  },
};
