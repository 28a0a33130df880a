import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { NEEDS } from '../../infra/stacks/function-needs.ts';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

/** Offline synths (no bundling): the default deployment and one with the sandbox flag. */
function synth(context: Record<string, unknown> = {}) {
  const built = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } }));
  built.app.synth();
  const resources = Template.fromStack(built.stateless).toJSON().Resources as Resources;
  const fnId = (name: string) =>
    built.stateless.getLogicalId(built.stateless.functions.get(name as never)!.fn.node.defaultChild as never);
  /** The secrets (by the data stack's logical-id prefix) a function's role may read. */
  const secretsReadBy = (name: string): string[] => {
    const roleRef = (resources[fnId(name)]!.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(roleRef!))
      .flatMap(
        (r) =>
          (r.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] })
            .Statement,
      )
      .filter((st) => [st.Action].flat().includes('secretsmanager:GetSecretValue'));
    return statements
      .map(
        (st) =>
          /ExportsOutputRef([A-Za-z]+?)[0-9A-F]{8}/.exec(JSON.stringify(st.Resource))?.[1] ??
          JSON.stringify(st.Resource),
      )
      .sort();
  };
  const envOf = (name: string) =>
    (resources[fnId(name)]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
  return { built, resources, secretsReadBy, envOf };
}

describe('who can read which secret (cdk synth, offline)', () => {
  const { built, secretsReadBy, envOf } = synth();
  const names = [...built.stateless.functions.keys()];

  it('only the functions that call a payment provider read the Alipay credentials', () => {
    for (const name of names) {
      expect(secretsReadBy(name).includes('AlipayCredentials'), name).toBe(NEEDS[name].payments === true);
    }
    expect(names.filter((n) => NEEDS[n].payments).sort()).toEqual(
      [
        'hold-release',
        'hold-sweeper',
        'orders-cancel',
        'orders-payment-check',
        'orders-refund',
        'payment-reconciler',
        'payments-alipay-notify',
        'payments-callback',
        'payments-create',
      ].sort(),
    );
  });

  it('takes Alipay in AWS; the sandbox gateway only with the sandboxPayments flag', () => {
    expect(envOf('payments-create').PAYMENT_CHANNELS).toBe('alipay');
    expect(envOf('payments-alipay-notify').PAYMENT_CHANNELS).toBe('alipay');
    expect(envOf('holds-create').PAYMENT_CHANNELS).toBeUndefined();
    const flagged = synth({ sandboxPayments: 'true' });
    expect(flagged.envOf('payments-create').PAYMENT_CHANNELS).toBe('alipay,sandbox');
  });
});
