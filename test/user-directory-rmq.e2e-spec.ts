import { ServiceUnavailableException, type INestMicroservice } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { connect } from 'amqplib';
import { UserDirectory, type DirectoryProfile } from '@app/contracts';
import { RemoteHandlerError, rpcQueueOptions, UserDirectoryOverRmqModule } from '@app/messaging';
import { UserDirectoryRpcController } from '../apps/user-service/src/user-directory-rpc.controller';
import { TEST_RABBITMQ_URL } from '@app/testing';

/** The local broker (CI starts it); missing, these tests fail rather than skip. */
const RABBITMQ_URL = TEST_RABBITMQ_URL;
const QUEUE = `test.users.directory.${process.pid}.${Date.now()}`;
const TIMEOUT_MS = 800;

const ada: DirectoryProfile = {
  id: '0193a1c2-0000-7000-8000-00000000ada0',
  name: 'Ada',
  handle: 'ada',
  avatarUrl: null,
  avatarThumbnailUrl: null,
  lastSeenAt: '2026-11-21T09:00:00.000Z',
};

/** What user-service's own binding would answer, recorded. */
const users = {
  getMany: jest.fn((ids: readonly string[]) => Promise.resolve(ids.includes(ada.id) ? [ada] : [])),
  exists: jest.fn((id: string) => Promise.resolve(id === ada.id)),
  getContact: jest.fn((id: string) =>
    Promise.resolve(id === ada.id ? { email: 'ada@example.com', name: 'Ada' } : null),
  ),
  recordLastSeen: jest.fn((_id: string, _at: Date) => Promise.resolve()),
};

async function startUserService(): Promise<INestMicroservice> {
  const moduleRef = await Test.createTestingModule({
    controllers: [UserDirectoryRpcController],
    providers: [{ provide: UserDirectory, useValue: users }],
  }).compile();
  const service = moduleRef.createNestMicroservice(rpcQueueOptions(RABBITMQ_URL, QUEUE));
  await service.listen();
  return service;
}

/**
 * Nest follows every reply with a second "disposed" message on the next tick; closing before it
 * is published makes amqp-connection-manager reject it ("Channel closed") as an unhandled
 * rejection. A real outage is a crash, where this does not arise, so the test lets it go out first.
 */
async function stopUserService(service: INestMicroservice | undefined): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 200));
  await service?.close();
}

describe('UserDirectory over RabbitMQ (split deployment binding)', () => {
  let userService: INestMicroservice | undefined;
  let caller: TestingModule;
  let directory: UserDirectory;

  beforeAll(async () => {
    userService = await startUserService();
    caller = await Test.createTestingModule({
      imports: [
        UserDirectoryOverRmqModule.forRoot({
          url: RABBITMQ_URL,
          queue: QUEUE,
          timeoutMs: TIMEOUT_MS,
        }),
      ],
    }).compile();
    await caller.init();
    directory = caller.get(UserDirectory);
  });

  afterAll(async () => {
    await caller?.close();
    await stopUserService(userService);
    const connection = await connect(RABBITMQ_URL);
    const channel = await connection.createChannel();
    await channel.deleteQueue(QUEUE);
    await connection.close();
  });

  it('answers profiles, existence and contacts as user-service has them', async () => {
    expect(await directory.getMany([ada.id, '0193a1c2-0000-7000-8000-000000000bad'])).toEqual([
      ada,
    ]);
    expect(await directory.getMany([])).toEqual([]);
    expect(await directory.exists(ada.id)).toBe(true);
    expect(await directory.exists('0193a1c2-0000-7000-8000-000000000bad')).toBe(false);
    expect(await directory.getContact(ada.id)).toEqual({ email: 'ada@example.com', name: 'Ada' });
  });

  it('hands the last-seen instant over intact and answers once it is recorded', async () => {
    const at = new Date('2026-11-21T10:11:12.345Z');
    await directory.recordLastSeen(ada.id, at);
    expect(users.recordLastSeen).toHaveBeenLastCalledWith(ada.id, at);
  });

  it('reports a failing handler in user-service as its error, not as an outage', async () => {
    users.exists.mockRejectedValueOnce(new Error('database gone'));
    const answer = directory.exists(ada.id);
    await expect(answer).rejects.toBeInstanceOf(RemoteHandlerError);
  });

  it('answers 503 within the timeout while user-service is down, drops the stale question, and recovers', async () => {
    await stopUserService(userService);
    userService = undefined;
    const asked = Date.now();
    await expect(directory.exists('0193a1c2-0000-7000-8000-00000000057a')).rejects.toBeInstanceOf(
      ServiceUnavailableException,
    );
    expect(Date.now() - asked).toBeLessThan(TIMEOUT_MS + 500);

    userService = await startUserService();
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS));
    // The question asked while it was down expired in the queue instead of being answered late.
    expect(users.exists).not.toHaveBeenCalledWith('0193a1c2-0000-7000-8000-00000000057a');
    expect(await directory.exists(ada.id)).toBe(true);
  });
});
