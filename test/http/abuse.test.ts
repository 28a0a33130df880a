import { randomInt } from 'node:crypto';
import { createChallenge } from 'altcha-lib/v1';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveKey } from '#platform/settings/derived-keys.ts';
import {
  call,
  openSmallSession,
  randomMobile,
  solutionOf,
  solvedCaptcha,
  stats,
  useApi,
} from '../support/api.ts';
import { type RuntimeChild, spawnRuntime } from '../support/runtime-child.ts';

/**
 * Captcha and rate limits through HTTP, on a runtime of their own with the default limits
 * (20/min per IP, 5/s burst 10 per user), a low registration-surge threshold and a low
 * hourly limit of failed logins per IP. Each test calls from its own source addresses.
 */
const GATE_SECRET = 'abuse-test-gate-secret-0123456789abcdef';
const SURGE = 5;
const IP_FAILURES = 8;
let runtime: RuntimeChild;
let redis: Redis;

beforeAll(async () => {
  runtime = await spawnRuntime({
    DEMO_DATA: '0',
    GATE_SECRET,
    CAPTCHA_MAX_NUMBER: '2000',
    CAPTCHA_REGISTRATIONS_PER_MINUTE: String(SURGE),
    RATE_IP_LOGIN_FAILURES_PER_HOUR: String(IP_FAILURES),
  });
  useApi(runtime.url);
  redis = new Redis(runtime.redisUrl);
});
afterAll(async () => {
  await redis?.quit();
  await runtime?.stop();
});

let nextIp = randomInt(1, 200) * 256;
/** A fresh client address: 127.0.x.y. */
const ip = (): string => {
  nextIp++;
  return `127.0.${(nextIp >> 8) & 255}.${nextIp & 255 || 1}`;
};

const expectError = (res: { status: number; body: unknown }, status: number, code: string) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body).toMatchObject({ error: { code, message: expect.any(String) } });
};

/** Registers as an app would: on 428 it solves the captcha and sends the form again. */
async function register(from: string, mobile = randomMobile()): Promise<string> {
  const body = { mobile, password: 'password-123', name: '测试用户' };
  let res = await call('POST', '/v1/users', { body, from });
  if (res.status === 428) {
    res = await call('POST', '/v1/users', { body: { ...body, captcha: await solvedCaptcha(from) }, from });
  }
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return mobile;
}

const login = (from: string, body: Record<string, unknown>) => call('POST', '/v1/auth/login', { body, from });

describe('captcha (ALTCHA proof of work)', () => {
  it('issues signed challenges that expire in five minutes and are not cached', async () => {
    const res = await call<{ algorithm: string; challenge: string; salt: string; maxnumber: number }>(
      'GET',
      '/v1/captcha',
      { from: ip() },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({
      algorithm: 'SHA-256',
      challenge: expect.stringMatching(/^[0-9a-f]{64}$/),
      maxnumber: 2000,
      signature: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const expires = Number(/expires=(\d+)/.exec(res.body.salt)?.[1]) * 1000;
    expect(expires - Date.now()).toBeGreaterThan(290_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(300_000);
  });

  it('is required after three failed logins: missing, wrong, expired and reused are 428, solved gets in', async () => {
    const from = ip();
    const mobile = await register(from);
    for (let i = 0; i < 3; i++) {
      expectError(await login(from, { mobile, password: 'wrong-password' }), 401, 'UNAUTHENTICATED');
    }
    const right = { mobile, password: 'password-123' };
    const missing = await login(from, right);
    expectError(missing, 428, 'CAPTCHA_REQUIRED');
    expect(missing.body).toMatchObject({
      error: { details: { challengeUrl: '/v1/captcha', reason: 'MISSING' } },
    });

    const good = await solvedCaptcha(from);
    const decoded = JSON.parse(Buffer.from(good, 'base64').toString()) as { number: number };
    const wrongNumber = Buffer.from(
      JSON.stringify({ ...decoded, number: (decoded.number + 1) % 2001 }),
    ).toString('base64');
    for (const captcha of [wrongNumber, 'bm90IGEgY2FwdGNoYQ==', '!!!']) {
      const wrong = await login(from, { ...right, captcha });
      expectError(wrong, 428, 'CAPTCHA_REQUIRED');
      expect(wrong.body).toMatchObject({ error: { details: { reason: 'INVALID' } } });
    }
    // Signed with the runtime's own key but already expired: refused on its expiry alone.
    const expired = await createChallenge({
      algorithm: 'SHA-256',
      hmacKey: deriveKey(GATE_SECRET, 'captcha').toString('hex'),
      maxnumber: 50,
      expires: new Date(Date.now() - 1000),
    });
    expectError(
      await login(from, { ...right, captcha: await solutionOf({ ...expired, maxnumber: 50 }) }),
      428,
      'CAPTCHA_REQUIRED',
    );
    // The same challenge signed with another key: a forged signature.
    const forged = await createChallenge({
      algorithm: 'SHA-256',
      hmacKey: 'not-the-server-key',
      maxnumber: 50,
    });
    expectError(
      await login(from, { ...right, captcha: await solutionOf({ ...forged, maxnumber: 50 }) }),
      428,
      'CAPTCHA_REQUIRED',
    );

    const solved = await login(from, { ...right, captcha: good });
    expect(solved.status).toBe(200);
    expectError(await login(from, { ...right, captcha: good }), 428, 'CAPTCHA_REQUIRED'); // used up
  });
});

describe('login failures are counted before the password is checked', () => {
  it('lets 100 parallel wrong logins check at most 5 passwords; the owner still gets in with a captcha', async () => {
    const owner = ip();
    const attacker = ip();
    const mobile = await register(owner);
    const attempts = await Promise.all(
      Array.from({ length: 100 }, () => login(attacker, { mobile, password: 'guess-password' })),
    );
    const checked = attempts.filter((r) => r.status === 401).length;
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(5);
    for (const r of attempts) expect([401, 428, 429]).toContain(r.status);
    // The counter itself: every password check was counted first, and no more were let through.
    expect(Number(await redis.get(`login-fail:{m:${mobile}}`))).toBe(checked);

    for (let i = 0; i < 3; i++) {
      const again = await login(attacker, { mobile, password: 'guess-again' });
      expect([428, 429]).toContain(again.status);
    }
    expectError(await login(owner, { mobile, password: 'password-123' }), 428, 'CAPTCHA_REQUIRED');
    const captcha = await solvedCaptcha(owner);
    const res = await login(owner, { mobile, password: 'password-123', captcha });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token: expect.any(String) });
  });

  it('limits failed logins per source IP (429 with retry-after) without locking the account', async () => {
    const owner = ip();
    const guesser = ip();
    const mobile = await register(owner);
    // Failures spread over fresh identifiers, so only the per-IP count can stop them.
    let statuses: number[] = [];
    for (let i = 0; i < IP_FAILURES; i++) {
      statuses.push((await login(guesser, { mobile: randomMobile(), password: 'wrong-password' })).status);
    }
    expect(statuses).toEqual(Array(IP_FAILURES).fill(401));
    const limited = await login(guesser, { mobile: randomMobile(), password: 'wrong-password' });
    expectError(limited, 429, 'RATE_LIMITED');
    expect(limited.body).toMatchObject({ error: { details: { limit: 'IP_LOGIN_FAILURES' } } });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    // Even the right password is not checked from that IP now; from the owner's own it is.
    statuses = [(await login(guesser, { mobile, password: 'password-123' })).status];
    expect(statuses).toEqual([429]);
    expect((await login(owner, { mobile, password: 'password-123' })).status).toBe(200);
  });
});

describe('rate limits', () => {
  it('limits registrations per source IP: 429 with retry-after, and the refused one wrote nothing', async () => {
    const from = ip();
    for (let i = 0; i < 20; i++) {
      const res = await call('POST', '/v1/users', {
        body: { mobile: randomMobile(), password: 'password-123', name: '批量' },
        from,
      });
      expect([201, 428]).toContain(res.status); // 428 while registrations surge
    }
    const mobile = randomMobile();
    const limited = await call('POST', '/v1/users', {
      body: { mobile, password: 'password-123', name: '第二十一个' },
      from,
    });
    expectError(limited, 429, 'RATE_LIMITED');
    expect(limited.body).toMatchObject({ error: { details: { limit: 'IP_REGISTER', burst: 20 } } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(3);
    // Not created: the same mobile registers from elsewhere.
    await register(ip(), mobile);
  });

  it('limits captcha challenges per source IP', async () => {
    const from = ip();
    for (let i = 0; i < 20; i++) expect((await call('GET', '/v1/captcha', { from })).status).toBe(200);
    const limited = await call('GET', '/v1/captcha', { from });
    expectError(limited, 429, 'RATE_LIMITED');
    expect(limited.body).toMatchObject({ error: { details: { limit: 'IP_CAPTCHA' } } });
  });

  it('lets 200 concurrent buys of one user through only within its budget; refused ones hold nothing', async () => {
    const sessionId = await openSmallSession();
    const from = ip();
    const mobile = await register(from);
    const { token } = (await login(from, { mobile, password: 'password-123' })).body as { token: string };
    const buyer = await call<{ buyerId: string }>('POST', '/v1/users/me/buyers', {
      token,
      body: { name: '张三', idType: 5, idNumber: `E${randomInt(1e7, 9e7)}` },
      from,
    });
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 200 }, () =>
        call<{ seats?: unknown[] }>('POST', `/v1/sessions/${sessionId}/holds`, {
          token,
          body: { tierId: 'B', count: 1, buyerIds: [buyer.body.buyerId] },
          from,
        }),
      ),
    );
    const elapsedS = (Date.now() - started) / 1000;
    const passed = results.filter((r) => r.status !== 429);
    const limited = results.filter((r) => r.status === 429);
    // The budget: a burst of 10, then 5 per second of the test's duration.
    expect(passed.length).toBeGreaterThanOrEqual(10);
    expect(passed.length).toBeLessThanOrEqual(10 + Math.ceil(5 * elapsedS));
    for (const r of limited) {
      expect(r.body).toMatchObject({
        error: { code: 'RATE_LIMITED', details: { limit: 'USER_BUY', burst: 10 } },
      });
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    const held = passed.filter((r) => r.status === 201).length;
    expect(held).toBe(6); // the tier's per-user limit
    expect((await stats(sessionId)).held).toBe(held);
    // Orders count against the same budget: right after, a burst of them is mostly refused.
    const orders = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call('POST', '/v1/orders', {
          token,
          body: { sessionId, tierId: 'B', count: 1, buyerIds: [buyer.body.buyerId] },
          headers: { 'idempotency-key': `after-the-burst-${i}` },
          from,
        }),
      ),
    );
    const totalS = (Date.now() - started) / 1000;
    const ordersPassed = orders.filter((r) => r.status !== 429).length;
    expect(passed.length + ordersPassed).toBeLessThanOrEqual(10 + Math.ceil(5 * totalS));
    expect(orders.some((r) => r.status === 429)).toBe(true);
    expect((await stats(sessionId)).held).toBe(held);
  });

  it('asks every registrant for a captcha while registrations surge', async () => {
    await redis.del('surge:registrations'); // a fresh one-minute window for this test
    for (let i = 0; i < SURGE; i++) {
      const res = await call('POST', '/v1/users', {
        body: { mobile: randomMobile(), password: 'password-123', name: '高峰' },
        from: ip(),
      });
      expect(res.status).toBe(201);
    }
    const from = ip();
    const body = { mobile: randomMobile(), password: 'password-123', name: '高峰' };
    const asked = await call('POST', '/v1/users', { body, from });
    expectError(asked, 428, 'CAPTCHA_REQUIRED');
    expect(asked.body).toMatchObject({ error: { details: { challengeUrl: '/v1/captcha' } } });
    const res = await call('POST', '/v1/users', {
      body: { ...body, captcha: await solvedCaptcha(from) },
      from,
    });
    expect(res.status).toBe(201);
  });
});
