import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { BUNDLE_ALIASES, BUNDLE_OPTIONS, bundleExternals, ESM_BANNER } from '../constructs/bundling.ts';
import { type AnyFunction, bundleNeedsOf } from '../stacks/function-needs.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface FunctionBundle {
  dir: string;
  /** index.mjs, with lua/ beside it (as the deployed asset). */
  file: string;
  bytes: number;
  metafile: Metafile;
  remove(): void;
}

/** Builds one function as `cdk deploy` does (same esbuild options and externals), into a temp dir. */
export async function buildFunctionBundle(name: AnyFunction): Promise<FunctionBundle> {
  // Inside the repository, so the modules left external (the AWS SDK, which Lambda provides)
  // resolve from its node_modules when the bundle is run here.
  const parent = join(ROOT, 'node_modules', '.cache', 'function-bundles');
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, `${name}-`));
  const file = join(dir, 'index.mjs');
  const result = await build({
    entryPoints: [join(ROOT, 'functions', name, 'index.ts')],
    bundle: true,
    platform: 'node',
    ...BUNDLE_OPTIONS,
    mainFields: [...BUNDLE_OPTIONS.mainFields],
    external: bundleExternals(bundleNeedsOf(name)),
    alias: BUNDLE_ALIASES,
    absWorkingDir: ROOT,
    banner: { js: ESM_BANNER },
    outfile: file,
    metafile: true,
    logLevel: 'error',
  });
  cpSync(join(ROOT, 'lua'), join(dir, 'lua'), { recursive: true });
  return {
    dir,
    file,
    bytes: statSync(file).size,
    metafile: result.metafile,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Bytes in the bundle per package (node_modules) or per source folder: what to cut next. */
export function bundleComposition(metafile: Metafile): [string, number][] {
  const by = new Map<string, number>();
  for (const output of Object.values(metafile.outputs))
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
      const key = pkg ?? input.split('/').slice(0, 2).join('/');
      by.set(key, (by.get(key) ?? 0) + bytesInOutput);
    }
  return [...by].sort((a, b) => b[1] - a[1]);
}
