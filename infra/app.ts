import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
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

/** The CDK app: `npx cdk deploy --all`. Context flags are read here, once. */
export function buildApp(app = new App()): { app: App; stateful: StatefulStack; stateless: StatelessStack } {
  // Strong references (the CDK default, made explicit): the data stack cannot lose an export the API uses.
  if (app.node.tryGetContext('@aws-cdk/core:defaultCrossStackReferences') === undefined) {
    app.node.setContext('@aws-cdk/core:defaultCrossStackReferences', 'strong');
  }
  // CDK custom resources use the SDK in the Lambda runtime; never download one at deploy time.
  if (app.node.tryGetContext('@aws-cdk/customresources:installLatestAwsSdkDefault') === undefined) {
    app.node.setContext('@aws-cdk/customresources:installLatestAwsSdkDefault', false);
  }
  const flag = app.node.tryGetContext('deletionProtection');
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const stateful = new StatefulStack(app, 'TicketingData', {
    deletionProtection: flag !== 'false' && flag !== false,
    env,
  });
  const cors = app.node.tryGetContext('corsOrigins');
  const stateless = new StatelessStack(app, 'TicketingApi', {
    env,
    data: stateful,
    throttle: {
      rateLimit: numberContext(app, 'throttleRate', 5000),
      burstLimit: numberContext(app, 'throttleBurst', 10000),
    },
    corsOrigins: typeof cors === 'string' ? cors.split(',') : Array.isArray(cors) ? cors : ['*'],
    holdTtlSeconds: numberContext(app, 'holdTtlSeconds', 600),
    writerMaxConcurrency: numberContext(app, 'writerMaxConcurrency', 10),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stateful, stateless };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().app.synth();
}
