import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { SecretPurpose } from '#platform/needs.ts';
import { GSI1, GSI2, GSI3, tableDefinition } from '#shared/records/table.ts';

/** Valkey Serverless usage limits (the alarms use 80% of them). */
export const CACHE_LIMITS = { dataStorageGb: 10, ecpuPerSecond: 5_000_000 };

export interface StatefulStackProps extends StackProps {
  /** Context flag `deletionProtection`: keep the table (and its data) when the stack goes. */
  deletionProtection: boolean;
}

/**
 * Everything that holds data or state: network, table, cache, queues, bus, schedule group,
 * secrets. Functions live in the stateless stack, so redeploying them never touches data.
 */
export class StatefulStack extends Stack {
  readonly vpc: ec2.Vpc;
  readonly table: dynamodb.Table;
  readonly orderQueue: sqs.Queue;
  readonly orderDlq: sqs.Queue;
  readonly jobQueue: sqs.Queue;
  readonly jobDlq: sqs.Queue;
  readonly bus: events.EventBus;
  readonly scheduleGroup: scheduler.CfnScheduleGroup;
  readonly cacheSecurityGroup: ec2.SecurityGroup;
  readonly cache: elasticache.CfnServerlessCache;
  readonly cacheSecret: secretsmanager.Secret;
  /** One secret per purpose (function-needs.ts SecretPurpose). */
  readonly secrets: Record<SecretPurpose, secretsmanager.Secret>;
  /** Written once by the first deploy: the first admin's email and generated password. */
  readonly firstAdmin: secretsmanager.Secret;
  /** The Alipay app: {appId, privateKey, alipayPublicKey, sellerId} (README, Deploy, Alipay). */
  readonly alipaySecret: secretsmanager.Secret;
  /** The header value CloudFront adds to every request it forwards, so the API can refuse any other. */
  readonly originVerify: secretsmanager.Secret;
  readonly search: opensearch.Domain;
  readonly searchSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    // Private subnets only: no NAT, no internet. AWS services are reached through endpoints.
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 22 }],
      flowLogs: { rejected: { trafficType: ec2.FlowLogTrafficType.REJECT } },
    });
    this.vpc.addGatewayEndpoint('DynamoDb', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB });
    for (const [name, service] of [
      ['Sqs', ec2.InterfaceVpcEndpointAwsService.SQS],
      ['Scheduler', new ec2.InterfaceVpcEndpointAwsService('scheduler')],
      ['Events', ec2.InterfaceVpcEndpointAwsService.EVENTBRIDGE],
      ['SecretsManager', ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER],
      ['Xray', ec2.InterfaceVpcEndpointAwsService.XRAY],
    ] as const) {
      const endpoint = this.vpc.addInterfaceEndpoint(name, { service, privateDnsEnabled: true });
      Validations.of(endpoint).acknowledge({
        id: 'AwsSolutions-EC23',
        reason:
          'Interface endpoint security groups allow only HTTPS from inside the VPC; cdk-nag cannot evaluate the VPC CIDR token',
      });
    }

    const def = tableDefinition('unused');
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: 'ttl',
      // New items (the outbox's events) to the relay function: shared/events/outbox.ts.
      stream: dynamodb.StreamViewType.NEW_IMAGE,
      // AWS-managed keys throughout: a customer key shared by the two stacks would make every
      // grant edit its key policy, tying the data stack to the functions (a cycle).
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: props.deletionProtection,
      removalPolicy: props.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // The same GSIs the code (and the local runtime's table) uses.
    for (const name of [GSI1, GSI2, GSI3]) {
      const gsi = def.GlobalSecondaryIndexes?.find((g) => g.IndexName === name);
      if (!gsi) throw new Error(`table definition lacks ${name}`);
      const [hash, range] = gsi.KeySchema!;
      const keysOnly = gsi.Projection?.ProjectionType === 'KEYS_ONLY';
      this.table.addGlobalSecondaryIndex({
        indexName: name,
        partitionKey: { name: hash!.AttributeName!, type: dynamodb.AttributeType.STRING },
        sortKey: { name: range!.AttributeName!, type: dynamodb.AttributeType.STRING },
        ...(keysOnly ? { projectionType: dynamodb.ProjectionType.KEYS_ONLY } : {}),
      });
    }

    this.orderDlq = new sqs.Queue(this, 'OrderDlq', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.orderQueue = new sqs.Queue(this, 'OrderQueue', {
      // ≥ 6 × the writer's timeout (30 s), as AWS advises for event sources.
      visibilityTimeout: Duration.seconds(180),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.orderDlq, maxReceiveCount: 5 },
    });

    // Organiser jobs (a session's cancellation), one step per message. A step that keeps
    // failing is retried for about an hour (visibility 6 min × 10) before the DLQ keeps it.
    this.jobDlq = new sqs.Queue(this, 'JobDlq', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.jobQueue = new sqs.Queue(this, 'JobQueue', {
      // ≥ 6 × the canceller's timeout (60 s).
      visibilityTimeout: Duration.seconds(360),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.jobDlq, maxReceiveCount: 10 },
    });

    this.bus = new events.EventBus(this, 'Bus', { eventBusName: `${id}-bus` });
    this.scheduleGroup = new scheduler.CfnScheduleGroup(this, 'HoldSchedules', { name: `${id}-holds` });

    // Valkey Serverless: TLS always on, RBAC user with a generated password.
    this.cacheSecret = new secretsmanager.Secret(this, 'CacheUserSecret', {
      generateSecretString: { excludePunctuation: true, passwordLength: 32 },
    });
    Validations.of(this.cacheSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The Valkey RBAC password is rotated by updating the ElastiCache user and the secret together (README runbook), not by a generic rotation Lambda',
    });
    const user = new elasticache.CfnUser(this, 'CacheUser', {
      engine: 'valkey',
      userId: `${id.toLowerCase()}-app`,
      userName: 'app',
      accessString: 'on ~* +@all -@dangerous +info',
      passwords: [this.cacheSecret.secretValue.unsafeUnwrap()],
    });
    const defaultUser = new elasticache.CfnUser(this, 'CacheDefaultUser', {
      engine: 'valkey',
      userId: `${id.toLowerCase()}-default`,
      userName: 'default',
      accessString: 'off ~* -@all',
      noPasswordRequired: true,
    });
    const userGroup = new elasticache.CfnUserGroup(this, 'CacheUsers', {
      engine: 'valkey',
      userGroupId: `${id.toLowerCase()}-users`,
      userIds: [defaultUser.userId, user.userId],
    });
    userGroup.addResourceDependency(user);
    userGroup.addResourceDependency(defaultUser);
    this.cacheSecurityGroup = new ec2.SecurityGroup(this, 'CacheSg', {
      vpc: this.vpc,
      description: 'Valkey: reachable only from the functions',
      allowAllOutbound: false,
    });
    this.cache = new elasticache.CfnServerlessCache(this, 'Cache', {
      engine: 'valkey',
      majorEngineVersion: '8',
      serverlessCacheName: `${id.toLowerCase()}-inventory`,
      subnetIds: this.vpc.isolatedSubnets.map((s) => s.subnetId),
      securityGroupIds: [this.cacheSecurityGroup.securityGroupId],
      userGroupId: userGroup.userGroupId,
      // Explicit limits: the bill stays bounded, and the alarms fire at 80% of them.
      cacheUsageLimits: {
        dataStorage: { unit: 'GB', maximum: CACHE_LIMITS.dataStorageGb },
        ecpuPerSecond: { maximum: CACHE_LIMITS.ecpuPerSecond },
      },
      snapshotRetentionLimit: 1,
    });
    this.cache.addResourceDependency(userGroup);

    this.originVerify = new secretsmanager.Secret(this, 'OriginVerify', {
      description:
        'x-origin-verify: added by CloudFront to every request to the API; the functions refuse requests without it',
      generateSecretString: { excludePunctuation: true, passwordLength: 48 },
    });
    Validations.of(this.originVerify).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'CloudFront holds this value as an origin header: rotating it is a redeploy of both (README runbook), not a rotation Lambda',
    });

    // One secret per purpose, so each function's role can read exactly the ones it uses
    // (function-needs.ts). None holds a placeholder: the gate and sandbox-callback secrets
    // are generated here; the keys Secrets Manager cannot generate (the signing keys, the PII key,
    // Alipay's RSA app key) and the first admin's password are generated by the first-deploy
    // custom resource into secrets that start holding only a random `revision`.
    const secret = (id: string, description: string, generated?: { key: string; length: number }) => {
      const s = new secretsmanager.Secret(this, id, {
        description,
        generateSecretString: {
          secretStringTemplate: JSON.stringify({}),
          generateStringKey: generated?.key ?? 'revision',
          passwordLength: generated?.length ?? 32,
          excludePunctuation: true,
        },
      });
      Validations.of(s).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Signing and encryption keys: rotating one invalidates tokens or tickets or needs PII re-encryption, so it is a planned procedure (README), not a rotation Lambda',
      });
      return s;
    };
    this.secrets = {
      tokenSigning: secret(
        'TokenSigningKey',
        'TOKEN_SIGNING_KEY: RSA key that signs access tokens (login only)',
      ),
      gate: secret('GateSecret', 'GATE_SECRET: HMAC root of admission tokens and captchas', {
        key: 'GATE_SECRET',
        length: 64,
      }),
      pii: secret('PiiKey', "PII_KEY: AES-256 key of buyers' names and id numbers"),
      ticketSigning: secret(
        'TicketSigningKey',
        'TICKET_SIGNING_KEY: Ed25519 key that signs tickets (issuer only)',
      ),
      sandboxCallback: secret(
        'SandboxCallbackSecret',
        'PAYMENT_PROVIDER_SECRET: the sandbox gateway callback HMAC',
        {
          key: 'PAYMENT_PROVIDER_SECRET',
          length: 48,
        },
      ),
    };
    this.firstAdmin = secret(
      'FirstAdmin',
      'The first admin: {email, mobile, password}, written once by the first deploy',
    );
    // Alipay's app key pair is generated by the first deploy; the app id, seller and Alipay's
    // public key come from Alipay's open platform through context values (README).
    this.alipaySecret = secret(
      'AlipayCredentials',
      'Alipay app: JSON {appId, privateKey (PKCS#8), appPublicKey, alipayPublicKey, sellerId} (README, Deploy)',
    );

    // Search (ES-first listing and search, seed 000 §2.1): a domain inside the VPC, two AZs,
    // encrypted at rest and between nodes, HTTPS only, slow and error logs to CloudWatch.
    this.searchSecurityGroup = new ec2.SecurityGroup(this, 'SearchSg', {
      vpc: this.vpc,
      description: 'OpenSearch: reachable only from the functions',
      allowAllOutbound: false,
    });
    this.search = new opensearch.Domain(this, 'Search', {
      version: opensearch.EngineVersion.OPENSEARCH_2_19,
      vpc: this.vpc,
      vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      securityGroups: [this.searchSecurityGroup],
      capacity: { dataNodes: 2, dataNodeInstanceType: 't3.small.search', multiAzWithStandbyEnabled: false },
      zoneAwareness: { enabled: true, availabilityZoneCount: 2 },
      ebs: { volumeSize: 10, volumeType: ec2.EbsDeviceVolumeType.GP3 },
      encryptionAtRest: { enabled: true },
      nodeToNodeEncryption: true,
      enforceHttps: true,
      tlsSecurityPolicy: opensearch.TLSSecurityPolicy.TLS_1_2,
      logging: { slowSearchLogEnabled: true, slowIndexLogEnabled: true, appLogEnabled: true },
      // Only IAM principals of this account that are granted access (the functions, later).
      accessPolicies: [
        new iam.PolicyStatement({
          principals: [new iam.AccountRootPrincipal()],
          actions: ['es:ESHttp*'],
          resources: [`arn:${Aws.PARTITION}:es:${Aws.REGION}:${Aws.ACCOUNT_ID}:domain/*/*`],
        }),
      ],
      removalPolicy: props.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // CDK's own custom resource that puts the log-group resource policy for the domain's logs.
    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          "CDK's log-group-policy custom resource for the OpenSearch logs: AWS's minimal logging policy",
      },
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason: 'logs:PutResourcePolicy (the OpenSearch log-group policy) has no narrower resource',
      },
    );
    Validations.of(this.search).acknowledge(
      {
        id: 'AwsSolutions-OS3',
        reason:
          'The domain lives in private subnets behind a security group; access is by IAM (SigV4), not by IP allow-list',
      },
      {
        id: 'AwsSolutions-OS4',
        reason:
          'A two-node search tier for program search does not warrant dedicated master nodes; add them when the cluster grows',
      },
      {
        id: 'AwsSolutions-OS5',
        reason:
          'Anonymous access is impossible: every request must be signed by an IAM principal of this account',
      },
    );

    new CfnOutput(this, 'CacheEndpoint', { value: this.cache.attrEndpointAddress });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'OrderQueueUrl', { value: this.orderQueue.queueUrl });
    new CfnOutput(this, 'JobQueueUrl', { value: this.jobQueue.queueUrl });
  }
}
