import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '#platform/http/handler.ts';
import { call, newUser, randomMobile, solvedCaptcha } from '../support/api.ts';

const expectError = (
  res: { status: number; body: Record<string, unknown> },
  status: number,
  code: string,
) => {
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ error: { code, message: expect.any(String) } });
  expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/); // never a stack trace
};

describe('users and auth over HTTP', () => {
  it('registers, logs in by mobile and by email, and shows the caller masked', async () => {
    const mobile = randomMobile();
    const email = `u${mobile}@example.com`;
    const reg = await call('POST', '/v1/users', {
      body: { mobile, email, password: 'secret-pass', name: '王小明' },
    });
    expect(reg.status).toBe(201);
    expect(reg.body.userId).toEqual(expect.any(String));
    const byMobile = await call<{ token: string; expiresAt: string; user: { userId: string } }>(
      'POST',
      '/v1/auth/login',
      {
        body: { mobile, password: 'secret-pass' },
      },
    );
    expect(byMobile.status).toBe(200);
    expect(byMobile.body.user.userId).toBe(reg.body.userId);
    expect(Date.parse(byMobile.body.expiresAt)).toBeGreaterThan(Date.now());
    const byEmail = await call('POST', '/v1/auth/login', {
      body: { email: email.toUpperCase(), password: 'secret-pass' },
    });
    expect(byEmail.status).toBe(200);
    const me = await call('GET', '/v1/users/me', { token: byMobile.body.token });
    expect(me.body).toMatchObject({
      userId: reg.body.userId,
      name: '王小明',
      mobile: `${mobile.slice(0, 3)}****${mobile.slice(-4)}`,
      email: expect.stringMatching(/^u\*+@example\.com$/),
      role: 'user',
    });
  });

  it('refuses a second account with the same mobile or email', async () => {
    const mobile = randomMobile();
    const email = `dup${mobile}@example.com`;
    expect(
      (await call('POST', '/v1/users', { body: { mobile, email, password: 'secret-pass', name: 'A' } }))
        .status,
    ).toBe(201);
    const sameMobile = await call('POST', '/v1/users', {
      body: { mobile, password: 'secret-pass', name: 'B' },
    });
    expectError(sameMobile, 409, 'USER_EXISTS');
    expect(sameMobile.body).toMatchObject({ error: { details: { field: 'mobile' } } });
    const sameEmail = await call('POST', '/v1/users', {
      body: { mobile: randomMobile(), email, password: 'secret-pass', name: 'C' },
    });
    expectError(sameEmail, 409, 'USER_EXISTS');
    expect(sameEmail.body).toMatchObject({ error: { details: { field: 'email' } } });
  });

  it('answers 401 to a wrong password, and asks for a captcha after three failures (no lockout)', async () => {
    const { mobile } = await newUser();
    for (let i = 0; i < 3; i++) {
      expectError(
        await call('POST', '/v1/auth/login', { body: { mobile, password: 'wrong-pass' } }),
        401,
        'UNAUTHENTICATED',
      );
    }
    const asked = await call('POST', '/v1/auth/login', { body: { mobile, password: 'password-123' } });
    expectError(asked, 428, 'CAPTCHA_REQUIRED');
    expect(asked.body).toMatchObject({
      error: { details: { challengeUrl: '/v1/captcha', reason: 'MISSING' } },
    });
    const captcha = await solvedCaptcha();
    const owner = await call('POST', '/v1/auth/login', {
      body: { mobile, password: 'password-123', captcha },
    });
    expect(owner.status).toBe(200);
  });

  it('logs out: the token stops working', async () => {
    const { token } = await newUser();
    expect((await call('GET', '/v1/users/me', { token })).status).toBe(200);
    expect((await call('POST', '/v1/auth/logout', { token })).status).toBe(204);
    expectError(await call('GET', '/v1/users/me', { token }), 401, 'UNAUTHENTICATED');
  });

  it('rejects missing, malformed, tampered and unknown tokens with 401', async () => {
    const { token } = await newUser();
    expectError(await call('GET', '/v1/users/me'), 401, 'UNAUTHENTICATED');
    expectError(
      await call('GET', '/v1/users/me', { headers: { authorization: 'Basic abc' } }),
      401,
      'UNAUTHENTICATED',
    );
    expectError(await call('GET', '/v1/users/me', { token: 'not.a.jwt' }), 401, 'UNAUTHENTICATED');
    const [h, p, s] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), role: 'admin' }),
    ).toString('base64url');
    expectError(await call('GET', '/v1/users/me', { token: `${h}.${forged}.${s}` }), 401, 'UNAUTHENTICATED');
  });

  it('answers bad registrations with 4xx and the API error body', async () => {
    expectError(await call('POST', '/v1/users', { raw: '{"mobile":' }), 400, 'MALFORMED_JSON');
    const wrongTypes = await call('POST', '/v1/users', {
      body: { mobile: 13800000001, password: true, name: [] },
    });
    expectError(wrongTypes, 400, 'VALIDATION_FAILED');
    expect(
      (wrongTypes.body.error as { details: { fields: { path: string }[] } }).details.fields.map(
        (f) => f.path,
      ),
    ).toEqual(expect.arrayContaining(['body.mobile', 'body.password', 'body.name']));
    expectError(
      await call('POST', '/v1/users', { body: { mobile: '12345', password: 'secret-pass', name: 'x' } }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await call('POST', '/v1/users', { body: { mobile: randomMobile(), password: 'short', name: 'x' } }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await call('POST', '/v1/users', {
        body: { mobile: randomMobile(), password: 'secret-pass', name: 'x', role: 'admin' },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await call('POST', '/v1/users', { body: [] }), 400, 'VALIDATION_FAILED');
    expectError(await call('POST', '/v1/users'), 400, 'VALIDATION_FAILED');
    expectError(
      await call('POST', '/v1/users', { raw: JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES) }) }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    expectError(
      await call('POST', '/v1/users', {
        raw: 'mobile=1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectError(await call('POST', '/v1/auth/login', { body: { password: 'x' } }), 400, 'VALIDATION_FAILED');
  });

  it('echoes x-request-id, makes one when absent, and answers unknown routes with 404/405', async () => {
    const echoed = await call('GET', '/health', { headers: { 'x-request-id': 'req-123' } });
    expect(echoed.status).toBe(200);
    expect(echoed.headers.get('x-request-id')).toBe('req-123');
    const made = await call('GET', '/v1/users/me');
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expectError(await call('GET', '/v1/nope'), 404, 'NOT_FOUND');
    expectError(await call('PUT', '/v1/users/me'), 405, 'METHOD_NOT_ALLOWED');
  });

  it('reports health of Redis and DynamoDB', async () => {
    const res = await call('GET', '/health');
    expect(res.body).toEqual({ ok: true, checks: { redis: 'up', dynamodb: 'up' } });
  });
});
