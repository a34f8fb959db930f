import { redactUrl } from './startup-error';

describe('redactUrl', () => {
  it('hides the password of a URL', () => {
    expect(redactUrl('postgres://chat:secret@db:5432/chat')).toBe(
      'postgres://chat:***@db:5432/chat',
    );
  });

  it('hides the password of a MongoDB URL with several hosts, which URL cannot parse', () => {
    expect(redactUrl('mongodb://chat:secret@db1:27017,db2:27017/chat?replicaSet=rs0')).toBe(
      'mongodb://chat:***@db1:27017,db2:27017/chat?replicaSet=rs0',
    );
    expect(redactUrl('mongodb://db1:27017,db2:27017/chat')).toBe(
      'mongodb://db1:27017,db2:27017/chat',
    );
  });
});
