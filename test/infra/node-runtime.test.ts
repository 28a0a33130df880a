import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUNDLE_OPTIONS } from '../../infra/constructs/bundling.ts';
import { LAMBDA_RUNTIME } from '../../infra/constructs/ticketing-function.ts';

/** The Node major of a Lambda runtime name: nodejs22.x → 22. */
const majorOf = (runtime: string) => Number(/^nodejs(\d+)\.x$/.exec(runtime)?.[1]);

describe('the Node the tests and the local runtime run on', () => {
  const lambdaMajor = majorOf(LAMBDA_RUNTIME.name);

  it("is the Lambda runtime's major, as are the bundles' target and the pinned node package", () => {
    expect(lambdaMajor).toBeGreaterThanOrEqual(22);
    // This very test runs on it (npm test puts node_modules/.bin first on the PATH).
    expect(Number(process.versions.node.split('.')[0])).toBe(lambdaMajor);
    expect(BUNDLE_OPTIONS.target).toBe(`node${lambdaMajor}`);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    expect(Number(pkg.devDependencies.node?.split('.')[0])).toBe(lambdaMajor);
    expect(Number(pkg.devDependencies['@types/node']?.split('.')[0])).toBe(lambdaMajor);
  });

  it('is what `npm start` and the scripts run: `node` on an npm script’s PATH', () => {
    // npm start runs tsx, whose `#!/usr/bin/env node` finds the first node on the PATH npm gives.
    const version = execFileSync('npm', ['exec', '--', 'node', '--version'], { encoding: 'utf8' }).trim();
    expect(Number(version.replace(/^v/, '').split('.')[0])).toBe(lambdaMajor);
  });
});
