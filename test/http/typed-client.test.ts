import { describe, expect, it } from 'vitest';
import { errorCode } from '#shared/api/client.ts';
import { addBuyers, newUser, openSmallSession } from '../support/api.ts';
import { typedApi } from '../support/typed-api.ts';

/**
 * The typed client (shared/api/client.ts) against the runtime: the bearer token read at each
 * call, typed error bodies, header parameters (Idempotency-Key, If-None-Match), and answers
 * shaped as the generated types say (the runtime checks them against the contract too).
 */
describe('typed client', () => {
  it('sends the token it is given at each call, and reads errors as the API error body', async () => {
    let token: string | undefined;
    const { apiClient } = await import('#shared/api/client.ts');
    const { inject } = await import('vitest');
    const api = apiClient(inject('apiUrl'), { token: () => token });
    const anonymous = await api.GET('/v1/users/me');
    expect(anonymous.response.status).toBe(401);
    expect(errorCode(anonymous.error)).toBe('UNAUTHENTICATED');
    const user = await newUser();
    token = user.token;
    const me = await api.GET('/v1/users/me');
    expect(me.data?.userId).toBe(user.userId);
    expect(me.data?.mobile).toMatch(/^\d{3}\*{4}\d{4}$/);
  });

  it('holds, orders with an Idempotency-Key (a repeat answers the same order) and polls the seat map with its ETag', async () => {
    const sessionId = await openSmallSession();
    const user = await newUser();
    const [buyerId] = await addBuyers(user.token, 1);
    const api = typedApi(user.token);
    const map = await api.GET('/v1/sessions/{sessionId}/seats', { params: { path: { sessionId } } });
    expect(map.data?.seats.statuses).toMatch(/^0+$/);
    const etag = map.response.headers.get('etag')!;
    const unchanged = await api.GET('/v1/sessions/{sessionId}/seats', {
      params: { path: { sessionId }, header: { 'if-none-match': etag } },
    });
    expect(unchanged.response.status).toBe(304);

    const body = { sessionId, seatIds: ['1-1-3'], buyerIds: [buyerId!] };
    const key = `typed-${sessionId}`;
    const first = await api.POST('/v1/orders', { params: { header: { 'idempotency-key': key } }, body });
    const again = await api.POST('/v1/orders', { params: { header: { 'idempotency-key': key } }, body });
    expect(first.response.status).toBe(202);
    expect(again.data?.orderNumber).toBe(first.data?.orderNumber);
    // The order's hold changed the map: the old ETag no longer matches.
    const changed = await api.GET('/v1/sessions/{sessionId}/seats', {
      params: { path: { sessionId }, header: { 'if-none-match': etag } },
    });
    expect(changed.response.status).toBe(200);
    expect(changed.data?.seats.statuses).toContain('1');
  });
});
