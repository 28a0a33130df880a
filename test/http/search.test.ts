import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { listingCard } from '#shared/search/listing.ts';
import { adminToken, call } from '../support/api.ts';

type Card = ReturnType<typeof listingCard>;
interface Page {
  items: Card[];
  nextCursor: string | null;
}

const DAY = 86_400_000;
const inDays = (d: number) => new Date(Date.now() + d * DAY).toISOString();

/** Creates a program (one session per entry of `shows`: days from now and tier prices). */
async function program(p: {
  title: string;
  actor: string;
  city: string;
  categoryId: string;
  venue?: string;
  shows: { days: number; prices: number[] }[];
}): Promise<string> {
  const res = await call<{ programId: string }>('POST', '/v1/admin/programs', {
    token: await adminToken(),
    body: {
      title: p.title,
      actor: p.actor,
      city: p.city,
      venue: p.venue ?? '测试剧场',
      categoryId: p.categoryId,
      sessions: p.shows.map((s) => ({
        startsAt: inDays(s.days),
        saleOpensAt: inDays(Math.min(-1, s.days - 1)),
        tiers: s.prices.map((priceCents, i) => ({
          tierId: `T${i}`,
          name: `票档${i}`,
          priceCents,
          perUserLimit: 4,
        })),
        layout: {
          sections: s.prices.map((_, i) => ({ name: `区${i}`, tierId: `T${i}`, rows: 1, seatsPerRow: 4 })),
        },
      })),
    },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.programId;
}

const search = (query: string) => call<Page>('GET', `/v1/programs?${query}`);
const ids = (page: Page) => page.items.map((c) => c.programId);

describe('GET /v1/programs on the demo catalogue', () => {
  it('finds a performer and a city together (every word must match)', async () => {
    const res = await search(`q=${encodeURIComponent('周杰伦 上海')}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((c) => c.title)).toEqual(['周杰伦「嘉年华」世界巡回演唱会 上海站']);
    const card = res.body.items[0]!;
    expect(card).toMatchObject({ actor: '周杰伦', city: '上海', categoryId: 'popconcert', onSale: true });
    expect(card.minPriceCents).toBe(48_000);
    expect(card.maxPriceCents).toBe(188_000);
    // Another city's word makes it fail: AND, not OR.
    expect((await search(`q=${encodeURIComponent('周杰伦 北京')}`)).body.items).toEqual([]);
  });

  it('combines a text search with a city and a date range', async () => {
    const q = `q=${encodeURIComponent('演唱会')}&city=${encodeURIComponent('北京')}`;
    const soon = await search(`${q}&from=${inDays(0)}&to=${inDays(45)}`);
    expect(soon.body.items).toEqual([]);
    const later = await search(`${q}&from=${inDays(45)}&to=${inDays(90)}`);
    expect(later.body.items.map((c) => c.title)).toEqual(['五月天「回到那一天」巡回演唱会 北京站']);
    // Listed before its sale opens, and says so.
    expect(later.body.items[0]!.onSale).toBe(false);
  });
});

describe('GET /v1/programs filters, sorts and pages', () => {
  // A city of its own keeps this file's programs apart from every other test's.
  const city = `检索城${randomBytes(3).toString('hex')}`;
  const made: Record<string, string> = {};

  beforeAll(async () => {
    made.rock = await program({
      title: '摇滚之夜',
      actor: 'Mayday',
      city,
      categoryId: 'popconcert',
      shows: [{ days: 5, prices: [30_000, 90_000] }],
    });
    made.drama = await program({
      title: '雷雨',
      actor: '北京人艺',
      city,
      categoryId: 'drama',
      shows: [{ days: 3, prices: [10_000] }],
    });
    made.match = await program({
      title: '足球友谊赛',
      actor: '城市队',
      city,
      categoryId: 'football',
      shows: [{ days: 9, prices: [50_000, 20_000] }],
    });
    made.twoShows = await program({
      title: '话剧《雷雨》重排',
      actor: '青年剧团',
      city,
      categoryId: 'drama',
      shows: [
        { days: 20, prices: [60_000] },
        { days: 1, prices: [70_000] },
      ],
    });
    made.past = await program({
      title: '已经演完的雷雨',
      actor: '旧剧团',
      city,
      categoryId: 'drama',
      shows: [{ days: -3, prices: [5_000] }],
    });
  });

  it('lists the city by show time by default, leaving out programs whose shows are all past', async () => {
    const res = await search(`city=${encodeURIComponent(city)}`);
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual([made.twoShows, made.drama, made.rock, made.match]);
    expect(res.body.nextCursor).toBeNull();
    // The past program is there for a search that asks for the past.
    const past = await search(`city=${encodeURIComponent(city)}&from=${inDays(-10)}&to=${inDays(-1)}`);
    expect(ids(past.body)).toEqual([made.past]);
  });

  it('filters by category including its children', async () => {
    const concert = await search(`city=${encodeURIComponent(city)}&categoryId=concert`);
    expect(ids(concert.body)).toEqual([made.rock]);
    const drama = await search(`city=${encodeURIComponent(city)}&categoryId=theatre`);
    expect(ids(drama.body)).toEqual([made.twoShows, made.drama]);
  });

  it('filters by a price range that overlaps the program prices, and sorts by price', async () => {
    const res = await search(
      `city=${encodeURIComponent(city)}&minPriceCents=40000&maxPriceCents=65000&sort=price`,
    );
    // rock 300-900, match 200-500, twoShows 600-700 overlap [400, 650]; drama 100 does not.
    expect(ids(res.body)).toEqual([made.match, made.rock, made.twoShows]);
  });

  it('a date window matches any of a program’s sessions', async () => {
    const res = await search(`city=${encodeURIComponent(city)}&from=${inDays(15)}&to=${inDays(25)}`);
    expect(ids(res.body)).toEqual([made.twoShows]);
  });

  it('ranks a text search by relevance: a title match before an actor match', async () => {
    const own = `排序城${randomBytes(3).toString('hex')}`;
    const byActor = await program({
      title: '夏日音乐节',
      actor: '雷雨乐队',
      city: own,
      categoryId: 'popconcert',
      shows: [{ days: 1, prices: [100] }],
    });
    const byTitle = await program({
      title: '雷雨',
      actor: '剧团',
      city: own,
      categoryId: 'drama',
      shows: [{ days: 30, prices: [100] }],
    });
    const res = await search(`city=${encodeURIComponent(own)}&q=${encodeURIComponent('雷雨')}`);
    expect(ids(res.body)).toEqual([byTitle, byActor]);
    // sort=showTime overrides relevance.
    const byTime = await search(
      `city=${encodeURIComponent(own)}&q=${encodeURIComponent('雷雨')}&sort=showTime`,
    );
    expect(ids(byTime.body)).toEqual([byActor, byTitle]);
  });

  it('matches one CJK character, a Latin prefix and the performer', async () => {
    const c = `city=${encodeURIComponent(city)}`;
    expect(ids((await search(`${c}&q=${encodeURIComponent('雷雨')}`)).body).sort()).toEqual(
      [made.drama, made.twoShows].sort(),
    );
    expect(ids((await search(`${c}&q=${encodeURIComponent('摇')}`)).body)).toEqual([made.rock]);
    expect(ids((await search(`${c}&q=mayd`)).body)).toEqual([made.rock]);
    expect(ids((await search(`${c}&q=MAYDAY`)).body)).toEqual([made.rock]);
    expect(ids((await search(`${c}&q=${encodeURIComponent('人艺')}`)).body)).toEqual([made.drama]);
    expect((await search(`${c}&q=${encodeURIComponent('不存在的节目')}`)).body.items).toEqual([]);
  });

  it('pages with the cursor through every result once, in order', async () => {
    const all = ids((await search(`city=${encodeURIComponent(city)}&sort=price`)).body);
    expect(all).toHaveLength(4);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: Page } = await search(
        `city=${encodeURIComponent(city)}&sort=price&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...ids(res.body));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('refuses bad input with 400 and the fields named', async () => {
    const cases: [string, string][] = [
      ['sort=cheapest', 'query.sort'],
      ['limit=0', 'query.limit'],
      ['limit=101', 'query.limit'],
      ['from=yesterday', 'query.from'],
      [`from=${inDays(5)}&to=${inDays(1)}`, 'query.to'],
      ['minPriceCents=-1', 'query.minPriceCents'],
      ['minPriceCents=500&maxPriceCents=100', 'query.maxPriceCents'],
      ['cursor=not-a-cursor', 'query.cursor'],
      [`q=${'长'.repeat(101)}`, 'query.q'],
    ];
    for (const [query, field] of cases) {
      const res = await call<{ error: { code: string; details: { fields: { path: string }[] } } }>(
        'GET',
        `/v1/programs?${query}`,
      );
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.fields.map((f) => f.path)).toContain(field);
    }
    // A cursor of one sort order does not continue another.
    const page = await search(`city=${encodeURIComponent(city)}&sort=price&limit=1`);
    const other = await search(
      `city=${encodeURIComponent(city)}&sort=showTime&cursor=${page.body.nextCursor}`,
    );
    expect(other.status).toBe(400);
  });
});

describe('GET /v1/home', () => {
  it('has one section per top-level category with up to 7 programs, in the city', async () => {
    const city = `首页城${randomBytes(3).toString('hex')}`;
    const concerts: string[] = [];
    for (let i = 0; i < 8; i++)
      concerts.push(
        await program({
          title: `演唱会${i}`,
          actor: `歌手${i}`,
          city,
          categoryId: 'popconcert',
          shows: [{ days: 10 + i, prices: [1_000] }],
        }),
      );
    const match = await program({
      title: '球赛',
      actor: '球队',
      city,
      categoryId: 'football',
      shows: [{ days: 2, prices: [1_000] }],
    });
    const res = await call<{ sections: { categoryId: string; name: string; programs: Card[] }[] }>(
      'GET',
      `/v1/home?city=${encodeURIComponent(city)}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.sections.map((s) => s.categoryId)).toEqual(['concert', 'sports']);
    expect(res.body.sections[0]!.name).toBe('演唱会');
    expect(res.body.sections[0]!.programs.map((p) => p.programId)).toEqual(concerts.slice(0, 7));
    expect(res.body.sections[1]!.programs.map((p) => p.programId)).toEqual([match]);
    // Without a city: the whole country, demo programs included.
    const all = await call<{ sections: { categoryId: string }[] }>('GET', '/v1/home');
    expect(all.body.sections.map((s) => s.categoryId)).toEqual(
      expect.arrayContaining(['concert', 'theatre', 'sports', 'classical']),
    );
  });

  it('refuses a city that is too long', async () => {
    expect((await call('GET', `/v1/home?city=${'x'.repeat(33)}`)).status).toBe(400);
  });
});

describe('POST /v1/admin/search/reindex (and its progress)', () => {
  it('rebuilds the index from the listings as a job, and searches answer as before; admins only', async () => {
    const title = `重建${randomBytes(3).toString('hex')}`;
    const programId = await program({
      title,
      actor: '重建',
      city: '杭州',
      categoryId: 'drama',
      shows: [{ days: 30, prices: [12_000] }],
    });
    const search = async () =>
      (await call<Page>('GET', `/v1/programs?q=${encodeURIComponent(title)}`)).body.items.map(
        (c) => c.programId,
      );
    expect(await search()).toEqual([programId]);
    const admin = await adminToken();
    const started = await call<{ reindexId: string; status: string; programs: number }>(
      'POST',
      '/v1/admin/search/reindex',
      { token: admin },
    );
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'RUNNING', programs: 0 });
    const path = `/v1/admin/search/reindex/${started.body.reindexId}`;
    let progress = started.body;
    for (const deadline = Date.now() + 60_000; progress.status !== 'DONE' && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 250));
      progress = (await call<typeof started.body>('GET', path, { token: admin })).body;
    }
    expect(progress.status).toBe('DONE');
    expect(progress.programs).toBeGreaterThan(0);
    expect(await search()).toEqual([programId]);

    // Scoped and validated: no token 401, a buyer 403, an unknown job 404, a malformed id 400.
    expect((await call('POST', '/v1/admin/search/reindex')).status).toBe(401);
    const buyer = await call<{ token: string }>('POST', '/v1/auth/login', {
      body: { mobile: '13800000000', password: 'demo-password' },
    });
    expect((await call('POST', '/v1/admin/search/reindex', { token: buyer.body.token })).status).toBe(403);
    expect((await call('GET', '/v1/admin/search/reindex/rxnosuch0000', { token: admin })).status).toBe(404);
    const bad = await call<{ error: { code: string } }>('GET', '/v1/admin/search/reindex/NOT-AN-ID', {
      token: admin,
    });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  }, 90_000);
});
