import {
  CfnOutput,
  CustomResource,
  Duration,
  NestedStack,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { OUTBOX_PK_PREFIX } from '#shared/events/outbox.ts';
import { type BackgroundFunction, ROUTES, TRIGGERS, triggersOf } from '../../app/registry.ts';
import { Alarms, alarmTopic } from '../constructs/alarms.ts';
import { EdgeDistribution } from '../constructs/edge-distribution.ts';
import { getAttRef, importedAttr } from '../constructs/nag-ids.ts';
import { TicketingFunction } from '../constructs/ticketing-function.ts';
import { FEATURE_OF, FEATURE_STACKS, type FeatureStackName } from './feature-stacks.ts';
import { type AnyFunction, bundleNeedsOf, NEEDS } from './function-needs.ts';
import { CACHE_LIMITS, type StatefulStack } from './stateful-stack.ts';

/** The OpenSearch index of program listings. */
export const SEARCH_INDEX = 'programs';

export interface StatelessStackProps extends StackProps {
  data: StatefulStack;
  /** Context: `throttleRate`, `throttleBurst` (requests/s across the API), `corsOrigins`. */
  throttle: { rateLimit: number; burstLimit: number };
  corsOrigins: string[];
  holdTtlSeconds: number;
  /** The order writer's concurrency cap: protects DynamoDB during an on-sale minute. */
  writerMaxConcurrency: number;
  /** Context `notifyEmailFrom`: the verified SES address buyers are emailed from (none: SMS only). */
  notifyEmailFrom?: string;
  /** Context `adminEmail` (and `adminMobile`): the first admin, created by the first deploy. */
  admin?: { email: string; mobile: string };
  /** Context `alipayAppId`, `alipaySellerId`, `alipayPublicKey`: from Alipay's open platform. */
  alipay?: { appId?: string; sellerId?: string; publicKey?: string; gateway?: string };
  /** Context `reserveConcurrency` (default true): concurrency set aside for the workers. */
  reserveConcurrency?: boolean;
  /** Context `sandboxPayments`: also take sandbox payments (test deployments only; default off). */
  sandboxPayments?: boolean;
  /** CloudFront with this WAF web ACL in front of the API (context `edge`, default on). */
  edge?: { webAclArn: string };
  /** Context `provisioned` (`holds-create:100,orders-create:20`): kept warm on the `live` alias. */
  provisioned?: Partial<Record<AnyFunction, number>>;
  /** Context `deployConfig`: how the API's functions take a new version (default a 10% canary for 5 minutes). */
  deployConfig?: codedeploy.ILambdaDeploymentConfig;
}

/** A nested stack of the API stack: one group of features (feature-stacks.ts). */
export class FeatureStack extends NestedStack {}

/** Functions, the HTTP API, the event source, the schedule role and the rules. No data. */
export class StatelessStack extends Stack {
  readonly functions = new Map<AnyFunction, TicketingFunction>();
  readonly features = new Map<FeatureStackName, FeatureStack>();
  /** The on-call's topic: every alarm goes here. */
  readonly alarmTopic: sns.Topic;
  readonly api: apigw.HttpApi;
  readonly schedulerRole: iam.Role;
  readonly backgroundDlq: sqs.Queue;
  readonly alarms: Alarms;
  readonly edge: EdgeDistribution | undefined;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { data } = props;
    const sg = new ec2.SecurityGroup(this, 'FunctionsSg', {
      vpc: data.vpc,
      description: 'Ticketing functions',
    });
    // The rule lives here, not on the cache's group, so the data stack never refers to this one.
    for (const port of [6379, 6380]) {
      new ec2.CfnSecurityGroupIngress(this, `CacheFromFunctions${port}`, {
        groupId: data.cacheSecurityGroup.securityGroupId,
        sourceSecurityGroupId: sg.securityGroupId,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        description: 'functions to Valkey',
      });
    }

    new ec2.CfnSecurityGroupIngress(this, 'SearchFromFunctions', {
      groupId: data.searchSecurityGroup.securityGroupId,
      sourceSecurityGroupId: sg.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      description: 'functions to OpenSearch (HTTPS)',
    });

    for (const [feature, description] of Object.entries(FEATURE_STACKS) as [FeatureStackName, string][])
      this.features.set(feature, new FeatureStack(this, feature, { description }));
    /** Where a function and everything that is only its (route, trigger, alarms) is built. */
    const scopeOf = (name: AnyFunction): Construct =>
      name === 'bootstrap' ? this : this.features.get(FEATURE_OF[name])!;
    this.alarmTopic = alarmTopic(this, 'AlarmTopic');

    const make = (name: AnyFunction, extra: { timeout?: Duration; reservedConcurrency?: number } = {}) => {
      const provisioned = props.provisioned?.[name];
      if (provisioned && extra.reservedConcurrency && provisioned > extra.reservedConcurrency)
        throw new Error(
          `provisioned concurrency for ${name} (${provisioned}) exceeds its reserved concurrency (${extra.reservedConcurrency})`,
        );
      const f = new TicketingFunction(scopeOf(name), `F-${name}`, {
        name,
        vpc: data.vpc,
        securityGroup: sg,
        environment: { HOLD_TTL_SECONDS: String(props.holdTtlSeconds) },
        bundle: bundleNeedsOf(name),
        ...(provisioned ? { provisionedConcurrency: provisioned } : {}),
        ...extra,
      });
      f.bindCache(data.cache.attrEndpointAddress, data.cacheSecret);
      this.functions.set(name, f);
      return f;
    };
    for (const name of Object.keys(ROUTES) as (keyof typeof ROUTES)[]) make(name);
    for (const [name, trigger] of Object.entries(TRIGGERS) as [
      BackgroundFunction,
      (typeof TRIGGERS)[BackgroundFunction],
    ][]) {
      // Workers get concurrency of their own (context reserveConcurrency=false for accounts
      // whose quota is too small to set any aside): the queue's writers as many as the event
      // source may run, the others their trigger's figure.
      const reserved =
        trigger.kind === 'queue'
          ? (('maxConcurrency' in trigger ? trigger.maxConcurrency : undefined) ?? props.writerMaxConcurrency)
          : 'reservedConcurrency' in trigger
            ? trigger.reservedConcurrency
            : undefined;
      make(name, {
        ...('timeoutSeconds' in trigger && trigger.timeoutSeconds !== undefined
          ? { timeout: Duration.seconds(trigger.timeoutSeconds) }
          : {}),
        ...(props.reserveConcurrency !== false && reserved ? { reservedConcurrency: reserved } : {}),
      });
    }
    // Invocations that failed every retry (bus rules, schedules, the Scheduler's releases)
    // land here instead of vanishing; an alarm fires when it is not empty.
    this.backgroundDlq = new sqs.Queue(this, 'BackgroundDlq', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(this.backgroundDlq).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'It is itself the dead-letter queue of the background invocations (Lambda on-failure destination, rule and schedule DLQ), not a queue of work',
    });
    for (const [name, trigger] of Object.entries(TRIGGERS) as [
      BackgroundFunction,
      (typeof TRIGGERS)[BackgroundFunction],
    ][]) {
      // Event sources (queues, the stream) poll and retry themselves; the first deploy is a custom resource.
      if (trigger.kind === 'queue' || trigger.kind === 'stream' || trigger.kind === 'deploy') continue;
      // Asynchronous invocations (EventBridge, Scheduler): Lambda's own retries, bounded age,
      // and the failures kept. Callers invoke the alias, so that is where it is configured.
      this.functions.get(name)!.live.configureAsyncInvoke({
        maxEventAge: Duration.hours(1),
        retryAttempts: 2,
        onFailure: new destinations.SqsDestination(this.backgroundDlq),
      });
    }
    // The Scheduler's target: the one function whose trigger is a hold's expiry.
    const release = this.functions.get(triggersOf('hold-expiry')[0]![0])!;

    // The Scheduler may invoke the release function's live alias, and nothing else.
    this.schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
      description: 'EventBridge Scheduler: invoke hold-release only',
    });
    release.live.grantInvoke(this.schedulerRole);
    // A release the Scheduler could not deliver after its retries goes to the background DLQ.
    this.backgroundDlq.grantSendMessages(this.schedulerRole);

    // Alipay always; the signed sandbox gateway only with the sandboxPayments context flag.
    const paymentChannels = props.sandboxPayments ? 'alipay,sandbox' : 'alipay';
    for (const [name, f] of this.functions) {
      const needs = NEEDS[name];
      if (needs.table === 'describe') f.bindTableDescribe(data.table);
      else if (needs.table !== 'none') f.bindTable(data.table, needs.table);
      if (needs.queueSend) f.bindOrderQueueSend(data.orderQueue);
      if (needs.jobSend) f.bindJobQueueSend(data.jobQueue);
      if (needs.events) f.bindEvents(data.bus);
      if (needs.scheduler)
        f.bindScheduler(
          data.scheduleGroup.name!,
          release.live,
          this.schedulerRole,
          needs.scheduler === 'cancel',
        );
      if (needs.scheduler === true) f.fn.addEnvironment('SCHEDULE_DLQ_ARN', this.backgroundDlq.queueArn);
      if (needs.search) f.bindSearch(data.search, SEARCH_INDEX, needs.search);
      if (needs.notify) f.bindNotify(props.notifyEmailFrom);
      if (needs.payments) f.bindPayments(paymentChannels, data.alipaySecret, props.alipay?.gateway);
      f.bindSecrets(
        (needs.secrets ?? [])
          .filter((p) => p !== 'sandboxCallback' || props.sandboxPayments)
          .map((p) => data.secrets[p]),
      );
    }

    // The first deploy (and every deploy): keys generated into their secrets, the categories,
    // the first admin. Its answer carries the public keys every verifier is configured with.
    const bootstrap = this.functions.get(triggersOf('deploy')[0]![0])!;
    const firstDeploySecrets = [
      data.secrets.tokenSigning,
      data.secrets.pii,
      data.secrets.ticketSigning,
      data.alipaySecret,
      data.firstAdmin,
    ];
    for (const s of firstDeploySecrets) {
      s.grantRead(bootstrap.fn);
      s.grantWrite(bootstrap.fn);
    }
    const firstDeploy = new CustomResource(this, 'FirstDeploy', {
      serviceToken: new cr.Provider(this, 'FirstDeployProvider', { onEventHandler: bootstrap.live })
        .serviceToken,
      properties: {
        TokenSigningSecret: data.secrets.tokenSigning.secretArn,
        PiiSecret: data.secrets.pii.secretArn,
        TicketSigningSecret: data.secrets.ticketSigning.secretArn,
        AlipaySecret: data.alipaySecret.secretArn,
        FirstAdminSecret: data.firstAdmin.secretArn,
        ...(props.admin ? { AdminEmail: props.admin.email, AdminMobile: props.admin.mobile } : {}),
        ...(props.alipay?.appId ? { AlipayAppId: props.alipay.appId } : {}),
        ...(props.alipay?.sellerId ? { AlipaySellerId: props.alipay.sellerId } : {}),
        ...(props.alipay?.publicKey ? { AlipayPublicKey: props.alipay.publicKey } : {}),
      },
    });
    for (const [name, f] of this.functions) {
      if (name in ROUTES) f.fn.addEnvironment('TOKEN_PUBLIC_KEY', firstDeploy.getAttString('TokenPublicKey'));
      if (NEEDS[name].ticketVerify)
        f.fn.addEnvironment('TICKET_PUBLIC_KEY', firstDeploy.getAttString('TicketPublicKey'));
    }
    new CfnOutput(this, 'FirstAdminSecretArn', {
      value: data.firstAdmin.secretArn,
      description:
        'The first admin: aws secretsmanager get-secret-value --secret-id <this> (README, first login)',
    });
    new CfnOutput(this, 'AlipayAppPublicKey', {
      value: firstDeploy.getAttString('AlipayAppPublicKey'),
      description: "Upload as the app's public key (应用公钥) on Alipay's open platform",
    });

    // Background triggers, from functions/triggers.ts (the local runtime reads the same table).
    const queues = { orders: data.orderQueue, jobs: data.jobQueue };
    for (const [name, t] of triggersOf('queue')) {
      // Partial batch failures, and a concurrency cap (the order writers': protects DynamoDB).
      this.functions.get(name)!.live.addEventSource(
        new SqsEventSource(queues[t.queue], {
          batchSize: t.batchSize,
          reportBatchItemFailures: true,
          maxConcurrency: t.maxConcurrency ?? props.writerMaxConcurrency,
        }),
      );
    }
    // The outbox relay reads the table's stream: only outbox inserts reach it (the filter), a
    // failed record is delivered again with everything after it (partial batch responses,
    // bisecting a failing batch), retried until the stream's 24 h retention runs out; what
    // never went through is recorded in the background DLQ.
    for (const [name, t] of triggersOf('stream')) {
      this.functions.get(name)!.live.addEventSource(
        new DynamoEventSource(data.table, {
          startingPosition: lambda.StartingPosition.TRIM_HORIZON,
          batchSize: t.batchSize,
          maxBatchingWindow: Duration.seconds(0),
          bisectBatchOnError: true,
          reportBatchItemFailures: true,
          onFailure: new SqsDlq(this.backgroundDlq),
          filters: [
            lambda.FilterCriteria.filter({
              eventName: lambda.FilterRule.isEqual('INSERT'),
              dynamodb: { Keys: { pk: { S: lambda.FilterRule.beginsWith(OUTBOX_PK_PREFIX) } } },
            }),
          ],
        }),
      );
    }
    for (const [name, t] of triggersOf('schedule')) {
      new events.Rule(scopeOf(name), t.ruleId, {
        description: t.summary,
        schedule: events.Schedule.rate(Duration.seconds(t.everySeconds)),
        targets: [
          new targets.LambdaFunction(this.functions.get(name)!.live, {
            retryAttempts: 2,
            maxEventAge: Duration.minutes(5), // the next run, a minute later, does the work anyway
            deadLetterQueue: this.backgroundDlq,
          }),
        ],
      });
    }
    const busRules = new Map<BackgroundFunction, events.Rule>();
    for (const [name, t] of triggersOf('bus')) {
      const rule = new events.Rule(scopeOf(name), t.ruleId, {
        description: t.summary,
        eventBus: data.bus,
        eventPattern: { source: ['ticketing'], detailType: [...t.detailTypes] },
        targets: [
          new targets.LambdaFunction(this.functions.get(name)!.live, {
            retryAttempts: t.retryAttempts,
            maxEventAge: Duration.hours(2),
            deadLetterQueue: this.backgroundDlq,
          }),
        ],
      });
      busRules.set(name, rule);
    }

    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', { retention: logs.RetentionDays.ONE_MONTH });
    this.api = new apigw.HttpApi(this, 'Api', {
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: props.corsOrigins,
        allowMethods: [
          apigw.CorsHttpMethod.GET,
          apigw.CorsHttpMethod.POST,
          apigw.CorsHttpMethod.PUT,
          apigw.CorsHttpMethod.PATCH,
          apigw.CorsHttpMethod.DELETE,
        ],
        allowHeaders: [
          'authorization',
          'content-type',
          'idempotency-key',
          'x-request-id',
          'x-admission-token',
          'x-queue-ticket',
          // Apps poll the seat map with the ETag they got.
          'if-none-match',
        ],
        // Readable by web apps: degraded answers' age, the seat map's ETag.
        exposeHeaders: ['x-request-id', 'retry-after', 'x-data-age', 'etag'],
        maxAge: Duration.hours(1),
      },
    });
    new apigw.HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(accessLogs) },
    });
    for (const [name, route] of Object.entries(ROUTES) as [
      keyof typeof ROUTES,
      (typeof ROUTES)[keyof typeof ROUTES],
    ][]) {
      // In the function's own stack, integrated with its live alias.
      new apigw.HttpRoute(scopeOf(name), `Route-${name}`, {
        httpApi: this.api,
        routeKey: apigw.HttpRouteKey.with(route.path, apigw.HttpMethod[route.method]),
        integration: new HttpLambdaIntegration(`I-${name}`, this.functions.get(name)!.live),
      });
    }
    this.edge = props.edge
      ? new EdgeDistribution(this, 'Edge', {
          apiEndpoint: this.api.apiEndpoint,
          webAclArn: props.edge.webAclArn,
          originVerify: data.originVerify,
        })
      : undefined;
    const publicUrl = this.edge
      ? `https://${this.edge.distribution.distributionDomainName}`
      : this.api.apiEndpoint;
    for (const [name, f] of this.functions) {
      f.fn.addEnvironment('PUBLIC_BASE_URL', publicUrl);
      // Behind the edge, the API serves only what came through CloudFront (and so its WAF).
      if (this.edge && name in ROUTES) f.bindOriginVerify(data.originVerify);
    }

    // cdk-nag 3 acknowledges each finding by its id; every one carries its reason.
    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-APIG4',
        reason:
          'Authorization is the JWT checked by every handler (roles user/staff/admin, revocation in Redis); public routes are public by design',
      },
      {
        id: 'AwsSolutions-L1',
        reason: 'nodejs22.x is pinned on purpose: the code is built and tested for Node 22 (DESIGN 10)',
      },
      {
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'The minimal AWS policy for writing the function logs',
      },
      {
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        reason: 'The minimal AWS policy for a function in the VPC to manage its network interfaces',
      },
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray PutTraceSegments/PutTelemetryRecords, ENI management, and SNS Publish of an SMS to a phone number (the notifier only) accept no narrower resource',
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::${importedAttr(data.table, 'Arn')}/index/*]`,
        reason: 'Reads through GSI1 (orders by user) need the table indexes',
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::${importedAttr(data.search, 'Arn')}/programs/*]`,
        reason:
          'Indexing puts one document per program (programs/_doc/<id>), only in the programs index, only for the two admin functions',
      },
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/TicketingData-holds/*]',
        reason: 'One schedule per hold, named at run time, all in the holds schedule group',
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::${getAttRef(bootstrap.fn, 'Arn')}:*]`,
        reason:
          'The custom-resource provider framework may invoke the first-deploy function (and its versions), nothing else',
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::${getAttRef(release.fn, 'Arn')}:*]`,
        reason: 'The Scheduler role may invoke the release function (and its versions), nothing else',
      },
    );

    // Each function's errors and throttles, beside it. The API's functions take a new version
    // gradually (context deployConfig), rolled back by CodeDeploy when their errors alarm fires.
    const deployments = new codedeploy.LambdaApplication(this, 'Deployments', {
      applicationName: `${id}-functions`,
    });
    const deployRole = new iam.Role(this, 'DeploymentRole', {
      assumedBy: new iam.ServicePrincipal('codedeploy.amazonaws.com'),
      description: "CodeDeploy: shift the API functions' live aliases and read their alarms",
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSCodeDeployRoleForLambdaLimited'),
      ],
    });
    Validations.of(deployRole).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]',
      reason:
        "AWS's policy for CodeDeploy on Lambda, the limited one: read and update aliases and their provisioned concurrency, read alarms, invoke only CodeDeployHook_* functions",
    });
    for (const [name, f] of this.functions) {
      const { errors } = f.alarmTo(this.alarmTopic);
      if (name in ROUTES)
        f.deployGradually({
          application: deployments,
          config: props.deployConfig ?? codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
          role: deployRole,
          alarms: [errors],
        });
    }

    this.alarms = new Alarms(this, 'Alarms', {
      topic: this.alarmTopic,
      dlq: data.orderDlq,
      orderQueue: data.orderQueue,
      jobQueue: data.jobQueue,
      jobDlq: data.jobDlq,
      backgroundDlq: this.backgroundDlq,
      ticketIssuer: this.functions.get('ticket-issuer')!.fn,
      outboxRelay: this.functions.get('outbox-relay')!.fn,
      orderPaidRule: busRules.get('ticket-issuer')!,
      cacheName: data.cache.serverlessCacheName,
      cacheBytesAlarm: CACHE_LIMITS.dataStorageGb * 0.8 * 1024 ** 3,
      cacheEcpuPerMinuteAlarm: CACHE_LIMITS.ecpuPerSecond * 60 * 0.8,
      dashboardName: `${id}-on-sale`,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarmTopic.topicArn,
      description: 'Subscribe the on-call here',
    });

    new CfnOutput(this, 'ApiUrl', {
      value: publicUrl,
      description: this.edge
        ? 'Point the mobile and web apps here (CloudFront and WAF; the execute-api address refuses direct calls)'
        : 'Point the mobile and web apps here',
    });
  }
}
