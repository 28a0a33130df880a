import { describe, expect, it } from 'vitest';
import { adminToken, call, createSmallProgram, newUser, openSmallSession } from '../support/api.ts';

describe('POST /v1/admin/sessions/{sessionId}/reconcile', () => {
  it('checks every seat of an open session and finds a fresh one in step', async () => {
    const sessionId = await openSmallSession();
    const res = await call('POST', `/v1/admin/sessions/${sessionId}/reconcile`, {
      token: await adminToken(),
      body: { repair: true },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      sessionId,
      checked: 44,
      mismatchCount: 0,
      mismatches: [],
      repaired: 0,
      skipped: 0,
    });
    // No body is a report-only run.
    const bare = await call('POST', `/v1/admin/sessions/${sessionId}/reconcile`, {
      token: await adminToken(),
    });
    expect(bare.status).toBe(200);
  });

  it('is for admins only, validates its body, and answers 404 / 409 for unknown and unopened sessions', async () => {
    const sessionId = await openSmallSession();
    const path = `/v1/admin/sessions/${sessionId}/reconcile`;
    expect((await call('POST', path)).status).toBe(401);
    expect((await call('POST', path, { token: (await newUser()).token })).status).toBe(403);
    const bad = await call<{ error: { code: string } }>('POST', path, {
      token: await adminToken(),
      body: { repair: 'yes' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(
      (await call('POST', path, { token: await adminToken(), body: { repair: true, extra: 1 } })).status,
    ).toBe(400);
    expect(
      (await call('POST', '/v1/admin/sessions/nosuchsession/reconcile', { token: await adminToken() }))
        .status,
    ).toBe(404);
    const { sessionId: scheduled } = await createSmallProgram();
    const notOpen = await call<{ error: { code: string } }>(
      'POST',
      `/v1/admin/sessions/${scheduled}/reconcile`,
      {
        token: await adminToken(),
      },
    );
    expect(notOpen.status).toBe(409);
    expect(notOpen.body.error.code).toBe('INVALID_STATE');
  });
});
