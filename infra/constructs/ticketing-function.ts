import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BUNDLE_ALIASES, BUNDLE_OPTIONS, type BundleNeeds, bundleExternals, ESM_BANNER } from './bundling.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface TicketingFunctionProps {
  /** Folder under functions/. */
  name: string;
  vpc: ec2.IVpc;
  securityGroup: ec2.ISecurityGroup;
  timeout?: Duration;
  memorySize?: number;
  /** Concurrency set aside for (and capping) a background worker. */
  reservedConcurrency?: number;
  environment?: Record<string, string>;
  /** Heavy optional clients its code reaches (payment SDK, OpenSearch): only then bundled. */
  bundle?: BundleNeeds;
  /** Execution environments kept initialised on the `live` alias (context `provisioned`). */
  provisionedConcurrency?: number;
}

/**
 * The functions' runtime. Tests and the local runtime run on the same Node major: the `node`
 * package (a devDependency) puts it first on npm scripts' PATH (test/infra/node-runtime.test.ts).
 */
export const LAMBDA_RUNTIME = lambda.Runtime.NODEJS_22_X;

/** The alias every caller invokes: API routes, event sources, rules, the Scheduler. */
export const LIVE_ALIAS = 'live';

/**
 * "A function of ours": nodejs22.x on arm64, ESM with source maps, X-Ray, a log group with
 * retention, in the private subnets, the Lua scripts shipped beside the bundle. Every deploy
 * that changes it publishes a version, and the `live` alias points at it: callers invoke the
 * alias, so provisioned concurrency can be set on it and CodeDeploy can shift it (and shift
 * it back). Access is given with the bind*() helpers, each granting and configuring in one call.
 */
export class TicketingFunction extends Construct {
  /** Its folder under functions/. */
  readonly name: string;
  readonly fn: nodejs.NodejsFunction;
  /** What callers invoke; its version changes with every deploy that changes the function. */
  readonly live: lambda.Alias;

  constructor(scope: Construct, id: string, props: TicketingFunctionProps) {
    super(scope, id);
    this.name = props.name;
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.fn = new nodejs.NodejsFunction(this, 'Fn', {
      entry: join(ROOT, 'functions', props.name, 'index.ts'),
      handler: 'handler',
      runtime: LAMBDA_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      ...(props.reservedConcurrency ? { reservedConcurrentExecutions: props.reservedConcurrency } : {}),
      // Secrets are read through the AWS Parameters and Secrets extension (a local HTTP call,
      // PARAMETERS_SECRETS_EXTENSION_HTTP_PORT): a cold start loads no SDK for them
      // (platform/clients/secrets.ts; the SDK stays the fallback).
      paramsAndSecrets: lambda.ParamsAndSecretsLayerVersion.fromVersion(
        lambda.ParamsAndSecretsVersions.V1_0_103,
        {
          logLevel: lambda.ParamsAndSecretsLogLevel.WARN,
        },
      ),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [props.securityGroup],
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.name,
        ...props.environment,
      },
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: BUNDLE_OPTIONS.target,
        mainFields: [...BUNDLE_OPTIONS.mainFields],
        sourceMap: true,
        minify: BUNDLE_OPTIONS.minify,
        externalModules: bundleExternals(props.bundle ?? {}),
        banner: ESM_BANNER,
        esbuildArgs: { '--alias': Object.entries(BUNDLE_ALIASES).map(([from, to]) => `${from}=${to}`) },
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          // The Lua scripts are read from disk at start: ship them beside index.mjs.
          afterBundling: (inputDir: string, outputDir: string) => [`cp -r ${inputDir}/lua ${outputDir}/lua`],
        },
      },
      // Old versions stay: a rollback (CodeDeploy's or by hand) points the alias back at one.
      currentVersionOptions: { removalPolicy: RemovalPolicy.RETAIN },
    });
    this.live = new lambda.Alias(this, 'Live', {
      aliasName: LIVE_ALIAS,
      version: this.fn.currentVersion,
      ...(props.provisionedConcurrency
        ? { provisionedConcurrentExecutions: props.provisionedConcurrency }
        : {}),
    });
  }

  private env(name: string, value: string): void {
    this.fn.addEnvironment(name, value);
  }

  bindTable(table: dynamodb.ITable, mode: 'read' | 'readWrite'): this {
    if (mode === 'read') table.grantReadData(this.fn);
    else table.grantReadWriteData(this.fn);
    this.env('TABLE_NAME', table.tableName);
    return this;
  }

  /** The table's name only (health checks DescribeTable), no data access. */
  bindTableDescribe(table: dynamodb.ITable): this {
    this.fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:DescribeTable'], resources: [table.tableArn] }),
    );
    this.env('TABLE_NAME', table.tableName);
    return this;
  }

  bindCache(endpoint: string, secret: secretsmanager.ISecret): this {
    secret.grantRead(this.fn);
    this.env('CACHE_ENDPOINT', endpoint);
    this.env('CACHE_SECRET_ARN', secret.secretArn);
    this.env('REDIS_CLUSTER', 'true');
    return this;
  }

  /** The secrets this function reads (one per purpose), loaded into its environment at cold start. */
  bindSecrets(secrets: secretsmanager.ISecret[]): this {
    if (secrets.length === 0) return this;
    for (const s of secrets) s.grantRead(this.fn);
    this.env('SECRET_ARNS', secrets.map((s) => s.secretArn).join(','));
    return this;
  }

  /** Functions that call a payment provider: the channels, and Alipay's credentials. */
  bindPayments(channels: string, alipaySecret: secretsmanager.ISecret, alipayGateway?: string): this {
    alipaySecret.grantRead(this.fn);
    this.env('ALIPAY_SECRET_ARN', alipaySecret.secretArn);
    this.env('PAYMENT_CHANNELS', channels);
    if (alipayGateway) this.env('ALIPAY_GATEWAY', alipayGateway);
    return this;
  }

  /** Behind CloudFront: only requests carrying CloudFront's origin header are served. */
  bindOriginVerify(secret: secretsmanager.ISecret): this {
    secret.grantRead(this.fn);
    this.env('ORIGIN_VERIFY_SECRET_ARN', secret.secretArn);
    return this;
  }

  bindOrderQueueSend(queue: sqs.IQueue): this {
    queue.grantSendMessages(this.fn);
    this.env('ORDER_QUEUE_URL', queue.queueUrl);
    return this;
  }

  bindJobQueueSend(queue: sqs.IQueue): this {
    queue.grantSendMessages(this.fn);
    this.env('JOB_QUEUE_URL', queue.queueUrl);
    return this;
  }

  bindEvents(bus: events.IEventBus): this {
    bus.grantPutEventsTo(this.fn);
    this.env('EVENT_BUS_NAME', bus.eventBusName);
    return this;
  }

  /**
   * Buyer notifications: SMS by SNS direct publish (a phone number has no ARN, so the
   * resource is `*`, and the action is denied for topics: `sns:Publish` to a topic needs its
   * ARN), email by SES from one verified address when configured.
   */
  bindNotify(emailFrom: string | undefined): this {
    this.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    this.fn.addToRolePolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        actions: ['sns:Publish'],
        resources: [`arn:${Aws.PARTITION}:sns:*:*:*`],
      }),
    );
    if (emailFrom) {
      this.fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['ses:SendEmail'],
          resources: [`arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:identity/${emailFrom}`],
        }),
      );
      this.env('NOTIFY_EMAIL_FROM', emailFrom);
    }
    return this;
  }

  /**
   * The program index on the search domain. Searching is `POST <index>/_search`, so a reader
   * gets that one path; a writer (indexing listings, creating the index with its mapping)
   * gets read-write on this index only.
   */
  bindSearch(domain: opensearch.IDomain, index: string, mode: 'read' | 'readWrite'): this {
    if (mode === 'readWrite') domain.grantIndexReadWrite(index, this.fn);
    else {
      // Searching only: exactly `<index>/_search`, no document or index path.
      this.fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['es:ESHttpGet', 'es:ESHttpPost'],
          resources: [`${domain.domainArn}/${index}/_search`],
        }),
      );
    }
    this.env('OPENSEARCH_ENDPOINT', `https://${domain.domainEndpoint}`);
    this.env('SEARCH_INDEX', index);
    return this;
  }

  /**
   * Hold expiry schedules: create and delete, or (`cancelOnly`) delete only, for functions that
   * just drop a paid order's schedule (the release function itself among them: it cannot be
   * given its own ARN without a circular reference, and needs none).
   */
  bindScheduler(groupName: string, target: lambda.IAlias, role: iam.IRole, cancelOnly = false): this {
    // Pseudo-parameters, not the stack's env: the same ARN (and cdk-nag finding id) everywhere.
    const schedules = `arn:${Aws.PARTITION}:scheduler:${Aws.REGION}:${Aws.ACCOUNT_ID}:schedule/${groupName}/*`;
    this.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: cancelOnly
          ? ['scheduler:DeleteSchedule']
          : ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'],
        resources: [schedules],
      }),
    );
    this.env('SCHEDULER_GROUP', groupName);
    if (cancelOnly) return this;
    role.grantPassRole(this.fn.grantPrincipal);
    this.env('RELEASE_FUNCTION_ARN', target.functionArn);
    this.env('SCHEDULER_ROLE_ARN', role.roleArn);
    return this;
  }

  /**
   * Its alarms, to the on-call's topic: errors (unexpected failures, not 4xx answers) and
   * throttles, per minute, over every version. The errors alarm also stops a gradual deploy.
   */
  alarmTo(topic: sns.ITopic): { errors: cloudwatch.Alarm; throttles: cloudwatch.Alarm } {
    const name = this.name;
    const common = {
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    };
    const errors = this.fn.metricErrors({ period: Duration.minutes(1) }).createAlarm(this, 'Errors', {
      alarmDescription: `${name}: errors (unexpected failures, not 4xx answers)`,
      ...common,
    });
    const throttles = this.fn
      .metricThrottles({ period: Duration.minutes(1) })
      .createAlarm(this, 'Throttles', {
        alarmDescription: `${name}: throttled invocations (raise reserved or account concurrency)`,
        ...common,
      });
    for (const alarm of [errors, throttles]) alarm.addAlarmAction(new cloudwatchActions.SnsAction(topic));
    return { errors, throttles };
  }

  /**
   * Deploys shift the `live` alias to the new version through CodeDeploy (canary or linear),
   * and roll it back when the function's errors alarm fires meanwhile or the deploy fails.
   */
  deployGradually(props: {
    application: codedeploy.ILambdaApplication;
    config: codedeploy.ILambdaDeploymentConfig;
    role: iam.IRole;
    alarms: cloudwatch.IAlarm[];
  }): codedeploy.LambdaDeploymentGroup {
    return new codedeploy.LambdaDeploymentGroup(this, 'Deployment', {
      application: props.application,
      alias: this.live,
      deploymentConfig: props.config,
      role: props.role,
      alarms: props.alarms,
      autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
    });
  }
}
