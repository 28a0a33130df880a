import { App, Validations } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DEFAULT_HOLD_TTL_SECONDS } from '../shared/booking/hold-policy.ts';
import { EdgeStack } from './stacks/edge-stack.ts';
import { type AnyFunction, NEEDS } from './stacks/function-needs.ts';
import { StatefulStack } from './stacks/stateful-stack.ts';
import { StatelessStack } from './stacks/stateless-stack.ts';

/** A context flag as a number, with a default (`-c throttleRate=2000`). */
function numberContext(app: App, key: string, fallback: number): number {
  const raw = app.node.tryGetContext(key);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`context ${key} must be a positive number, got ${raw}`);
  return n;
}

/** A context value as a non-empty string, or undefined. */
function stringContext(app: App, key: string): string | undefined {
  const raw = app.node.tryGetContext(key);
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
}

/** A context flag as a boolean (`-c edge=false`), default `fallback`. */
function booleanContext(app: App, key: string, fallback: boolean): boolean {
  const raw = app.node.tryGetContext(key);
  if (raw === undefined) return fallback;
  return raw !== false && raw !== 'false';
}

/**
 * Context `provisioned`: `holds-create:100,orders-create:20` → execution environments kept
 * initialised on each named function's `live` alias (each costs money while it is set: raise
 * it before an on-sale, lower it after).
 */
export function provisionedContext(raw: unknown): Partial<Record<AnyFunction, number>> {
  if (raw === undefined || raw === '') return {};
  if (typeof raw !== 'string')
    throw new DeployConfigError(
      'context provisioned must be a string like holds-create:100,orders-create:20',
    );
  const known = new Set<string>(Object.keys(NEEDS));
  const out: Partial<Record<AnyFunction, number>> = {};
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, count, ...rest] = part.split(':');
    const n = Number(count);
    if (!name || !known.has(name) || rest.length > 0 || !Number.isInteger(n) || n < 1)
      throw new DeployConfigError(
        `context provisioned: "${part}" is not <function>:<count> with a function under functions/ and a whole count of at least 1`,
      );
    out[name as AnyFunction] = n;
  }
  return out;
}

/** Context `deployConfig`: how the API's functions take a new version. */
export const DEPLOY_CONFIGS = {
  canary: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
  linear: codedeploy.LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_1MINUTE,
  allAtOnce: codedeploy.LambdaDeploymentConfig.ALL_AT_ONCE,
} as const;

function deployConfigContext(raw: unknown): codedeploy.ILambdaDeploymentConfig {
  if (raw === undefined) return DEPLOY_CONFIGS.canary;
  if (typeof raw === 'string' && raw in DEPLOY_CONFIGS)
    return DEPLOY_CONFIGS[raw as keyof typeof DEPLOY_CONFIGS];
  throw new DeployConfigError(
    `context deployConfig must be one of ${Object.keys(DEPLOY_CONFIGS).join(', ')}, got ${String(raw)}`,
  );
}

/** Where the stacks go: what the CDK CLI passes from the credentials and AWS config it found. */
export interface DeployEnv {
  account?: string;
  region?: string;
}

/** A setting the app cannot work without, said in one line a newcomer can act on. */
export class DeployConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeployConfigError';
  }
}

/**
 * The account and region, checked. With an account but no region (credentials found, no
 * region configured) the web ACL's cross-region reference cannot be built, so the app says
 * what to set instead of failing inside CDK. Neither set: an environment-agnostic synth
 * (offline, the tests), which `cdk deploy` never does.
 */
export function deployEnv(from: NodeJS.ProcessEnv = process.env): DeployEnv {
  const account = from.CDK_DEFAULT_ACCOUNT || undefined;
  const region = from.CDK_DEFAULT_REGION || undefined;
  if (account && !region)
    throw new DeployConfigError(
      `No AWS region for account ${account}: set AWS_REGION (e.g. AWS_REGION=ap-east-1 npx cdk deploy --all) or a region in your AWS profile; the CDK CLI passes it to the app as CDK_DEFAULT_REGION.`,
    );
  return { account, region };
}

/** The CDK app: `npx cdk deploy --all`. Context flags are read here, once. */
export function buildApp(
  app = new App(),
  target: DeployEnv = deployEnv(),
): {
  app: App;
  stateful: StatefulStack;
  stateless: StatelessStack;
  edge: EdgeStack | undefined;
} {
  // Strong references (the CDK default, made explicit): the data stack cannot lose an export the API uses.
  if (app.node.tryGetContext('@aws-cdk/core:defaultCrossStackReferences') === undefined) {
    app.node.setContext('@aws-cdk/core:defaultCrossStackReferences', 'strong');
  }
  // CDK custom resources use the SDK in the Lambda runtime; never download one at deploy time.
  if (app.node.tryGetContext('@aws-cdk/customresources:installLatestAwsSdkDefault') === undefined) {
    app.node.setContext('@aws-cdk/customresources:installLatestAwsSdkDefault', false);
  }
  const flag = app.node.tryGetContext('deletionProtection');
  const env = target;
  const stateful = new StatefulStack(app, 'TicketingData', {
    deletionProtection: flag !== 'false' && flag !== false,
    env,
  });
  const cors = app.node.tryGetContext('corsOrigins');
  // CloudFront with a WAF web ACL in front of the API; a WAF for CloudFront lives in us-east-1.
  const edge = booleanContext(app, 'edge', true)
    ? new EdgeStack(app, 'TicketingEdge', {
        env: env.account ? { account: env.account, region: 'us-east-1' } : undefined,
        crossRegionReferences: true,
        ratePer5Minutes: numberContext(app, 'wafRatePer5Minutes', 2000),
      })
    : undefined;
  const stateless = new StatelessStack(app, 'TicketingApi', {
    env,
    // The web ACL's ARN comes from us-east-1 when the API is elsewhere.
    crossRegionReferences: Boolean(edge && env.region && env.region !== 'us-east-1'),
    data: stateful,
    ...(edge ? { edge: { webAclArn: edge.webAcl.attrArn } } : {}),
    throttle: {
      rateLimit: numberContext(app, 'throttleRate', 5000),
      burstLimit: numberContext(app, 'throttleBurst', 10000),
    },
    corsOrigins: typeof cors === 'string' ? cors.split(',') : Array.isArray(cors) ? cors : ['*'],
    holdTtlSeconds: numberContext(app, 'holdTtlSeconds', DEFAULT_HOLD_TTL_SECONDS),
    writerMaxConcurrency: numberContext(app, 'writerMaxConcurrency', 10),
    // The signed sandbox gateway takes no money: only for test deployments.
    sandboxPayments: booleanContext(app, 'sandboxPayments', false),
    reserveConcurrency: booleanContext(app, 'reserveConcurrency', true),
    provisioned: provisionedContext(app.node.tryGetContext('provisioned')),
    deployConfig: deployConfigContext(app.node.tryGetContext('deployConfig')),
    ...(stringContext(app, 'adminEmail')
      ? {
          admin: {
            email: stringContext(app, 'adminEmail')!,
            mobile: stringContext(app, 'adminMobile') ?? '13900000000',
          },
        }
      : {}),
    alipay: {
      ...(stringContext(app, 'alipayAppId') ? { appId: stringContext(app, 'alipayAppId')! } : {}),
      ...(stringContext(app, 'alipaySellerId') ? { sellerId: stringContext(app, 'alipaySellerId')! } : {}),
      ...(stringContext(app, 'alipayPublicKey') ? { publicKey: stringContext(app, 'alipayPublicKey')! } : {}),
      // Alipay's sandbox (https://openapi-sandbox.dl.alipaydev.com/gateway.do) while trying it out.
      ...(stringContext(app, 'alipayGateway') ? { gateway: stringContext(app, 'alipayGateway')! } : {}),
    },
    // A verified SES identity (address) to email buyers from; without it buyers get SMS only.
    ...(typeof app.node.tryGetContext('notifyEmailFrom') === 'string'
      ? { notifyEmailFrom: app.node.tryGetContext('notifyEmailFrom') as string }
      : {}),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stateful, stateless, edge };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    buildApp().app.synth();
  } catch (err) {
    // A setting to fix is one line, not a stack trace.
    if (!(err instanceof DeployConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}
