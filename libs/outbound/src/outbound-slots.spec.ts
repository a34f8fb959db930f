import { OutboundSlots } from './outbound-slots';
import { scriptedResolver } from './scripted-resolver';

describe('OutboundSlots', () => {
  it('gives at most perHost slots to one host and total in all, and frees each once', () => {
    const slots = new OutboundSlots({ perHost: 2, total: 3 });
    const a1 = slots.tryTake('a.example');
    const a2 = slots.tryTake('A.example');
    expect(a1).not.toBeNull();
    expect(a2).not.toBeNull();
    expect(slots.tryTake('a.example')).toBeNull();
    const b1 = slots.tryTake('b.example');
    expect(b1).not.toBeNull();
    expect(slots.tryTake('c.example')).toBeNull();
    a1?.();
    a1?.();
    expect(slots.inFlight).toBe(2);
    expect(slots.tryTake('c.example')).not.toBeNull();
    expect(slots.tryTake('a.example')).toBeNull();
    b1?.();
    expect(slots.tryTake('a.example')).not.toBeNull();
  });
});

describe('scriptedResolver', () => {
  it('answers each lookup from the script, the last answer repeating, and records the names', async () => {
    const { resolve, asked } = scriptedResolver(
      new Map([['rebind.test', [['8.8.8.8'], ['127.0.0.1', '::1']]]]),
    );
    expect(await resolve('rebind.test')).toEqual([{ address: '8.8.8.8', family: 4 }]);
    const second = [
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 },
    ];
    expect(await resolve('REBIND.test')).toEqual(second);
    expect(await resolve('rebind.test')).toEqual(second);
    await expect(resolve('other.test')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect(asked).toEqual(['rebind.test', 'rebind.test', 'rebind.test', 'other.test']);
  });
});
