import { mongo } from 'mongoose';
import { startMongoStandIn, type MongoStandIn } from '.';

type Counter = { _id: string; n: number };
type Account = { _id: string; email?: string; tags?: string[]; key?: string };

/** The server error a promise rejects with; the test fails if it resolves or fails otherwise. */
async function rejection(promise: Promise<unknown>): Promise<mongo.MongoServerError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof mongo.MongoServerError) return error;
    throw error;
  }
  throw new Error('expected the server to refuse this');
}

/** The stand-in's own promises, through the driver the app uses (the contract suites use it too). */
describe('MongoDB stand-in', () => {
  let standIn: MongoStandIn;
  let client: mongo.MongoClient;
  let db: mongo.Db;

  beforeAll(async () => {
    standIn = await startMongoStandIn();
    client = await new mongo.MongoClient(standIn.url, { serverSelectionTimeoutMS: 3000 }).connect();
    db = client.db('stand_in_spec');
  });

  afterAll(async () => {
    await client?.close();
    await standIn?.stop();
  });

  it('answers as the primary of a one-member replica set', async () => {
    const hello = await db.admin().command({ hello: 1 });
    expect(hello).toMatchObject({ isWritablePrimary: true, setName: 'rs0', ok: 1 });
    expect(hello.hosts).toEqual([hello.me]);
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(17);
    const direct = standIn.url.replace('replicaSet=rs0', 'directConnection=true');
    const other = await new mongo.MongoClient(direct, { serverSelectionTimeoutMS: 3000 }).connect();
    await expect(other.db('x').command({ ping: 1 })).resolves.toEqual({ ok: 1 });
    await other.close();
  });

  it('refuses a duplicate key in MongoDB’s shape, on plain, partial and multikey unique indexes', async () => {
    const accounts = db.collection<Account>('accounts');
    await accounts.createIndex({ email: 1 }, { name: 'accounts_email', unique: true });
    await accounts.createIndex(
      { key: 1 },
      { name: 'accounts_key', unique: true, partialFilterExpression: { key: { $exists: true } } },
    );
    await accounts.createIndex({ tags: 1 }, { name: 'accounts_tags', unique: true, sparse: true });
    await accounts.insertOne({ _id: 'a', email: 'a@example.com', tags: ['x', 'y'] });

    const error = await rejection(accounts.insertOne({ _id: 'b', email: 'a@example.com' }));
    expect(error).toBeInstanceOf(mongo.MongoServerError);
    expect(error).toMatchObject({
      code: 11000,
      keyPattern: { email: 1 },
      keyValue: { email: 'a@example.com' },
    });
    expect(error.message).toContain('E11000 duplicate key error');
    expect(error.message).toContain('index: accounts_email');

    // Documents without the partial index's field never collide on it.
    await accounts.insertMany([
      { _id: 'c', email: 'c@example.com' },
      { _id: 'd', email: 'd@example.com' },
    ]);
    // One element of an array is enough to collide on a multikey index.
    const multikey = await rejection(
      accounts.insertOne({ _id: 'e', email: 'e@example.com', tags: ['z', 'y'] }),
    );
    expect(multikey).toMatchObject({ code: 11000, keyValue: { tags: 'y' } });

    const bulk = await rejection(
      accounts.insertMany(
        [
          { _id: 'f', email: 'f@example.com' },
          { _id: 'a', email: 'other@example.com' },
          { _id: 'g', email: 'g@example.com' },
        ],
        { ordered: false },
      ),
    );
    expect(bulk).toBeInstanceOf(mongo.MongoBulkWriteError);
    const { writeErrors } = bulk as mongo.MongoBulkWriteError;
    expect(writeErrors).toHaveLength(1);
    expect(Array.isArray(writeErrors) ? writeErrors[0] : writeErrors).toMatchObject({
      index: 1,
      code: 11000,
    });
    expect(await accounts.countDocuments()).toBe(5);
  });

  it('keeps a transaction’s writes to itself until it commits', async () => {
    const counters = db.collection<Counter>('counters');
    await counters.insertOne({ _id: 'visible', n: 0 });
    const session = client.startSession();
    try {
      session.startTransaction();
      await counters.insertOne({ _id: 'new', n: 1 }, { session });
      await counters.updateOne({ _id: 'visible' }, { $inc: { n: 5 } }, { session });
      expect(await counters.findOne({ _id: 'new' }, { session })).toEqual({ _id: 'new', n: 1 });
      expect(await counters.findOne({ _id: 'new' })).toBeNull();
      expect(await counters.findOne({ _id: 'visible' })).toEqual({ _id: 'visible', n: 0 });
      await session.commitTransaction();
    } finally {
      await session.endSession();
    }
    expect(await counters.find({ _id: { $in: ['new', 'visible'] } }).toArray()).toEqual([
      { _id: 'visible', n: 5 },
      { _id: 'new', n: 1 },
    ]);
  });

  it('makes the later of two writers of one document fail with a transient WriteConflict', async () => {
    const counters = db.collection<Counter>('counters');
    await counters.insertOne({ _id: 'contended', n: 0 });
    const [first, second] = [client.startSession(), client.startSession()];
    try {
      first.startTransaction();
      second.startTransaction();
      await counters.updateOne({ _id: 'contended' }, { $inc: { n: 1 } }, { session: first });
      const error = await rejection(
        counters.updateOne({ _id: 'contended' }, { $inc: { n: 1 } }, { session: second }),
      );
      expect(error).toMatchObject({ code: 112, codeName: 'WriteConflict' });
      expect(error.hasErrorLabel('TransientTransactionError')).toBe(true);
      await second.abortTransaction();
      await first.commitTransaction();
    } finally {
      await Promise.all([first.endSession(), second.endSession()]);
    }
    expect(await counters.findOne({ _id: 'contended' })).toEqual({ _id: 'contended', n: 1 });
  });

  it('lets withTransaction retry conflicts until every increment is in', async () => {
    const counters = db.collection<Counter>('counters');
    await counters.insertOne({ _id: 'retried', n: 0 });
    let attempts = 0;
    const increment = async () => {
      const session = client.startSession();
      try {
        await session.withTransaction(async () => {
          attempts++;
          const doc = await counters.findOne({ _id: 'retried' }, { session });
          await counters.updateOne(
            { _id: 'retried' },
            { $set: { n: (doc?.n ?? 0) + 1 } },
            { session },
          );
        });
      } finally {
        await session.endSession();
      }
    };
    await Promise.all(Array.from({ length: 8 }, increment));
    expect(await counters.findOne({ _id: 'retried' })).toEqual({ _id: 'retried', n: 8 });
    expect(attempts).toBeGreaterThan(8);

    // A plain write to a document the transaction wrote: the commit conflicts, the retry wins.
    let tries = 0;
    const session = client.startSession();
    try {
      await session.withTransaction(async () => {
        tries++;
        await counters.updateOne({ _id: 'retried' }, { $inc: { n: 10 } }, { session });
        if (tries === 1) await counters.updateOne({ _id: 'retried' }, { $inc: { n: 100 } });
      });
    } finally {
      await session.endSession();
    }
    expect(tries).toBe(2);
    expect(await counters.findOne({ _id: 'retried' })).toEqual({ _id: 'retried', n: 118 });
  });

  it('leaves nothing of an aborted transaction, nor of one a duplicate key failed', async () => {
    const accounts = db.collection<Account>('aborts');
    await accounts.createIndex({ email: 1 }, { name: 'aborts_email', unique: true });
    await accounts.insertOne({ _id: 'taken', email: 'taken@example.com' });
    const session = client.startSession();
    try {
      session.startTransaction();
      await accounts.insertOne({ _id: 'one', email: 'one@example.com' }, { session });
      await accounts.deleteOne({ _id: 'taken' }, { session });
      await session.abortTransaction();

      session.startTransaction();
      await accounts.insertOne({ _id: 'two', email: 'two@example.com' }, { session });
      const duplicate = await rejection(
        accounts.insertOne({ _id: 'three', email: 'taken@example.com' }, { session }),
      );
      expect(duplicate).toMatchObject({ code: 11000 });
      // As on MongoDB, the failed statement aborted the transaction.
      const commit = await rejection(session.commitTransaction());
      expect(commit).toMatchObject({ code: 251, codeName: 'NoSuchTransaction' });
    } finally {
      await session.endSession();
    }
    expect(await accounts.find().toArray()).toEqual([{ _id: 'taken', email: 'taken@example.com' }]);
  });

  it('retries a transaction whose unique key a plain write took meanwhile, then refuses it', async () => {
    const accounts = db.collection<Account>('contended_keys');
    await accounts.createIndex({ email: 1 }, { name: 'contended_email', unique: true });
    const session = client.startSession();
    let tries = 0;
    const error = await rejection(
      session.withTransaction(async () => {
        tries++;
        await accounts.insertOne({ _id: 'mine', email: 'x@example.com' }, { session });
        if (tries === 1) await accounts.insertOne({ _id: 'theirs', email: 'x@example.com' });
      }),
    ).finally(() => session.endSession());
    expect(tries).toBe(2);
    expect(error).toMatchObject({ code: 11000, keyValue: { email: 'x@example.com' } });
    expect(await accounts.find().toArray()).toEqual([{ _id: 'theirs', email: 'x@example.com' }]);
  });

  it('refuses documents that fail the collection’s validator, in and out of transactions', async () => {
    const notes = db.collection<{ _id: string; senderId: string }>('validated');
    await db.createCollection('validated');
    await notes.insertOne({ _id: 'before', senderId: 'blocked' });
    await db.command({ collMod: 'validated', validator: { senderId: { $nin: ['blocked'] } } });
    const refused = await rejection(notes.insertOne({ _id: 'x', senderId: 'blocked' }));
    expect(refused).toMatchObject({ code: 121, errInfo: { failingDocumentId: 'x' } });
    const session = client.startSession();
    const inTransaction = await rejection(
      session.withTransaction(async () => {
        await notes.insertOne({ _id: 'ok', senderId: 'fine' }, { session });
        await notes.updateOne({ _id: 'ok' }, { $set: { senderId: 'blocked' } }, { session });
      }),
    ).finally(() => session.endSession());
    expect(inTransaction).toMatchObject({ code: 121 });
    expect(await notes.find().toArray()).toEqual([{ _id: 'before', senderId: 'blocked' }]);
  });

  it('hands out large results in batches and matches $text by words and quoted phrases', async () => {
    const notes = db.collection<{ _id: number; text: string }>('notes');
    await notes.createIndex({ text: 'text' }, { default_language: 'none' });
    await notes.insertMany(
      Array.from({ length: 250 }, (_, i) => ({
        _id: i,
        text: i === 7 ? 'Café at noon' : `note ${i}`,
      })),
    );
    expect(await notes.find({}, { batchSize: 20 }).toArray()).toHaveLength(250);
    const search = (text: string) => notes.find({ $text: { $search: text } }).toArray();
    expect(await search('"cafe" "noon"')).toEqual([{ _id: 7, text: 'Café at noon' }]);
    expect(await search('"cafe" "moon"')).toEqual([]);
    expect(await search('"at noo"')).toEqual([{ _id: 7, text: 'Café at noon' }]);
  });

  it('knows Unicode classes in regexes, as MongoDB does without the u option', async () => {
    const words = db.collection<{ _id: number; text: string }>('words');
    await words.insertMany([
      { _id: 1, text: 'Émile' },
      { _id: 2, text: 'p{L}' },
    ]);
    const ids = async (filter: object) =>
      (await words.find(filter).toArray()).map((doc) => doc._id);
    // Both forms, a BSON regex and a $regex string; without u, \p{Lu} would be the text "p{Lu}".
    expect(await ids({ text: new RegExp('^\\p{Lu}') })).toEqual([1]);
    expect(await ids({ text: { $regex: '^\\p{Lu}MILE$', $options: 'i' } })).toEqual([1]);
    // A lone brace is refused by JavaScript's u flag and taken literally by PCRE.
    expect(await ids({ text: { $regex: '^p{L}$' } })).toEqual([2]);
  });
});
