import { ServiceUnavailableException, type INestMicroservice } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { connect } from 'amqplib';
import { MailQueue, type OtpMailRequest } from '@app/contracts';
import {
  declareDeadLetterQueue,
  EVENT_DELIVERY_LIMIT,
  eventQueueOptions,
  MailQueueOverRmqModule,
} from '@app/messaging';
import { MailRequestsConsumer } from '../apps/mail-service/src/mail-requests-consumer';
import { TEST_RABBITMQ_URL } from '@app/testing';

/** The local broker (CI starts it); missing, these tests fail rather than skip. */
const RABBITMQ_URL = TEST_RABBITMQ_URL;
const QUEUE = `test.mail.requested.${process.pid}.${Date.now()}`;
const DEAD = `${QUEUE}.dead`;

const otp = (key: string): OtpMailRequest => ({
  idempotencyKey: key,
  to: 'ada@example.com',
  code: '123456',
  expiresInSec: 600,
});

/** mail-service's own queue (BullMQ in the real app), recorded; one key always fails. */
const enqueued: string[] = [];
const attemptsOf = new Map<string, number>();
const mailModuleQueue = {
  enqueueOtp: jest.fn((request: OtpMailRequest) => {
    attemptsOf.set(request.idempotencyKey, (attemptsOf.get(request.idempotencyKey) ?? 0) + 1);
    if (request.idempotencyKey === 'always-fails') return Promise.reject(new Error('Redis down'));
    enqueued.push(request.idempotencyKey);
    return Promise.resolve();
  }),
  enqueueUnreadNotification: jest.fn(() => Promise.resolve()),
};

async function until(condition: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('MailQueue over RabbitMQ (split deployment binding)', () => {
  let mailService: INestMicroservice;
  let publisher: TestingModule;
  let queue: MailQueue;

  const deadLetters = async () => {
    const connection = await connect(RABBITMQ_URL);
    try {
      return (await (await connection.createChannel()).checkQueue(DEAD)).messageCount;
    } finally {
      await connection.close();
    }
  };

  /** What a broken or foreign publisher could put on the queue. */
  const publishRaw = async (body: string) => {
    const connection = await connect(RABBITMQ_URL);
    const channel = await connection.createConfirmChannel();
    channel.sendToQueue(QUEUE, Buffer.from(body), { persistent: true });
    await channel.waitForConfirms();
    await connection.close();
  };

  beforeAll(async () => {
    await declareDeadLetterQueue(RABBITMQ_URL, DEAD);
    const moduleRef = await Test.createTestingModule({
      controllers: [MailRequestsConsumer],
      providers: [{ provide: MailQueue, useValue: mailModuleQueue }],
    }).compile();
    mailService = moduleRef.createNestMicroservice({
      ...eventQueueOptions(RABBITMQ_URL, QUEUE, DEAD),
      logger: false,
    });
    await mailService.listen();
    publisher = await Test.createTestingModule({
      imports: [
        MailQueueOverRmqModule.forRoot({ url: RABBITMQ_URL, queue: QUEUE, deadLetterQueue: DEAD }),
      ],
    }).compile();
    await publisher.init();
    queue = publisher.get(MailQueue);
  });

  afterAll(async () => {
    await publisher?.close();
    await mailService?.close();
    const connection = await connect(RABBITMQ_URL);
    const channel = await connection.createChannel();
    await channel.deleteQueue(QUEUE);
    await channel.deleteQueue(DEAD);
    await connection.close();
  });

  it('hands an accepted OTP request to mail-service’s queue', async () => {
    await queue.enqueueOtp(otp('first'));
    await until(() => enqueued.includes('first'));
    expect(mailModuleQueue.enqueueOtp).toHaveBeenCalledWith(otp('first'));
  });

  it('dead-letters malformed and unknown messages without blocking the ones behind them', async () => {
    await publishRaw('not json at all');
    await publishRaw(JSON.stringify({ pattern: 'mail.unknown', data: {} }));
    await publishRaw(JSON.stringify({ pattern: 'mail.requested', data: { kind: 'otp', otp: {} } }));
    await queue.enqueueOtp(otp('after-poison'));
    await until(() => enqueued.includes('after-poison'));
    await until(async () => (await deadLetters()) === 3);
  });

  it(`dead-letters a request whose handling failed ${EVENT_DELIVERY_LIMIT + 1} times, and keeps serving others`, async () => {
    const before = await deadLetters();
    await queue.enqueueOtp(otp('always-fails'));
    await queue.enqueueOtp(otp('fine'));
    await until(() => enqueued.includes('fine'));
    await until(async () => (await deadLetters()) === before + 1, 20_000);
    expect(attemptsOf.get('always-fails')).toBe(EVENT_DELIVERY_LIMIT + 1);
  }, 30_000);

  it('answers 503 when the broker cannot confirm the request in time', async () => {
    const unreachable = await Test.createTestingModule({
      imports: [
        MailQueueOverRmqModule.forRoot({ url: 'amqp://guest:guest@127.0.0.1:1', timeoutMs: 500 }),
      ],
    }).compile();
    await unreachable.init();
    const started = Date.now();
    await expect(unreachable.get(MailQueue).enqueueOtp(otp('nowhere'))).rejects.toBeInstanceOf(
      ServiceUnavailableException,
    );
    expect(Date.now() - started).toBeLessThan(2000);
    await unreachable.close();
  });
});
