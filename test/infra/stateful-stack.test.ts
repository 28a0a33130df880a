import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { testApp } from '../support/cdk-app.ts';

/** Synthesizes offline (no Docker, no network, no AWS account) with cdk-nag attached. */
function synth(context: Record<string, unknown> = {}) {
  const { app, stateful } = buildApp(testApp(context));
  const assembly = app.synth(); // throws if cdk-nag reports an unacknowledged error
  return { template: Template.fromStack(stateful), assembly };
}

describe('stateful stack (cdk synth, offline)', () => {
  const { template } = synth();

  it('has the table the code uses: pk/sk, GSI1, GSI2 and GSI3 (keys only), on demand, PITR, TTL, KMS, deletion protection', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true },
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: 'gsi1',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
        }),
        Match.objectLike({
          IndexName: 'gsi2',
          KeySchema: [
            { AttributeName: 'gsi2pk', KeyType: 'HASH' },
            { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        }),
        Match.objectLike({
          IndexName: 'gsi3',
          KeySchema: [
            { AttributeName: 'gsi3pk', KeyType: 'HASH' },
            { AttributeName: 'gsi3sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        }),
      ],
    });
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });

  it('turns deletion protection off with the context flag', () => {
    const { template: t } = synth({ deletionProtection: 'false' });
    t.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: false });
    t.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
  });

  it('sends an order message (and an organiser job step) to its DLQ after a bounded number of receives', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 180,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
      SqsManagedSseEnabled: true,
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 360,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 10 },
      SqsManagedSseEnabled: true,
    });
    // The order queue, the job queue and their DLQs.
    template.resourceCountIs('AWS::SQS::Queue', 4);
  });

  it('keeps the network private: no NAT, no internet gateway, endpoints for the AWS services', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: Match.objectLike({
        'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp('dynamodb')])]),
      }),
    });
    const services = Object.values(template.findResources('AWS::EC2::VPCEndpoint')).map((r) =>
      JSON.stringify(r.Properties.ServiceName),
    );
    for (const s of ['sqs', 'scheduler', 'events', 'secretsmanager', 'xray']) {
      expect(
        services.some((x) => x.includes(`.${s}`)),
        s,
      ).toBe(true);
    }
  });

  it('runs Valkey Serverless with RBAC users (default user off)', () => {
    template.hasResourceProperties('AWS::ElastiCache::ServerlessCache', {
      Engine: 'valkey',
      UserGroupId: Match.anyValue(),
      SecurityGroupIds: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::ElastiCache::User', {
      UserName: 'default',
      AccessString: 'off ~* -@all',
    });
    template.hasResourceProperties('AWS::ElastiCache::User', {
      UserName: 'app',
      AccessString: Match.stringLikeRegexp('-@dangerous'),
    });
  });

  it('runs OpenSearch in the VPC across two AZs, encrypted, HTTPS only, with logs', () => {
    template.hasResourceProperties('AWS::OpenSearchService::Domain', {
      EngineVersion: Match.stringLikeRegexp('^OpenSearch_2\\.'),
      VPCOptions: Match.objectLike({ SubnetIds: Match.anyValue(), SecurityGroupIds: Match.anyValue() }),
      ClusterConfig: Match.objectLike({ InstanceCount: 2, ZoneAwarenessEnabled: true }),
      EncryptionAtRestOptions: { Enabled: true },
      NodeToNodeEncryptionOptions: { Enabled: true },
      DomainEndpointOptions: Match.objectLike({ EnforceHTTPS: true }),
      LogPublishingOptions: Match.objectLike({ SEARCH_SLOW_LOGS: Match.objectLike({ Enabled: true }) }),
    });
  });

  it('has the event bus, the hold schedule group and one secret per purpose, none a placeholder', () => {
    template.resourceCountIs('AWS::Events::EventBus', 1);
    template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
    const secrets = Object.values(template.findResources('AWS::SecretsManager::Secret'));
    const described = (text: string) =>
      secrets.filter((r) => String(r.Properties.Description).includes(text));
    // Cache user, CloudFront origin header, token signing, gate, PII, ticket signing, sandbox
    // callback, first admin, Alipay.
    expect(secrets).toHaveLength(9);
    // The origin header value is generated by Secrets Manager: stable across deploys, never in the template.
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Description: Match.stringLikeRegexp('x-origin-verify'),
      GenerateSecretString: { ExcludePunctuation: true, PasswordLength: 48 },
    });
    // Generated by Secrets Manager: the gate and sandbox-callback HMAC roots.
    for (const [text, key, length] of [
      ['GATE_SECRET', 'GATE_SECRET', 64],
      ['PAYMENT_PROVIDER_SECRET', 'PAYMENT_PROVIDER_SECRET', 48],
    ] as const) {
      expect(described(text)[0]!.Properties.GenerateSecretString).toMatchObject({
        SecretStringTemplate: '{}',
        GenerateStringKey: key,
        PasswordLength: length,
      });
    }
    // Generated by the first deploy: these start holding only a random revision.
    for (const text of [
      'TOKEN_SIGNING_KEY',
      'PII_KEY',
      'TICKET_SIGNING_KEY',
      'The first admin',
      'Alipay app',
    ]) {
      expect(described(text)[0]!.Properties.GenerateSecretString, text).toMatchObject({
        SecretStringTemplate: '{}',
        GenerateStringKey: 'revision',
      });
    }
    // No value anyone could know is in the template.
    expect(JSON.stringify(template.toJSON())).not.toMatch(/replace[-_ ]?me|change[-_ ]?me|placeholder/i);
    expect(JSON.stringify(template.toJSON())).not.toMatch(/"SecretString":/);
  });
});
