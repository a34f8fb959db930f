import { connect } from 'amqplib';

/** Declares the durable queue dead letters are routed to (RabbitMQ drops them when it is missing). */
export async function declareDeadLetterQueue(url: string, queue: string): Promise<void> {
  const connection = await connect(url);
  try {
    const channel = await connection.createChannel();
    await channel.assertQueue(queue, { durable: true });
  } finally {
    await connection.close();
  }
}
