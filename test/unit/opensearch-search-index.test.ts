import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenSearchClient } from '#platform/clients/opensearch.ts';
import type { ProgramListing, ProgramQuery } from '#shared/ports/search-index.ts';
import { INDEX_BODY, OpenSearchSearchIndex, searchBody } from '#shared/search/opensearch-search-index.ts';

/**
 * No OpenSearch server runs on this machine (LOCAL.md), so the adapter is checked against a
 * recording HTTP endpoint that answers as OpenSearch does: the requests it signs and sends,
 * and how it reads the answers.
 */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}
const seen: Seen[] = [];
let indexExists = false;
let failSearch = false;
let hits: { _source: ProgramListing; sort: (string | number)[] }[] = [];
let server: Server;
let url = '';

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret';
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => {
      raw += c.toString('utf8');
    });
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: raw ? JSON.parse(raw) : undefined,
      });
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(req.method === 'HEAD' ? undefined : JSON.stringify(body));
      };
      if (req.method === 'HEAD') return send(indexExists ? 200 : 404, {});
      if (req.method === 'PUT' && req.url === '/programs') {
        indexExists = true;
        return send(200, { acknowledged: true });
      }
      if (req.method === 'POST' && req.url === '/programs/_mapping') return send(200, { acknowledged: true });
      if (req.method === 'PUT' && req.url?.startsWith('/programs/_doc/'))
        return send(201, { result: 'created' });
      if (req.url?.startsWith('/programs/_search')) {
        if (failSearch) return send(503, { error: 'cluster_block_exception' });
        return send(200, { took: 1, timed_out: false, hits: { hits } });
      }
      send(404, { error: 'no such path' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const listing = (programId: string, minPriceCents: number): ProgramListing => ({
  programId,
  title: '雷雨',
  actor: '剧团',
  city: '北京',
  venue: '首都剧场',
  categoryId: 'drama',
  categoryPath: ['drama', 'theatre'],
  showTimes: ['2031-01-01T12:00:00.000Z'],
  firstShowTime: '2031-01-01T12:00:00.000Z',
  lastShowTime: '2031-01-01T12:00:00.000Z',
  minPriceCents,
  maxPriceCents: minPriceCents,
  onSale: true,
  updatedAt: '2030-01-01T00:00:00.000Z',
});

describe('OpenSearch search index adapter', () => {
  const index = () => new OpenSearchSearchIndex(() => createOpenSearchClient(url, 'eu-west-1'), 'programs');

  it('creates the index with its CJK mapping once, then puts each listing by id, SigV4-signed for es', async () => {
    const adapter = index();
    await adapter.index(listing('p1', 100));
    await adapter.index(listing('p2', 200));
    const calls = seen.map((s) => `${s.method} ${s.url.split('?')[0]}`);
    expect(calls).toEqual([
      'HEAD /programs',
      'PUT /programs',
      'PUT /programs/_doc/p1',
      'PUT /programs/_doc/p2',
    ]);
    expect(seen[1]!.body).toEqual(INDEX_BODY);
    expect(seen[2]!.body).toEqual(listing('p1', 100));
    for (const s of seen) {
      expect(s.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/es\/aws4_request/,
      );
      expect(s.headers['x-amz-date']).toBeDefined();
    }
  });

  it('adds the fields of this release to an index an older one made, before putting a listing', async () => {
    seen.length = 0;
    indexExists = true;
    await index().index({ ...listing('p3', 300), saleEndsAt: '2031-01-01T10:00:00.000Z' });
    expect(seen.map((s) => `${s.method} ${s.url.split('?')[0]}`)).toEqual([
      'HEAD /programs',
      'POST /programs/_mapping',
      'PUT /programs/_doc/p3',
    ]);
    expect(seen[1]!.body).toEqual(INDEX_BODY.mappings);
    expect(JSON.stringify(seen[1]!.body)).toContain('"saleEndsAt":{"type":"date"}');
  });

  it('sends the filters and a stable sort, and reads a page with its cursor', async () => {
    seen.length = 0;
    const q: ProgramQuery = {
      q: '雷雨',
      city: '北京',
      categoryId: 'theatre',
      from: '2030-06-01T00:00:00.000Z',
      to: '2031-06-01T00:00:00.000Z',
      minPriceCents: 50,
      maxPriceCents: 500,
      sort: 'price',
      limit: 2,
      after: [50, 'p0'],
    };
    hits = [
      { _source: listing('p1', 100), sort: [100, 'p1'] },
      { _source: listing('p2', 200), sort: [200, 'p2'] },
      { _source: listing('p3', 300), sort: [300, 'p3'] },
    ];
    const page = await index().search(q);
    expect(page.items.map((l) => l.programId)).toEqual(['p1', 'p2']);
    expect(page.after).toEqual([200, 'p2']);
    const body = seen.at(-1)!.body;
    expect(body).toEqual(searchBody(q));
    expect(body).toMatchObject({
      size: 3,
      search_after: [50, 'p0'],
      sort: [{ minPriceCents: { order: 'asc' } }, { programId: { order: 'asc' } }],
      query: {
        bool: {
          must: { multi_match: { query: '雷雨', operator: 'and' } },
          filter: expect.arrayContaining([
            { term: { city: '北京' } },
            { term: { categoryPath: 'theatre' } },
            { range: { showTimes: { gte: q.from, lte: q.to } } },
            { range: { maxPriceCents: { gte: 50 } } },
            { range: { minPriceCents: { lte: 500 } } },
          ]),
        },
      },
    });
    // The last page: no more hits than asked, no cursor.
    hits = hits.slice(0, 2);
    expect((await index().search(q)).after).toBeNull();
  });

  it('relevance sorts by score; a failing domain rejects (the caller falls back)', async () => {
    expect(searchBody({ from: 'x', sort: 'relevance', limit: 5 }).sort).toEqual([
      { _score: { order: 'desc' } },
      { programId: { order: 'asc' } },
    ]);
    failSearch = true;
    await expect(
      index().search({ from: '2030-01-01T00:00:00Z', sort: 'showTime', limit: 5 }),
    ).rejects.toThrow();
    failSearch = false;
  });
});
