import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { BACKGROUND_FUNCTIONS } from '../../app/registry.ts';
import { buildApp } from '../../infra/app.ts';
import { apiStack } from '../support/api-stack.ts';
import { testApp } from '../support/cdk-app.ts';

const offline = (context: Record<string, unknown> = {}) => testApp(context);

describe('edge: CloudFront with a WAF web ACL in front of the HTTP API (cdk synth, offline, cdk-nag)', () => {
  const built = buildApp(offline());
  built.app.synth(); // throws on any unacknowledged cdk-nag finding
  const waf = Template.fromStack(built.edge!);
  const api = Template.fromStack(built.stateless);

  it('limits requests per client IP with the API’s own 429 body, and runs the AWS managed rules', () => {
    waf.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'RatePerIp',
          Statement: {
            RateBasedStatement: { AggregateKeyType: 'IP', Limit: 2000, EvaluationWindowSec: 300 },
          },
          Action: {
            Block: {
              CustomResponse: Match.objectLike({
                ResponseCode: 429,
                CustomResponseBodyKey: 'rateLimited',
                ResponseHeaders: [{ Name: 'retry-after', Value: '60' }],
              }),
            },
          },
        }),
        Match.objectLike({
          Name: 'AwsCommonRules',
          Statement: {
            ManagedRuleGroupStatement: Match.objectLike({
              Name: 'AWSManagedRulesCommonRuleSet',
              RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
            }),
          },
        }),
        Match.objectLike({
          Statement: {
            ManagedRuleGroupStatement: Match.objectLike({ Name: 'AWSManagedRulesKnownBadInputsRuleSet' }),
          },
        }),
      ]),
    });
    const body = JSON.parse(
      (
        waf.toJSON().Resources as Record<
          string,
          { Properties: { CustomResponseBodies: Record<string, { Content: string }> } }
        >
      )[Object.keys(waf.findResources('AWS::WAFv2::WebACL'))[0]!]!.Properties.CustomResponseBodies
        .rateLimited!.Content,
    );
    expect(body).toEqual({ error: { code: 'RATE_LIMITED', message: expect.any(String) } });
  });

  it('puts CloudFront in front of the API: no caching, every method, viewer headers, the WAF, an origin header', () => {
    const apiBehavior = (path: string) =>
      Match.objectLike({
        PathPattern: path,
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
        ViewerProtocolPolicy: 'https-only',
        CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
        OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac', // Managed-AllViewerExceptHostHeader
      });
    api.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        WebACLId: Match.anyValue(),
        Logging: Match.objectLike({ Prefix: 'api/' }),
        CacheBehaviors: [apiBehavior('/v1/*'), apiBehavior('/health')],
        Origins: Match.arrayWith([
          Match.objectLike({
            CustomOriginConfig: Match.objectLike({
              OriginProtocolPolicy: 'https-only',
              OriginSSLProtocols: ['TLSv1.2'],
            }),
            OriginCustomHeaders: [{ HeaderName: 'x-origin-verify', HeaderValue: Match.anyValue() }],
          }),
        ]),
      }),
    });
    // The origin header comes from Secrets Manager at deploy time: a dynamic reference, never the value.
    const dist = JSON.stringify(api.findResources('AWS::CloudFront::Distribution'));
    expect(dist).toContain('{{resolve:secretsmanager:');
    expect(JSON.stringify(waf.findResources('AWS::WAFv2::WebACL'))).not.toContain('resolve:secretsmanager');
  });

  it('serves the web app from a private bucket at every other path, its routes answered with index.html', () => {
    api.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({
          AllowedMethods: ['GET', 'HEAD'],
          ViewerProtocolPolicy: 'redirect-to-https',
          CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6', // Managed-CachingOptimized
          FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
        }),
        Origins: Match.arrayWith([
          Match.objectLike({ S3OriginConfig: Match.anyValue(), OriginAccessControlId: Match.anyValue() }),
        ]),
      }),
    });
    api.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: Match.objectLike({
        BlockPublicAcls: true,
        RestrictPublicBuckets: true,
      }),
    });
    // The app's routes fall back to index.html; files (with an extension) are served as they are.
    const fn = Object.values(api.findResources('AWS::CloudFront::Function'))[0] as {
      Properties: { FunctionCode: string };
    };
    const handler = new Function(`${fn.Properties.FunctionCode}; return handler;`)() as (e: {
      request: { uri: string };
    }) => { uri: string };
    expect(handler({ request: { uri: '/sessions/s123' } }).uri).toBe('/index.html');
    expect(handler({ request: { uri: '/assets/index-abc.js' } }).uri).toBe('/assets/index-abc.js');
    // Assets immutable for a year, index.html revalidated, both uploaded by the deploy.
    const deployments = JSON.stringify(api.findResources('Custom::CDKBucketDeployment'));
    expect(deployments).toContain('immutable');
    expect(deployments).toContain('no-cache');
  });

  it('makes every HTTP function refuse requests that did not come through CloudFront, and points apps at CloudFront', () => {
    const fns = [...built.stateless.functions.keys()].map(apiStack(built.stateless).fnResource) as {
      Properties: { Environment?: { Variables?: Record<string, unknown> } };
    }[];
    const gated = fns.filter((f) => f.Properties.Environment?.Variables?.ORIGIN_VERIFY_SECRET_ARN);
    // Background functions take no HTTP.
    expect(gated).toHaveLength(built.stateless.functions.size - BACKGROUND_FUNCTIONS.length);
    api.hasOutput('ApiUrl', { Value: { 'Fn::Join': ['', ['https://', Match.anyValue()]] } });
  });

  it('is left out with -c edge=false', () => {
    const off = buildApp(offline({ edge: 'false' }));
    off.app.synth();
    expect(off.edge).toBeUndefined();
    Template.fromStack(off.stateless).resourceCountIs('AWS::CloudFront::Distribution', 0);
    const fns = JSON.stringify([...off.stateless.functions.keys()].map(apiStack(off.stateless).fnResource));
    expect(fns).not.toContain('ORIGIN_VERIFY_SECRET_ARN');
  });

  it('wires the web ACL from us-east-1 to an API in another region (cross-region reference)', () => {
    const prev = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
    Object.assign(process.env, { CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'ap-southeast-1' });
    try {
      const regional = buildApp(offline());
      regional.app.synth();
      expect(regional.edge!.region).toBe('us-east-1');
      expect(regional.stateless.region).toBe('ap-southeast-1');
      const dist = JSON.stringify(
        Template.fromStack(regional.stateless).findResources('AWS::CloudFront::Distribution'),
      );
      expect(dist).toContain('ExportsReader');
    } finally {
      for (const [k, v] of [
        ['CDK_DEFAULT_ACCOUNT', prev.account],
        ['CDK_DEFAULT_REGION', prev.region],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
