import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '#app/registry.ts';
import type { SecretPurpose } from '#platform/needs.ts';
import { buildApp } from '../../infra/app.ts';
import { NEEDS } from '../../infra/stacks/function-needs.ts';
import { apiStack, type Resources } from '../support/api-stack.ts';
import { testApp } from '../support/cdk-app.ts';

/** Offline synths (no bundling): the default deployment and one with the sandbox flag. */
function synth(context: Record<string, unknown> = {}) {
  const built = buildApp(testApp(context));
  built.app.synth();
  const { resourcesOf, fnResource, envOf } = apiStack(built.stateless);
  /** The secrets (by the data stack's logical-id prefix) a function's role may read. */
  const secretsReadBy = (name: string): string[] => {
    const resources = resourcesOf(name);
    const roleRef = (fnResource(name).Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
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
  const resources = Template.fromStack(built.stateless).toJSON().Resources as Resources;
  return { built, resources, secretsReadBy, envOf };
}

/** The data stack's logical-id prefix of each purpose's secret. */
const SECRET_IDS: Record<SecretPurpose, string> = {
  tokenSigning: 'TokenSigningKey',
  gate: 'GateSecret',
  pii: 'PiiKey',
  ticketSigning: 'TicketSigningKey',
  sandboxCallback: 'SandboxCallbackSecret',
};

describe('who can read which secret (cdk synth, offline)', () => {
  const { built, secretsReadBy, envOf } = synth();
  const names = [...built.stateless.functions.keys()];
  const FIRST_DEPLOY = ['AlipayCredentials', 'FirstAdmin', 'PiiKey', 'TicketSigningKey', 'TokenSigningKey'];

  it('every function reads exactly the secrets its needs name, and the cache password', () => {
    for (const name of names) {
      const needs = NEEDS[name];
      const expected = [
        'CacheUserSecret',
        ...(needs.secrets ?? []).filter((p) => p !== 'sandboxCallback').map((p) => SECRET_IDS[p]),
        ...(needs.payments ? ['AlipayCredentials'] : []),
        ...(needs.firstDeploy ? FIRST_DEPLOY : []),
        // Behind CloudFront every route checks the origin header.
        ...(name in ROUTES ? ['OriginVerify'] : []),
      ];
      expect(secretsReadBy(name), name).toEqual([...new Set(expected)].sort());
    }
  });

  it('the ticket signing key is readable by the ticket issuer alone; check-in verifies with the public key', () => {
    const readers = names.filter((n) => secretsReadBy(n).includes('TicketSigningKey'));
    expect(readers.sort()).toEqual(['bootstrap', 'ticket-issuer']);
    // The first deploy's answer, passed into the function's feature stack.
    expect(envOf('tickets-check-in').TICKET_PUBLIC_KEY).toEqual({
      Ref: expect.stringMatching(/^referencetoTicketingApiFirstDeploy[0-9A-F]{8}TicketPublicKey$/),
    });
    expect(envOf('ticket-issuer').TICKET_PUBLIC_KEY).toBeUndefined();
  });

  it('only login can sign access tokens; every route verifies with the public key', () => {
    expect(names.filter((n) => secretsReadBy(n).includes('TokenSigningKey')).sort()).toEqual([
      'auth-login',
      'bootstrap',
    ]);
    for (const name of Object.keys(ROUTES)) {
      expect(envOf(name).TOKEN_PUBLIC_KEY, name).toEqual({
        Ref: expect.stringMatching(/^referencetoTicketingApiFirstDeploy[0-9A-F]{8}TokenPublicKey$/),
      });
    }
  });

  it('only the functions that call a payment provider read the Alipay credentials', () => {
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
        'organiser-jobs',
      ].sort(),
    );
    for (const name of names) {
      expect(secretsReadBy(name).includes('AlipayCredentials'), name).toBe(
        NEEDS[name].payments === true || name === 'bootstrap',
      );
    }
  });

  it('takes Alipay in AWS; the sandbox gateway (and its callback secret) only with the sandboxPayments flag', () => {
    expect(envOf('payments-create').PAYMENT_CHANNELS).toBe('alipay');
    expect(envOf('payments-alipay-notify').PAYMENT_CHANNELS).toBe('alipay');
    expect(envOf('holds-create').PAYMENT_CHANNELS).toBeUndefined();
    expect(names.filter((n) => secretsReadBy(n).includes('SandboxCallbackSecret'))).toEqual([]);
    const flagged = synth({ sandboxPayments: 'true' });
    expect(flagged.envOf('payments-create').PAYMENT_CHANNELS).toBe('alipay,sandbox');
    const readers = [...flagged.built.stateless.functions.keys()].filter((n) =>
      flagged.secretsReadBy(n).includes('SandboxCallbackSecret'),
    );
    expect(readers).toEqual(['payments-callback']);
  });

  it('runs the first deploy with the context values: admin, Alipay app id, seller and public key', () => {
    const { resources, envOf: envWith } = synth({
      adminEmail: 'ops@example.com',
      alipayAppId: '2021000123456789',
      alipaySellerId: '2088000123456789',
      alipayPublicKey: 'MIIBIjANBgkq',
      alipayGateway: 'https://openapi-sandbox.dl.alipaydev.com/gateway.do',
    });
    const first = Object.values(resources).find((r) => r.Type === 'AWS::CloudFormation::CustomResource')!;
    expect(first.Properties).toMatchObject({
      AdminEmail: 'ops@example.com',
      AdminMobile: '13900000000',
      AlipayAppId: '2021000123456789',
      AlipaySellerId: '2088000123456789',
      AlipayPublicKey: 'MIIBIjANBgkq',
    });
    expect(envWith('payment-reconciler').ALIPAY_GATEWAY).toBe(
      'https://openapi-sandbox.dl.alipaydev.com/gateway.do',
    );
    expect(envOf('payment-reconciler').ALIPAY_GATEWAY).toBeUndefined(); // production by default
  });
});
