import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll } from 'vitest';

const outdirs: string[] = [];
// A synth with bundling writes every function's bundle and source map (~450 MB): an App's
// default outdir is a fresh temp dir nobody removes, so each test run used to leave them behind.
afterAll(() => {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A CDK App for a test, writing its cloud assembly to a temp dir removed when the test file
 * ends. Offline unless `bundle` is set: no function is bundled (`aws:cdk:bundling-stacks`).
 */
export function testApp(context: Record<string, unknown> = {}, opts: { bundle?: boolean } = {}): App {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk.out-test-'));
  outdirs.push(outdir);
  return new App({
    outdir,
    context: opts.bundle ? context : { 'aws:cdk:bundling-stacks': [], ...context },
  });
}
