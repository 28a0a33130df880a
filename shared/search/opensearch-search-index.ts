import type { API, Client } from '@opensearch-project/opensearch';
import { reportBreakerChange } from '#platform/resilience/breaker-reports.ts';
import { DependencyBreaker } from '#platform/resilience/circuit-breaker.ts';
import type { ProgramListing, ProgramQuery, SearchIndex, SearchPage } from '#shared/ports/search-index.ts';

/**
 * The index: Chinese text analysed into CJK bigrams (built-in `cjk_bigram`, no plugin), so it
 * matches what the embedded index does; unigrams are indexed too, so a one-character query
 * finds its programs. Filters and sorts work on keyword, date and integer fields.
 */
export const INDEX_BODY = {
  settings: {
    analysis: {
      filter: { bigrams_and_unigrams: { type: 'cjk_bigram', output_unigrams: true } },
      analyzer: {
        cjk_index: {
          type: 'custom',
          tokenizer: 'standard',
          filter: ['cjk_width', 'lowercase', 'bigrams_and_unigrams'],
        },
        cjk_query: {
          type: 'custom',
          tokenizer: 'standard',
          filter: ['cjk_width', 'lowercase', 'cjk_bigram'],
        },
      },
    },
  },
  mappings: {
    dynamic: 'strict',
    properties: {
      programId: { type: 'keyword' },
      title: { type: 'text', analyzer: 'cjk_index', search_analyzer: 'cjk_query' },
      actor: { type: 'text', analyzer: 'cjk_index', search_analyzer: 'cjk_query' },
      venue: { type: 'text', analyzer: 'cjk_index', search_analyzer: 'cjk_query' },
      city: { type: 'keyword' },
      categoryId: { type: 'keyword' },
      categoryPath: { type: 'keyword' },
      showTimes: { type: 'date' },
      firstShowTime: { type: 'date' },
      lastShowTime: { type: 'date' },
      minPriceCents: { type: 'long' },
      maxPriceCents: { type: 'long' },
      onSale: { type: 'boolean' },
      saleEndsAt: { type: 'date' },
      updatedAt: { type: 'date' },
    },
  },
};

interface Hit {
  _source: ProgramListing;
  sort?: (string | number)[];
}

/** Production SearchIndex on an OpenSearch domain (requests SigV4-signed by the client's connection). */
export class OpenSearchSearchIndex implements SearchIndex {
  private ready: Promise<void> | undefined;
  private clientPromise: Promise<Client> | undefined;

  /**
   * `connect` makes the client on first use: every function shares the composition root,
   * and only the few that search should pay for loading the client.
   */
  constructor(
    private readonly connect: () => Promise<Client> | Client,
    private readonly indexName: string,
    /** Every call goes through it: an unreachable domain costs microseconds, then DynamoDB answers. */
    private readonly breaker = new DependencyBreaker('opensearch', reportBreakerChange),
  ) {}

  private get client(): Promise<Client> {
    this.clientPromise ??= Promise.resolve(this.connect());
    return this.clientPromise;
  }

  /**
   * Creates the index with its mapping on first use (once per container; a lost race is
   * fine). An index made by an older release gets the fields added since (the mapping is
   * strict, so a listing with a field it lacks would be refused): adding fields is allowed
   * on a live index, and putting ones it has already changes nothing.
   */
  private ensureIndex(): Promise<void> {
    this.ready ??= (async () => {
      const client = await this.client;
      const exists = await client.indices.exists({ index: this.indexName });
      if (exists.body) {
        await client.indices.putMapping({
          index: this.indexName,
          body: INDEX_BODY.mappings as unknown as API.Indices_PutMapping_RequestBody,
        });
        return;
      }
      try {
        // The client's generated types lack the built-in `cjk_bigram` filter type; the body is right.
        const body = INDEX_BODY as unknown as API.Indices_Create_RequestBody;
        await client.indices.create({ index: this.indexName, body });
      } catch (err) {
        if (!String(err).includes('resource_already_exists_exception')) throw err;
      }
    })().catch((err: unknown) => {
      this.ready = undefined;
      throw err;
    });
    return this.ready;
  }

  async index(listing: ProgramListing): Promise<void> {
    await this.breaker.run(async () => {
      await this.ensureIndex();
      await (await this.client).index({ index: this.indexName, id: listing.programId, body: listing });
    });
  }

  async search(query: ProgramQuery): Promise<SearchPage> {
    const client = await this.client;
    const res = await this.breaker.run(() =>
      client.search({ index: this.indexName, body: searchBody(query) }),
    );
    const hits = (res.body.hits.hits ?? []) as unknown as Hit[];
    const page = hits.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((h) => h._source),
      after: hits.length > query.limit && last?.sort ? last.sort : null,
    };
  }
}

/** The query DSL for a search: `match` on the text fields, `term`/`range` filters, a stable sort. */
export function searchBody(q: ProgramQuery): API.Search_RequestBody {
  const filter: NonNullable<API.Search_RequestBody['query']>[] = [
    { range: { showTimes: { gte: q.from, ...(q.to ? { lte: q.to } : {}) } } },
  ];
  if (q.city !== undefined) filter.push({ term: { city: q.city } });
  if (q.categoryId !== undefined) filter.push({ term: { categoryPath: q.categoryId } });
  if (q.minPriceCents !== undefined) filter.push({ range: { maxPriceCents: { gte: q.minPriceCents } } });
  if (q.maxPriceCents !== undefined) filter.push({ range: { minPriceCents: { lte: q.maxPriceCents } } });
  const text = q.q?.trim();
  const must = text
    ? { multi_match: { query: text, fields: ['title^3', 'actor^2', 'venue'], operator: 'and' as const } }
    : { match_all: {} };
  const sortKey =
    q.sort === 'relevance'
      ? { _score: { order: 'desc' as const } }
      : { [q.sort === 'price' ? 'minPriceCents' : 'firstShowTime']: { order: 'asc' as const } };
  return {
    // One more than asked: whether it comes back says if there is a next page.
    size: q.limit + 1,
    query: { bool: { must, filter } },
    sort: [sortKey, { programId: { order: 'asc' } }],
    ...(q.after ? { search_after: q.after } : {}),
    track_total_hits: false,
  };
}
