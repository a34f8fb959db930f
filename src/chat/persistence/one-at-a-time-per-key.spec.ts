import { setTimeout as sleep } from 'node:timers/promises';
import { OneAtATimePerKey } from './one-at-a-time-per-key';

/** A task that logs its start and end into `events`, taking `ms`. */
const loggedTask = (events: string[], name: string, ms: number) => async () => {
  events.push(`start ${name}`);
  await sleep(ms);
  events.push(`end ${name}`);
  return name;
};

describe('OneAtATimePerKey', () => {
  it('runs the tasks of one key one after another, in the order they came', async () => {
    const queue = new OneAtATimePerKey();
    const events: string[] = [];
    const task = (name: string, ms: number) => loggedTask(events, name, ms);
    const results = await Promise.all([
      queue.run('chat', task('a', 20)),
      queue.run('chat', task('b', 1)),
      queue.run('chat', task('c', 5)),
    ]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('runs tasks of different keys side by side', async () => {
    const queue = new OneAtATimePerKey();
    const events: string[] = [];
    const task = (name: string, ms: number) => loggedTask(events, name, ms);
    await Promise.all([queue.run('one', task('a', 20)), queue.run('two', task('b', 1))]);
    expect(events).toEqual(['start a', 'start b', 'end b', 'end a']);
  });

  it('goes on after a failed task, handing the failure to its caller only', async () => {
    const queue = new OneAtATimePerKey();
    const failed = queue.run('chat', () => Promise.reject(new Error('boom')));
    const next = queue.run('chat', () => Promise.resolve('next'));
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });

  it('forgets a key once its last task is done', async () => {
    const queue = new OneAtATimePerKey();
    await Promise.all([
      queue.run('a', () => sleep(2)),
      queue.run('b', () => Promise.reject(new Error('x'))).catch(() => undefined),
    ]);
    await sleep(0);
    expect(queue.busyKeys).toBe(0);
  });
});
