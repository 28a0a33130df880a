import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { adminToken, call, createSmallProgram, openSmallProgram } from '../support/api.ts';

/** A small program (created in 上海) moved to `city` by the organiser's edit, opened or not. */
async function programIn(city: string, open: boolean): Promise<void> {
  const made = open ? await openSmallProgram() : await createSmallProgram();
  const res = await call('PATCH', `/v1/admin/programs/${made.programId}`, {
    token: await adminToken(),
    body: { city },
  });
  expect(res.status).toBe(200);
}

describe('GET /v1/cities', () => {
  it('lists the cities with programs on sale, busiest first, at once after a change; a city whose programs are not on sale is left out', async () => {
    const tag = randomBytes(3).toString('hex');
    const onSale = `开售城${tag}`;
    const scheduled = `未售城${tag}`;
    // Read first: the picker's per-server cache must follow the new listings at once.
    expect((await call('GET', '/v1/cities')).status).toBe(200);
    await programIn(onSale, true);
    await programIn(onSale, true);
    await programIn(scheduled, false);
    const res = await call<{ items: { city: string; programs: number }[] }>('GET', '/v1/cities');
    expect(res.status).toBe(200);
    const items = res.body.items;
    expect(items.find((c) => c.city === onSale)).toEqual({ city: onSale, programs: 2 });
    expect(items.find((c) => c.city === scheduled)).toBeUndefined();
    // The demo data's programs are on sale in 上海.
    expect(items.find((c) => c.city === '上海')?.programs).toBeGreaterThan(0);
    for (let i = 1; i < items.length; i++) {
      expect(items[i - 1]!.programs).toBeGreaterThanOrEqual(items[i]!.programs);
    }
  });
});
