import { get, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';
import { addBuyers, adminToken, call, newUser, openSmallSession, stats } from '../support/api.ts';

interface SeatMapBody {
  sessionId: string;
  status: string;
  seatCount: number;
  rows: [number, number, number, number][];
  sections: { name: string }[];
  seats: { encoding: string; statuses: string };
}

/** A GET that does not decode the body (fetch would gunzip transparently). */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    }).on('error', reject);
  });
}

const validProgram = {
  title: '新节目',
  actor: '演员',
  city: '北京',
  venue: '剧场',
  categoryId: 'drama',
  sessions: [
    {
      startsAt: '2030-01-01T12:00:00Z',
      saleOpensAt: '2029-12-01T00:00:00Z',
      tiers: [{ tierId: 'A', name: 'A', priceCents: 1000, perUserLimit: 2 }],
      layout: { sections: [{ name: 'S', tierId: 'A', rows: 2, seatsPerRow: 3 }] },
    },
  ],
};

describe('admin setup and seat map over HTTP', () => {
  it('creates a program, opens a session and reports its stats', async () => {
    const sessionId = await openSmallSession();
    expect(await stats(sessionId)).toEqual({
      sessionId,
      available: 44,
      held: 0,
      sold: 0,
      byTier: expect.arrayContaining([
        { tierId: 'A', available: 20, held: 0, sold: 0 },
        { tierId: 'B', available: 24, held: 0, sold: 0 },
      ]),
    });
    const full = await call('GET', `/v1/admin/sessions/${sessionId}/stats`, { token: await adminToken() });
    expect(full.body).toMatchObject({ status: 'ON_SALE', ordersByStatus: {}, refundsPending: 0 });
    // Opening again changes nothing.
    const again = await call('POST', `/v1/admin/sessions/${sessionId}/open`, { token: await adminToken() });
    expect(again.body).toMatchObject({ status: 'ON_SALE', loaded: false, available: 44 });
  });

  it('answers 403 to non-admins and 401 without a token, changing nothing', async () => {
    const { token } = await newUser();
    const forbidden = await call('POST', '/v1/admin/programs', { token, body: validProgram });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await call('POST', '/v1/admin/programs', { body: validProgram })).status).toBe(401);
    const sessionId = await openSmallSession();
    expect((await call('POST', `/v1/admin/sessions/${sessionId}/open`, { token })).status).toBe(403);
    expect((await call('GET', `/v1/admin/sessions/${sessionId}/stats`, { token })).status).toBe(403);
  });

  it('rejects inconsistent layouts with the bad fields named', async () => {
    const token = await adminToken();
    const cases: [unknown, string][] = [
      [{ ...validProgram, categoryId: 'nosuch' }, 'body.categoryId'],
      [
        {
          ...validProgram,
          sessions: [
            {
              ...validProgram.sessions[0],
              layout: { sections: [{ name: 'S', tierId: 'Z', rows: 1, seatsPerRow: 1 }] },
            },
          ],
        },
        'tierId',
      ],
      [
        {
          ...validProgram,
          sessions: [
            {
              ...validProgram.sessions[0],
              layout: { sections: [{ name: 'S', tierId: 'A', rows: 1000, seatsPerRow: 500 }] },
            },
          ],
        },
        'layout',
      ],
      [
        { ...validProgram, sessions: [{ ...validProgram.sessions[0], saleOpensAt: '2031-01-01T00:00:00Z' }] },
        'saleOpensAt',
      ],
      [{ ...validProgram, sessions: [] }, 'sessions'],
      [
        {
          ...validProgram,
          sessions: [
            {
              ...validProgram.sessions[0],
              tiers: [{ tierId: 'A', name: 'A', priceCents: -1, perUserLimit: 2 }],
            },
          ],
        },
        'priceCents',
      ],
    ];
    for (const [body, field] of cases) {
      const res = await call('POST', '/v1/admin/programs', { token, body });
      expect(res.status, field).toBe(400);
      expect(JSON.stringify(res.body)).toContain(field);
    }
  });

  it('serves the seat map compactly, gzipped on request, with holds visible', async () => {
    const sessionId = await openSmallSession();
    const user = await newUser();
    const buyers = await addBuyers(user.token, 2);
    await call('POST', `/v1/sessions/${sessionId}/holds`, {
      token: user.token,
      body: { seatIds: ['1-1-2', '2-3-8'], buyerIds: buyers },
    });
    const raw = await rawGet(`${inject('apiUrl')}/v1/sessions/${sessionId}/seats`, {
      'accept-encoding': 'gzip',
    });
    expect(raw.status).toBe(200);
    expect(raw.headers['content-encoding']).toBe('gzip');
    const map = JSON.parse(gunzipSync(raw.body).toString('utf8')) as SeatMapBody;
    expect(map.seatCount).toBe(44);
    expect(map.seats.encoding).toBe('row-major-status-v1');
    expect(map.seats.statuses).toHaveLength(44);
    expect(map.rows).toHaveLength(5);
    const [, , firstSeat] = map.rows[4]!; // section 2, row 3
    expect(map.seats.statuses[1]).toBe('1');
    expect(map.seats.statuses[firstSeat + 7]).toBe('1');
    expect(map.seats.statuses.replaceAll('0', '')).toBe('11');
    const plain = await call<SeatMapBody>('GET', `/v1/sessions/${sessionId}/seats`, {
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.body).toEqual(map);
  });

  it('carries an ETag: If-None-Match answers 304 with no body while the map is unchanged; a hold changes it', async () => {
    const sessionId = await openSmallSession();
    const url = `/v1/sessions/${sessionId}/seats`;
    const first = await call<SeatMapBody>('GET', url, { headers: { 'accept-encoding': 'identity' } });
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    const again = await fetch(`${inject('apiUrl')}${url}`, {
      headers: { 'if-none-match': etag, 'accept-encoding': 'identity' },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    // A list, a weak form and `*` match too; another tag does not.
    for (const inm of [`"zzz", ${etag}`, `W/${etag}`, '*']) {
      const res = await fetch(`${inject('apiUrl')}${url}`, { headers: { 'if-none-match': inm } });
      expect(res.status, inm).toBe(304);
    }
    const other = await call<SeatMapBody>('GET', url, { headers: { 'if-none-match': '"other"' } });
    expect(other.status).toBe(200);
    // The gzip representation has its own tag, which matches the same content.
    const gz = await rawGet(`${inject('apiUrl')}${url}`, { 'accept-encoding': 'gzip' });
    expect(gz.headers.etag).toBe(`${etag.slice(0, -1)}-gz"`);
    const gz304 = await rawGet(`${inject('apiUrl')}${url}`, {
      'accept-encoding': 'gzip',
      'if-none-match': String(gz.headers.etag),
    });
    expect(gz304.status).toBe(304);
    // A hold changes the map: the old tag no longer matches.
    const user = await newUser();
    const buyers = await addBuyers(user.token, 1);
    await call('POST', `/v1/sessions/${sessionId}/holds`, {
      token: user.token,
      body: { seatIds: ['1-1-1'], buyerIds: buyers },
    });
    const changed = await call<SeatMapBody>('GET', url, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(changed.body.seats.statuses[0]).toBe('1');
  });

  it('shows a scheduled session as all available and answers 404 for unknown sessions', async () => {
    const token = await adminToken();
    const created = await call<{ sessions: { sessionId: string }[] }>('POST', '/v1/admin/programs', {
      token,
      body: validProgram,
    });
    const sessionId = created.body.sessions[0]!.sessionId;
    const map = await call<SeatMapBody>('GET', `/v1/sessions/${sessionId}/seats`);
    expect(map.body.status).toBe('SCHEDULED');
    expect(map.body.seats.statuses).toBe('000000');
    const st = await call('GET', `/v1/admin/sessions/${sessionId}/stats`, { token });
    expect(st.status).toBe(409);
    expect((await call('GET', '/v1/sessions/nosuchsession/seats')).status).toBe(404);
    expect((await call('GET', '/v1/sessions/BAD!/seats')).status).toBe(400);
    expect((await call('POST', '/v1/admin/sessions/nosuchsession/open', { token })).status).toBe(404);
  });

  it('lists categories and shows a program with live remaining counts', async () => {
    const cats = await call<{ items: { categoryId: string }[] }>('GET', '/v1/categories');
    expect(cats.body.items.map((c) => c.categoryId)).toEqual(
      expect.arrayContaining(['concert', 'drama', 'sports']),
    );
    const token = await adminToken();
    const created = await call<{ programId: string; sessions: { sessionId: string }[] }>(
      'POST',
      '/v1/admin/programs',
      {
        token,
        body: {
          ...validProgram,
          sessions: [{ ...validProgram.sessions[0], saleOpensAt: '2020-01-01T00:00:00Z' }],
        },
      },
    );
    await call('POST', `/v1/admin/sessions/${created.body.sessions[0]!.sessionId}/open`, { token });
    const program = await call<{
      title: string;
      sessions: { status: string; tiers: { remaining: number }[] }[];
    }>('GET', `/v1/programs/${created.body.programId}`);
    expect(program.body.title).toBe('新节目');
    expect(program.body.sessions[0]).toMatchObject({
      status: 'ON_SALE',
      tiers: [{ tierId: 'A', remaining: 6 }],
    });
    expect((await call('GET', '/v1/programs/nosuchprogram')).status).toBe(404);
  });
});
