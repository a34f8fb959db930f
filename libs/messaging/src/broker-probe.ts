import { connect } from 'amqplib';
import { redactUrl, StartupError } from '@app/config';

/** Fails the boot with a clear `RABBITMQ_URL` error when the broker cannot be reached. */
export async function probeBroker(url: string, timeoutMs = 5000): Promise<void> {
  try {
    const connection = await connect(url, { timeout: timeoutMs });
    await connection.close();
  } catch (error) {
    throw new StartupError('RABBITMQ_URL', redactUrl(url), error);
  }
}
