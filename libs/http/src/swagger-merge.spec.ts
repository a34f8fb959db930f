import type { OpenAPIObject } from '@nestjs/swagger';
import { mergeDocuments } from './swagger-merge';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const route = (schema: string) => ({
  get: {
    responses: {
      '200': { description: 'ok', content: { 'application/json': { schema: ref(schema) } } },
    },
  },
});

const doc = (paths: OpenAPIObject['paths'], schemas: Record<string, object>): OpenAPIObject => ({
  openapi: '3.0.0',
  info: { title: 'a service', version: '1' },
  paths,
  components: { schemas },
  tags: [{ name: 'ops' }],
});

describe("merging the services' OpenAPI documents", () => {
  const base = { openapi: '3.0.0', info: { title: 'all', version: '1' } };
  const shared = { '/health': { get: { summary: 'every service', responses: {} } } };
  const users = doc(
    { '/users': route('Profile'), '/health': route('Health') },
    { Profile: { type: 'object' }, Error: { type: 'object', title: 'same' }, Health: {} },
  );
  const chat = doc(
    { '/chats': route('Profile'), '/health': route('Health') },
    { Profile: { type: 'string' }, Error: { type: 'object', title: 'same' }, Health: {} },
  );
  const merged = mergeDocuments(
    [
      { service: 'users', document: users },
      { service: 'chat', document: chat },
    ],
    base,
    shared,
  );

  it("has every service's paths, and the origin's own where each app has one", () => {
    expect(Object.keys(merged.paths).sort()).toEqual(['/chats', '/health', '/users']);
    expect(merged.paths['/health']).toBe(shared['/health']);
    expect(merged.tags).toEqual([{ name: 'ops' }]);
  });

  it('keeps one copy of a schema both have alike, and renames the later one of two that differ', () => {
    const schemas = merged.components?.schemas ?? {};
    expect(Object.keys(schemas).sort()).toEqual(['Error', 'Health', 'Profile', 'chat_Profile']);
    expect(schemas.chat_Profile).toEqual({ type: 'string' });
    expect(JSON.stringify(merged.paths['/chats'])).toContain('#/components/schemas/chat_Profile');
    expect(JSON.stringify(merged.paths['/users'])).toContain('#/components/schemas/Profile"');
  });
});
