import { describe, expect, it } from 'vitest';
import { DomainError } from '#kernel/errors.ts';
import { LastGoodCopies } from '#platform/resilience/last-good-copy.ts';

const down = () => Promise.reject(Object.assign(new Error('Command timed out'), { name: 'Error' }));

describe('LastGoodCopies (degraded reads)', () => {
  it('answers live while the store answers, and from the last copy with its age while it does not', async () => {
    let now = 1_000_000;
    const copies = new LastGoodCopies<string>('thing', { max: 10, maxAgeMs: 60_000 }, () => now);
    expect(await copies.read('k', async () => 'v1')).toEqual({ value: 'v1' });
    now += 12_400;
    expect(await copies.read('k', down)).toEqual({ value: 'v1', ageSeconds: 12 });
    expect(await copies.read('k', async () => 'v2')).toEqual({ value: 'v2' });
    expect(await copies.read('k', down)).toEqual({ value: 'v2', ageSeconds: 0 });
  });

  it('never covers up a refusal or a bug, and without a copy (or one too old) the failure stands', async () => {
    let now = 0;
    const copies = new LastGoodCopies<string>('thing', { max: 10, maxAgeMs: 60_000 }, () => now);
    await copies.read('k', async () => 'v');
    await expect(
      copies.read('k', () => Promise.reject(new DomainError('NOT_FOUND', 'gone'))),
    ).rejects.toThrow('gone');
    await expect(copies.read('k', () => Promise.reject(new TypeError('a bug')))).rejects.toThrow('a bug');
    await expect(copies.read('other', down)).rejects.toThrow('Command timed out');
    now += 61_000;
    await expect(copies.read('k', down)).rejects.toThrow('Command timed out');
  });
});
