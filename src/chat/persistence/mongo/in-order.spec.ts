import { InOrder } from './in-order';

describe('InOrder', () => {
  it('runs the tasks of one key in the order given, after failures too, and other keys meanwhile', async () => {
    const order = new InOrder();
    const log: string[] = [];
    const task =
      (name: string, ms: number, fail = false) =>
      () =>
        new Promise<string>((resolve, reject) =>
          setTimeout(() => {
            log.push(name);
            if (fail) reject(new Error(name));
            else resolve(name);
          }, ms),
        );
    const results = await Promise.allSettled([
      order.run('a', task('a1', 30)),
      order.run('a', task('a2', 1, true)),
      order.run('a', task('a3', 1)),
      order.run('b', task('b1', 5)),
    ]);
    expect(log).toEqual(['b1', 'a1', 'a2', 'a3']);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
  });
});
