/**
 * How a function is bundled (esbuild, through NodejsFunction): one place, so the stack, the
 * bundle-size test and the bench build the same thing.
 */

/** ESM bundles need a require() for the CommonJS dependencies they inline. */
export const ESM_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** What a function's code can reach that is heavy and only some functions use. */
export interface BundleNeeds {
  /** Calls a payment provider: `alipay-sdk` (~1 MB with its HTTP client). */
  payments?: boolean;
  /**
   * Searches: the OpenSearch client (~290 KB minified) and MiniSearch (~18 KB), the embedded
   * index the listing fallback builds when OpenSearch does not answer.
   */
  search?: boolean;
}

/**
 * Modules left out of a function's bundle. The Lambda runtime provides the AWS SDK v3; the
 * heavy optional clients are imported dynamically where they are used (alipay-provider.ts,
 * clients/opensearch.ts, search/memory-search-index.ts), so a function that never takes that
 * path never loads them, and leaving them out is safe.
 */
export function bundleExternals(needs: BundleNeeds): string[] {
  return [
    '@aws-sdk/*',
    ...(needs.payments ? [] : ['alipay-sdk']),
    ...(needs.search
      ? []
      : ['@opensearch-project/opensearch', '@opensearch-project/opensearch/*', 'minisearch']),
  ];
}

/**
 * Packages replaced in every bundle: `debug` (ioredis's and the OpenSearch client's internal
 * logging) by shims/debug.cjs, which keeps DEBUG=namespace output without its ~10 KB of
 * terminal colour detection and time formatting. Paths are from the project root, esbuild's
 * working directory (also inside CDK's bundling container, where the root is mounted).
 */
export const BUNDLE_ALIASES: Record<string, string> = {
  debug: './infra/constructs/shims/debug.cjs',
};

/** The esbuild options NodejsFunction is given (besides the entry, externals and banner). */
export const BUNDLE_OPTIONS = {
  format: 'esm',
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
} as const;
