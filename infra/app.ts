import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { StatefulStack } from './stacks/stateful-stack.ts';

/** The CDK app: `npx cdk deploy --all`. Context flags are read here, once. */
export function buildApp(app = new App()): { app: App; stateful: StatefulStack } {
  const deletionProtection =
    app.node.tryGetContext('deletionProtection') !== 'false' &&
    app.node.tryGetContext('deletionProtection') !== false;
  const stateful = new StatefulStack(app, 'TicketingData', {
    deletionProtection,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stateful };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().app.synth();
}
