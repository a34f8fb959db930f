import { ServiceUnavailableException } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { SendAdmission } from './send-admission';

const admissionOf = (maxSendsInFlight: number) =>
  new SendAdmission({ chat: { maxSendsInFlight } } as AppConfig);

function deferred(): { promise: Promise<string>; resolve: (value: string) => void } {
  let resolve!: (value: string) => void;
  const promise = new Promise<string>((r) => (resolve = r));
  return { promise, resolve };
}

describe('SendAdmission', () => {
  it('works on up to the limit at once and refuses the next one with 503 straight away', async () => {
    const admission = admissionOf(2);
    const first = deferred();
    const second = deferred();
    const running = [admission.run(() => first.promise), admission.run(() => second.promise)];
    const work = jest.fn(() => Promise.resolve('never'));
    await expect(admission.run(work)).rejects.toBeInstanceOf(ServiceUnavailableException);
    expect(work).not.toHaveBeenCalled();

    first.resolve('a');
    second.resolve('b');
    await expect(Promise.all(running)).resolves.toEqual(['a', 'b']);
  });

  it('frees the place of a send that failed', async () => {
    const admission = admissionOf(1);
    await expect(admission.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(admission.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});
