import type { OpenApiDocument, Operation, Schema } from '../harness/openapi';
import type { RawRequest } from '../harness/raw-http';
import { targetsChat } from './cells';

/**
 * What an answer tells about other people: `chats` (chat views: members with their marks and
 * profiles) or `people` (profiles alone: search, one person, the people you blocked).
 */
export type PeopleView = 'chats' | 'people';

/** Fields only a chat view has, and fields only a person has: what the answers are told by. */
const CHAT_FIELDS = ['members'];
const PERSON_FIELDS = ['profile', 'avatarUrl', 'lastSeenAt'];

interface DocumentedResponse {
  content?: Record<string, { schema?: Schema }>;
}

/** Every property name reachable from `schema`, through refs, compositions and arrays. */
function fieldsOf(doc: OpenApiDocument, schema: Schema): Set<string> {
  const fields = new Set<string>();
  const seenRefs = new Set<string>();
  const visit = (node: Schema | undefined): void => {
    if (!node) return;
    if (node.$ref) {
      if (seenRefs.has(node.$ref)) return;
      seenRefs.add(node.$ref);
      return visit(doc.components?.schemas?.[node.$ref.replace('#/components/schemas/', '')]);
    }
    for (const [name, sub] of Object.entries(node.properties ?? {})) {
      fields.add(name);
      visit(sub);
    }
    [node.items, ...(node.allOf ?? []), ...(node.oneOf ?? []), ...(node.anyOf ?? [])].forEach(
      visit,
    );
  };
  visit(schema);
  return fields;
}

/** Whether `op`'s successful answers carry chats or people, read from the document's schemas. */
export function peopleViewOf(doc: OpenApiDocument, op: Operation): PeopleView | undefined {
  const responses = (doc.paths[op.path]?.[op.method.toLowerCase()]?.responses ?? {}) as Record<
    string,
    DocumentedResponse
  >;
  const fields = new Set<string>();
  for (const [status, response] of Object.entries(responses)) {
    if (!/^2/.test(status)) continue;
    for (const media of Object.values(response.content ?? {}))
      if (media.schema) fieldsOf(doc, media.schema).forEach((f) => fields.add(f));
  }
  if (CHAT_FIELDS.some((f) => fields.has(f))) return 'chats';
  if (PERSON_FIELDS.some((f) => fields.has(f))) return 'people';
  return undefined;
}

/**
 * Whether the request would put the caller in a chat with the person its body names (open a
 * direct chat, create a group): asked by the stranger, it would make them a stranger no more.
 */
export function sharesAChatWith(op: Operation): boolean {
  const named = Object.keys(op.body?.schema.properties ?? {}).some((k) => /user|member/i.test(k));
  return named && !targetsChat(op);
}

/** The request with its search parameter (by name: `search`, `q`, `query`) set to `term`. */
export function searchingFor(req: RawRequest, op: Operation, term: string): RawRequest {
  const param = op.parameters.find((p) => p.in === 'query' && /^(search|q|query)$/i.test(p.name));
  if (!param) return req;
  const joiner = req.path.includes('?') ? '&' : '?';
  return {
    ...req,
    path: `${req.path}${joiner}${param.name}=${encodeURIComponent(term)}`,
  };
}
