import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildApp, DeployConfigError, deployEnv } from '../../infra/app.ts';
import { testApp } from '../support/cdk-app.ts';

/** cdk.json's context, as the CDK CLI hands it to the app on every `cdk deploy`. */
const cliContext = (JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: Record<string, unknown> })
  .context;

const ACCOUNT = '123456789012';

/**
 * What the CLI's availability-zone lookup answers (it needs credentials; a test cannot ask):
 * given as context, the VPC is built from it as in a real deploy and nothing is left to look up.
 */
const azContext = (region: string) => ({
  [`availability-zones:account=${ACCOUNT}:region=${region}`]: ['a', 'b', 'c'].map((z) => `${region}${z}`),
});

/** Synthesizes as `cdk deploy` would in that region; throws if cdk-nag reports any finding. */
function synthIn(region: string) {
  const { app } = buildApp(testApp({ ...cliContext, ...azContext(region) }), { account: ACCOUNT, region });
  return app.synth();
}

describe('cdk deploy with a real account and region (synth as the CLI does it, cdk-nag on)', () => {
  it.each([
    ['eu-west-1', 'the API elsewhere, the web ACL in us-east-1 by cross-region reference'],
    ['us-east-1', 'everything in us-east-1'],
  ])('passes cdk-nag in %s (%s) with nothing left to look up', (region) => {
    const assembly = synthIn(region);
    expect(assembly.manifest.missing ?? []).toEqual([]);
    const api = assembly.getStackByName('TicketingApi');
    expect(api.environment).toMatchObject({ account: ACCOUNT, region });
    // The web app's upload role is where the finding was: its acknowledgements name the
    // literal asset bucket, and nothing else in the app is acknowledged by it.
    const report = JSON.parse(readFileSync(`${assembly.directory}/validation-report.json`, 'utf8')) as {
      pluginReports: {
        conclusion: string;
        violations: unknown[];
        suppressedViolations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
      }[];
    };
    for (const r of report.pluginReports) expect([r.conclusion, r.violations.length]).toEqual(['success', 0]);
    const assetBucket = report.pluginReports[0]!.suppressedViolations.filter((v) =>
      v.ruleName.includes(`cdk-hnb659fds-assets-${ACCOUNT}-${region}`),
    );
    expect(assetBucket.length).toBeGreaterThan(0);
    for (const v of assetBucket)
      for (const c of v.violatingConstructs)
        expect(c.constructPath).toMatch(/^TicketingApi\/Custom::CDKBucketDeployment[0-9A-F]+\/ServiceRole\//);
  });

  it('asks for a region in one line when credentials name an account but no region is set', () => {
    expect(() => deployEnv({ CDK_DEFAULT_ACCOUNT: ACCOUNT })).toThrow(DeployConfigError);
    expect(deployEnv({})).toEqual({ account: undefined, region: undefined });
    expect(deployEnv({ CDK_DEFAULT_ACCOUNT: ACCOUNT, CDK_DEFAULT_REGION: 'eu-west-1' })).toEqual({
      account: ACCOUNT,
      region: 'eu-west-1',
    });
    // As the CLI runs the app (cdk.json's "app"): one line on stderr, no stack trace, exit 1.
    const { CDK_DEFAULT_REGION: _r, AWS_REGION: _a, AWS_DEFAULT_REGION: _d, ...env } = process.env;
    const run = spawnSync('npx', ['tsx', 'infra/app.ts'], {
      env: { ...env, CDK_DEFAULT_ACCOUNT: ACCOUNT, CDK_OUTDIR: '/nonexistent' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^No AWS region for account 123456789012: set AWS_REGION .*CDK_DEFAULT_REGION/);
  }, 60_000);
});
