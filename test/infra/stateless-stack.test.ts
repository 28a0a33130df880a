import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { ROUTES } from '#app/registry.ts';
import { DEPENDENCIES } from '#platform/resilience/circuit-breaker.ts';
import { generateAccessTokenKey, generateEd25519 } from '#platform/settings/key-material.ts';
import { buildApp } from '../../infra/app.ts';
import { NEEDS } from '../../infra/stacks/function-needs.ts';
import { apiStack, type Resources } from '../support/api-stack.ts';
import { testApp } from '../support/cdk-app.ts';

/** Offline synth; asset bundling skipped here (a full synth with bundling is timed below). */
const { app, stateless } = buildApp(testApp());
app.synth();
const template = Template.fromStack(stateless);
const resources = template.toJSON().Resources as Resources;
const { templateOf, resourcesOf, fnId, aliasId, fnResource, actionsOf, envOf, allStacks } =
  apiStack(stateless);
/** Every resource of the API stack and its nested stacks (logical ids are unique across them here). */
const everywhere: Resources = Object.assign({}, ...allStacks().map((s) => s.resources));

/** A function's event source mapping, on its live alias (`<function name>:live`), in its own stack. */
function mappingOf(name: string) {
  const found = Object.values(resourcesOf(name)).filter(
    (r) =>
      r.Type === 'AWS::Lambda::EventSourceMapping' &&
      JSON.stringify(r.Properties.FunctionName).includes(`{"Ref":"${aliasId(name)}"}`),
  );
  expect(found, name).toHaveLength(1);
  return found[0];
}

describe('API stack (cdk synth, offline)', () => {
  it('has every route of API.md, each integrated with its own function', () => {
    for (const [name, route] of Object.entries(ROUTES)) {
      // In the function's own stack, and integrated with its live alias (never $LATEST).
      const own = resourcesOf(name);
      const routeRes = Object.values(own).find(
        (r) =>
          r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.RouteKey === `${route.method} ${route.path}`,
      );
      expect(routeRes, `${route.method} ${route.path}`).toBeDefined();
      const target = JSON.stringify(routeRes!.Properties.Target);
      const integration = Object.entries(own).find(
        ([id, r]) => r.Type === 'AWS::ApiGatewayV2::Integration' && target.includes(id),
      )?.[1];
      expect(integration?.Properties.IntegrationUri, name).toEqual({ Ref: aliasId(name) });
    }
    const routes = allStacks().flatMap(({ resources: r }) =>
      Object.values(r).filter((x) => x.Type === 'AWS::ApiGatewayV2::Route'),
    );
    expect(routes).toHaveLength(Object.keys(ROUTES).length);
  });

  it("keeps every function's environment well inside Lambda's 4 KB", () => {
    // Values CloudFormation resolves at deploy are estimated: an ARN, URL or name ~120
    // characters; the access-token public key is an RSA 2048 SPKI (392 characters of base64).
    const estimate = (key: string, value: unknown) =>
      key.length + (typeof value === 'string' ? value.length : key === 'TOKEN_PUBLIC_KEY' ? 392 : 120);
    const sizes = Object.entries(everywhere)
      .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
      .map(([id, r]) => {
        const vars = (r.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)
          ?.Variables;
        return [id, Object.entries(vars ?? {}).reduce((n, [k, v]) => n + estimate(k, v), 0)] as const;
      });
    expect(sizes.length).toBeGreaterThan(40);
    for (const [id, bytes] of sizes) expect(bytes, id).toBeLessThan(3_000);
  });

  it('throttles the API and logs access', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 5000, ThrottlingBurstLimit: 10000 },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it('runs every function on nodejs22.x, arm64, with X-Ray, in the VPC', () => {
    const ours = new Set([...stateless.functions.keys()].map(fnId));
    const fns = [...stateless.functions.keys()].map(fnResource);
    expect(fns.length).toBe(stateless.functions.size);
    // Besides ours, only CDK's custom-resource provider framework (it invokes the first deploy)
    // and CDK's upload of the web app to its bucket (and the emptying of that bucket on delete).
    const others = Object.entries(everywhere).filter(
      ([id, r]) => r.Type === 'AWS::Lambda::Function' && !ours.has(id),
    );
    expect(others.map(([id]) => id).sort()).toEqual([
      expect.stringMatching(/^CustomCDKBucketDeployment/),
      expect.stringMatching(/^CustomS3AutoDeleteObjectsCustomResourceProvider/),
      expect.stringMatching(/^FirstDeployProviderframeworkonEvent/),
    ]);
    for (const f of fns) {
      expect(f.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        VpcConfig: expect.objectContaining({ SubnetIds: expect.anything() }),
      });
      // Secrets through the Parameters and Secrets extension: its layer, and the port our
      // code looks for (platform/clients/secrets.ts).
      expect(f.Properties.Layers).toHaveLength(1);
      expect(JSON.stringify(f.Properties.Layers)).toMatch(/paramsandsecrets.*arm64/i);
      expect(f.Properties).toMatchObject({
        Environment: {
          Variables: expect.objectContaining({ PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: '2773' }),
        },
      });
    }
  });

  it('grants each function only what it uses', () => {
    const writes = [
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ];
    // The seat map reads; it can never write the table.
    expect(actionsOf('seat-map')).toEqual(expect.arrayContaining(['dynamodb:GetItem']));
    for (const w of writes) expect(actionsOf('seat-map')).not.toContain(w);
    // Holds live in Redis: creating one reads the table (a cold buyer cache) but writes nothing there.
    for (const w of writes) expect(actionsOf('holds-create')).not.toContain(w);
    expect(actionsOf('holds-create')).toEqual(
      expect.arrayContaining(['scheduler:CreateSchedule', 'iam:PassRole']),
    );
    // Only the order path sends to the order queue, and the cancel route to the job queue;
    // only the writer and the canceller consume them.
    expect(actionsOf('orders-create')).toEqual(expect.arrayContaining(['sqs:SendMessage']));
    expect(actionsOf('admin-sessions-cancel')).toEqual(expect.arrayContaining(['sqs:SendMessage']));
    expect(actionsOf('admin-search-reindex')).toEqual(expect.arrayContaining(['sqs:SendMessage']));
    const senders = ['orders-create', 'admin-sessions-cancel', 'admin-search-reindex'];
    for (const name of Object.keys(ROUTES).filter((n) => !senders.includes(n))) {
      expect(actionsOf(name), name).not.toContain('sqs:SendMessage');
    }
    expect(actionsOf('organiser-jobs')).toEqual(
      expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:SendMessage']),
    );
    expect(actionsOf('order-writer')).toEqual(
      expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']),
    );
    // Health only describes the table.
    expect(actionsOf('health').filter((a) => a.startsWith('dynamodb:'))).toEqual(['dynamodb:DescribeTable']);
    // No function may put events unless it publishes them.
    expect(actionsOf('holds-get')).not.toContain('events:PutEvents');
    expect(actionsOf('payments-callback')).toContain('events:PutEvents');
    // Search: the readers may only search; only the admin functions index; nobody else touches it.
    for (const reader of ['programs-search', 'home']) {
      expect(
        actionsOf(reader)
          .filter((a) => a.startsWith('es:'))
          .sort(),
      ).toEqual(['es:ESHttpGet', 'es:ESHttpPost']);
    }
    const indexers = [
      'admin-programs-create',
      'admin-sessions-open',
      'admin-programs-patch',
      'admin-sessions-patch',
      'admin-sessions-close',
      'admin-sessions-cancel',
      // The organiser jobs' reindex puts listings into the index.
      'organiser-jobs',
    ];
    for (const writer of indexers)
      expect(actionsOf(writer)).toEqual(expect.arrayContaining(['es:ESHttpPut', 'es:ESHttpPost']));
    const searchers = ['programs-search', 'home', ...indexers];
    for (const name of [...stateless.functions.keys()].filter((n) => !searchers.includes(n)))
      expect(
        actionsOf(name).some((a) => a.startsWith('es:')),
        name,
      ).toBe(false);
    // Only the notifier texts and emails buyers; functions that only cancel schedules cannot create them.
    for (const name of [...stateless.functions.keys()])
      expect(actionsOf(name).includes('sns:Publish'), name).toBe(name === 'notifier');
    for (const name of ['hold-release', 'hold-sweeper', 'payment-reconciler'])
      expect(actionsOf(name), name).not.toContain('scheduler:CreateSchedule');
  });

  it('lets the Scheduler role invoke the release function and keep what it could not deliver, nothing else', () => {
    const role = Object.entries(resources).find(
      ([, r]) =>
        r.Type === 'AWS::IAM::Role' &&
        JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('scheduler.amazonaws.com'),
    );
    expect(role).toBeDefined();
    const policies = Object.values(resources).filter(
      (r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(role![0]),
    );
    const statements = policies.flatMap(
      (p) =>
        (p.Properties.PolicyDocument as { Statement: { Action: string; Resource: unknown }[] }).Statement,
    );
    const invokes = statements.filter((s) => s.Action === 'lambda:InvokeFunction');
    const others = statements.filter((s) => s.Action !== 'lambda:InvokeFunction');
    // Besides invoking: sending to the background DLQ (a schedule's dead-letter target).
    expect(JSON.stringify(others.map((s) => s.Resource))).toMatch(/BackgroundDlq/);
    for (const s of others)
      expect([s.Action].flat().every((a) => a.startsWith('sqs:') || a.startsWith('kms:'))).toBe(true);
    // Its live alias (an output of the Booking stack), nothing else.
    const targets = invokes.map((s) => JSON.stringify(s.Resource));
    expect(targets).toEqual([
      expect.stringMatching(/"Outputs\.TicketingApiBookingFholdreleaseLive[0-9A-F]{8}Ref"/),
    ]);
  });

  it('feeds the order writer from SQS with partial batch responses and a concurrency cap', () => {
    const mapping = mappingOf('order-writer');
    // The live alias: `<function name>:live`.
    expect(JSON.stringify(mapping?.Properties.FunctionName)).toContain(
      `{"Ref":"${aliasId('order-writer')}"}`,
    );
    expect(JSON.stringify(mapping?.Properties.FunctionName)).toContain(':live');
    templateOf('order-writer').hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 10 },
    });
  });

  it('relays the outbox from the table stream: outbox inserts only, partial batch responses, failures kept', () => {
    const mapping = mappingOf('outbox-relay');
    expect(JSON.stringify(mapping?.Properties.FunctionName)).toContain(
      `{"Ref":"${aliasId('outbox-relay')}"}`,
    );
    expect(mapping?.Properties).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: expect.anything() } },
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              eventName: ['INSERT'],
              dynamodb: { Keys: { pk: { S: [{ prefix: 'OUTBOX#' }] } } },
            }),
          },
        ],
      },
    });
    expect(JSON.stringify(mapping?.Properties.EventSourceArn)).toContain('StreamArn');
    // It reads the stream and puts events; it has no access to the table's items.
    const actions = actionsOf('outbox-relay');
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetRecords', 'events:PutEvents']));
    expect(
      actions.filter((a) =>
        /dynamodb:(Get|Put|Update|Delete|Query|Scan|BatchWrite)Item|dynamodb:(Query|Scan)$/.test(a),
      ),
    ).toEqual([]);
  });

  it('sweeps and reconciles payments every minute, routes OrderPaid to the ticket issuer and SeatsReleased to the waitlist', () => {
    for (const fn of ['hold-sweeper', 'payment-reconciler'] as const)
      templateOf(fn).hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'rate(1 minute)',
        Targets: [Match.objectLike({ Arn: { Ref: aliasId(fn) } })],
      });
    // Two passes 30 s apart in each run of the reconciler (payment-checks.ts): it has the time.
    expect(fnResource('payment-reconciler').Properties.Timeout).toBe(75);
    templateOf('ticket-issuer').hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['ticketing'], 'detail-type': ['OrderPaid'] },
      Targets: [Match.objectLike({ Arn: { Ref: aliasId('ticket-issuer') } })],
    });
    templateOf('notifier').hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['ticketing'],
        'detail-type': ['TicketsIssued', 'RefundCompleted', 'WaitlistOffered', 'SessionCancelled'],
      },
      Targets: [Match.objectLike({ Arn: { Ref: aliasId('notifier') } })],
    });
    templateOf('waitlist-offers').hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['ticketing'], 'detail-type': ['SeatsReleased'] },
      Targets: [Match.objectLike({ Arn: { Ref: aliasId('waitlist-offers') } })],
    });
  });
});

describe('background workers (asynchronous invocations)', () => {
  it('set concurrency aside per worker, keep failed invocations and bound their age', () => {
    const reserved = (name: string) => fnResource(name).Properties.ReservedConcurrentExecutions;
    expect(reserved('order-writer')).toBe(10); // = the event source's maximum concurrency
    expect([reserved('hold-sweeper'), reserved('payment-reconciler')]).toEqual([1, 1]);
    expect(reserved('hold-release')).toBe(50);
    for (const name of Object.keys(ROUTES)) expect(reserved(name), name).toBeUndefined();
    // Lambda's async retries, a maximum event age and an on-failure destination, for every
    // function EventBridge or the Scheduler invokes.
    // The DLQ lives in the API stack; a feature stack takes its ARN as a parameter.
    expect(Object.keys(resources).some((id) => id.startsWith('BackgroundDlq'))).toBe(true);
    const dlqParam = { Ref: expect.stringMatching(/^referencetoTicketingApiBackgroundDlq[0-9A-F]{8}Arn$/) };
    const configs = Object.values(everywhere).filter((r) => r.Type === 'AWS::Lambda::EventInvokeConfig');
    for (const name of [
      'hold-release',
      'hold-sweeper',
      'payment-reconciler',
      'ticket-issuer',
      'waitlist-offers',
      'notifier',
    ]) {
      // On the live alias, which is what EventBridge and the Scheduler invoke.
      const config = configs.find((c) => JSON.stringify(c.Properties.FunctionName).includes(fnId(name)));
      expect(JSON.stringify(config?.Properties.Qualifier), name).toContain(aliasId(name));
      expect(config?.Properties, name).toMatchObject({
        MaximumEventAgeInSeconds: 3600,
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: dlqParam } },
      });
    }
    // Every rule target keeps what it could not deliver.
    for (const rule of Object.values(everywhere).filter((r) => r.Type === 'AWS::Events::Rule')) {
      const targets = rule.Properties.Targets as { DeadLetterConfig?: unknown; RetryPolicy?: unknown }[];
      for (const t of targets) {
        expect(t.DeadLetterConfig).toEqual({ Arn: dlqParam });
        expect(t.RetryPolicy).toMatchObject({ MaximumEventAgeInSeconds: expect.any(Number) });
      }
    }
    // The Scheduler's undeliverable releases: functions that create schedules name the DLQ,
    // and the Scheduler's role may send to it.
    expect(envOf('holds-create').SCHEDULE_DLQ_ARN).toEqual(dlqParam);
    // Schedules invoke the release function's live alias.
    expect(envOf('holds-create').RELEASE_FUNCTION_ARN).toEqual({ Ref: aliasId('hold-release') });
    // SQS visibility ≥ 6 × the writer's timeout.
    expect(fnResource('order-writer').Properties.Timeout).toBe(30);
  });
});

describe('alarms (seed 002 §14), in a nested stack of their own', () => {
  const alarmTemplate = Template.fromStack(stateless.alarms);
  const alarmResources = alarmTemplate.toJSON().Resources as typeof resources;
  const alarms = Object.values(alarmResources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
  const byDescription = (text: string) =>
    alarms.filter((a) => String(a.Properties.AlarmDescription).includes(text));

  it('come with a dashboard of holds, release lag, the DLQ and seat conflicts', () => {
    alarmTemplate.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = JSON.stringify(
      Object.values(alarmResources).find((r) => r.Type === 'AWS::CloudWatch::Dashboard')!.Properties
        .DashboardBody,
    );
    for (const m of [
      'HoldSucceeded',
      'HoldErrored',
      'ReleaseLagSeconds',
      'OrderSeatConflict',
      'PaymentSucceeded',
      'PaymentFailed',
      'PaymentResultRepeated',
      'ApproximateAgeOfOldestMessage',
      'RefundPendingOldestMinutes',
      'SeatDrift',
      'SessionCancelled',
    ])
      expect(body).toContain(m);
  });

  it('fire on declined payments, an order queue falling behind and a cancel job stuck in its DLQ', () => {
    const [payments] = byDescription('payments in 5 minutes were declined');
    expect(payments?.Properties).toMatchObject({ Threshold: 0.5 });
    expect(JSON.stringify(payments?.Properties.Metrics)).toContain('PaymentFailed');
    const [age] = byDescription('oldest accepted order has waited');
    expect(age?.Properties).toMatchObject({
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 60,
      EvaluationPeriods: 3,
    });
    expect(byDescription("session cancellation's step kept failing")).toHaveLength(1);
  });

  it('all go to one SNS topic, the function alarms from their feature stacks too', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    const topic = Object.entries(resources).find(([, r]) => r.Type === 'AWS::SNS::Topic')![0];
    const everyAlarm = Object.values(everywhere).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
    expect(everyAlarm.length).toBeGreaterThan(100);
    // In the API stack itself (the first-deploy function's) by its id, elsewhere as a parameter.
    const param = /^referencetoTicketingApiAlarmTopic[0-9A-F]{8}Ref$/;
    for (const a of everyAlarm) {
      const [action, ...more] = a.Properties.AlarmActions as { Ref: string }[];
      expect(more).toEqual([]);
      expect(action!.Ref === topic || param.test(action!.Ref), action!.Ref).toBe(true);
    }
  });

  it('fire on any seat drift the drift watch finds', () => {
    const [drift] = byDescription('Seat drift between Redis and DynamoDB');
    expect(drift?.Properties).toMatchObject({ MetricName: 'SeatDrift', Statistic: 'Sum', Threshold: 1 });
  });

  it('include one per dependency circuit breaker, on CircuitOpened with its Dependency dimension', () => {
    for (const dependency of DEPENDENCIES) {
      const [alarm] = byDescription(`The ${dependency} circuit breaker opened`);
      expect(alarm?.Properties, dependency).toMatchObject({
        MetricName: 'CircuitOpened',
        Namespace: 'Ticketing',
        Statistic: 'Sum',
        Threshold: 1,
        Dimensions: expect.arrayContaining([{ Name: 'Dependency', Value: dependency }]),
      });
    }
  });

  it('fire when a refund has been pending at the provider for more than 15 minutes', () => {
    const [refunds] = byDescription('refund has been pending');
    expect(refunds?.Properties).toMatchObject({
      MetricName: 'RefundPendingOldestMinutes',
      Namespace: 'Ticketing',
      Statistic: 'Maximum',
      Threshold: 15,
    });
  });

  it('cover the DLQ, the hold error rate, release lag and paid-but-not-ticketed orders', () => {
    expect(byDescription('Order messages that kept failing are waiting in the DLQ')).toHaveLength(1);
    const rate = byDescription('5% of hold attempts');
    expect(rate).toHaveLength(1);
    expect(rate[0]!.Properties).toMatchObject({ Threshold: 0.05, EvaluationPeriods: 3 });
    expect(JSON.stringify(rate[0]!.Properties.Metrics)).toContain('HoldErrored');
    expect(byDescription('60 s after its expiry')[0]!.Properties).toMatchObject({
      Threshold: 60,
      MetricName: 'ReleaseLagSeconds',
    });
    expect(byDescription('ticket issuer failed')).toHaveLength(1);
    expect(byDescription('More than 100 orders have been paid')[0]!.Properties).toMatchObject({
      MetricName: 'PaidNotTicketed',
      Statistic: 'Maximum',
      Threshold: 100,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(byDescription('OrderPaid events could not be delivered')).toHaveLength(1);
  });

  it('watch every function for errors and throttles (beside it, per minute), and Valkey compute and memory', () => {
    for (const name of stateless.functions.keys()) {
      const own = Object.values(resourcesOf(name)).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
      for (const [text, metric] of [
        [`${name}: errors`, 'Errors'],
        [`${name}: throttled`, 'Throttles'],
      ] as const) {
        const found = own.filter((a) => String(a.Properties.AlarmDescription).startsWith(text));
        expect(found, text).toHaveLength(1);
        expect(found[0]!.Properties).toMatchObject({
          MetricName: metric,
          Period: 60,
          Threshold: 1,
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId(name) } }],
        });
      }
    }
    expect(byDescription('Valkey compute')[0]!.Properties).toMatchObject({
      MetricName: 'ElastiCacheProcessingUnits',
    });
    expect(byDescription('Valkey data')[0]!.Properties).toMatchObject({ MetricName: 'BytesUsedForCache' });
    expect(byDescription('fell back to DynamoDB')[0]!.Properties).toMatchObject({
      MetricName: 'SearchFallback',
      Namespace: 'Ticketing',
    });
  });
});

/** Each secret variable, present only when the function's needs grant it (null: absent). */
function secretEnvOf(name: string): Record<string, null | undefined> {
  const needs = NEEDS[name as keyof typeof NEEDS];
  const granted = new Set<string>([
    ...(needs.secrets ?? []).map((p) => SECRET_VARIABLE[p]),
    ...(needs.payments ? ['ALIPAY_CREDENTIALS'] : []),
    ...(needs.ticketVerify ? ['TICKET_PUBLIC_KEY'] : []),
    ...(name in ROUTES ? ['TOKEN_PUBLIC_KEY'] : []),
  ]);
  const all = [
    ...Object.values(SECRET_VARIABLE),
    'ALIPAY_CREDENTIALS',
    'TICKET_PUBLIC_KEY',
    'TOKEN_PUBLIC_KEY',
  ];
  return Object.fromEntries(all.filter((v) => !granted.has(v)).map((v) => [v, null]));
}

const SECRET_VARIABLE = {
  tokenSigning: 'TOKEN_SIGNING_KEY',
  gate: 'GATE_SECRET',
  pii: 'PII_KEY',
  ticketSigning: 'TICKET_SIGNING_KEY',
  sandboxCallback: 'PAYMENT_PROVIDER_SECRET',
} as const;

function ticketKeys() {
  const pair = generateEd25519();
  return { TICKET_SIGNING_KEY: pair.privateKey, TICKET_PUBLIC_KEY: pair.publicKey };
}

function tokenKeys() {
  const pair = generateAccessTokenKey();
  return { TOKEN_SIGNING_KEY: pair.privateKey, TOKEN_PUBLIC_KEY: pair.publicKey };
}

/** A well-formed Alipay app: fresh RSA keys, a 16-digit app id. */
function alipayCredentials() {
  const pair = () =>
    generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
  return { appId: '2021000123456789', privateKey: pair().privateKey, alipayPublicKey: pair().publicKey };
}

/** Answers an OpenSearch search with no hits and remembers what it was asked. */
async function recordingOpenSearch() {
  const rec = {
    url: '',
    seen: [] as string[],
    authorization: '',
    close: (): Promise<void> => Promise.resolve(),
  };
  const server = createServer((req, res) => {
    rec.seen.push(`${req.method} ${req.url?.split('?')[0]}`);
    rec.authorization = String(req.headers.authorization);
    req.resume().on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ took: 1, timed_out: false, hits: { hits: [] } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  rec.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  rec.close = () => new Promise<void>((r) => server.close(() => r()));
  return rec;
}

describe('full synth with bundling', () => {
  // No wall-clock assertion here: synth time is a property of this shared machine, not of the code.
  it('bundles every function and passes cdk-nag; each bundle loads as ESM and answers once', async () => {
    const built = buildApp(testApp({ 'aws:cdk:enable-asset-metadata': true }, { bundle: true }));
    const full = built.app.synth();
    // One bundle per function, each an ESM index.mjs with the Lua scripts beside it.
    const bundles = readdirSync(full.directory).filter((d) =>
      existsSync(join(full.directory, d, 'index.mjs')),
    );
    expect(bundles.length).toBe(built.stateless.functions.size);
    for (const b of bundles)
      expect(existsSync(join(full.directory, b, 'lua', 'holdSeats-11.lua')), b).toBe(true);

    // Load each bundle as Lambda would: Node's own ESM loader in a child process (not the test
    // runner's module transform), with only the AWS SDK beside it: the Lambda runtime provides
    // it, everything else must be in the bundle.
    mkdirSync(join(full.directory, 'node_modules'));
    symlinkSync(
      join(process.cwd(), 'node_modules', '@aws-sdk'),
      join(full.directory, 'node_modules', '@aws-sdk'),
    );
    const env = {
      ...process.env,
      TABLE_NAME: 'ticketing',
      REDIS_URL: inject('apiRedisUrl'),
      AWS_ENDPOINT_URL_DYNAMODB: inject('apiDynamoDbUrl'),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      // Random, as in a real deployment: functions refuse placeholders and weak keys.
      // Each function gets only its own secrets in AWS; here every bundle gets all of them.
      ...tokenKeys(),
      ...ticketKeys(),
      GATE_SECRET: randomBytes(32).toString('hex'),
      PII_KEY: randomBytes(32).toString('base64'),
      PAYMENT_PROVIDER_SECRET: randomBytes(24).toString('hex'),
      // Both channels: the notify bundle loads alipay-sdk and verifies (refuses) the bare request.
      PAYMENT_CHANNELS: 'alipay,sandbox',
      ALIPAY_CREDENTIALS: JSON.stringify(alipayCredentials()),
      PUBLIC_BASE_URL: 'https://tickets.example.com',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      // As in Lambda: the hot-path functions prime their first request's setup during init.
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    };
    // Each function's template: its feature's nested stack (a file beside the API stack's), or the API stack.
    const templateFileOf = (
      name: string,
    ): { Resources: Record<string, { Metadata?: Record<string, string> }> } => {
      const stack = Stack.of(built.stateless.functions.get(name as never)!.fn);
      return JSON.parse(readFileSync(join(full.directory, stack.templateFile), 'utf8'));
    };
    const routes = new Map<string, { method: string; path: string }>(Object.entries(ROUTES));
    const openSearch = await recordingOpenSearch();
    onTestFinished(() => openSearch.close());
    const background: Record<string, unknown> = {
      'hold-release': {},
      'hold-sweeper': {},
      'payment-reconciler': {},
      'drift-watch': {},
      // Not one of its events: logged and dropped.
      notifier: { 'detail-type': 'SeatsReleased', detail: {} },
      'order-writer': { Records: [] },
      'organiser-jobs': { Records: [] },
      'waitlist-offers': {
        'detail-type': 'SeatsReleased',
        detail: {
          sessionId: 'nosuchsession',
          holdId: 'nosuchsession_000000000000',
          reason: 'RELEASED',
          seats: 1,
        },
      },
      'ticket-issuer': {
        'detail-type': 'OrderPaid',
        detail: { orderNumber: '1', userId: 'u1', sessionId: 's1' },
      },
      'outbox-relay': { Records: [] },
      // A stack deletion: the first-deploy function loads and keeps everything.
      bootstrap: { RequestType: 'Delete', ResourceProperties: {} },
    };
    const calls = [...built.stateless.functions].map(([name, f]) => {
      const logicalId = Stack.of(f.fn).getLogicalId(f.fn.node.defaultChild as never);
      const assetPath = templateFileOf(name).Resources[logicalId]?.Metadata?.['aws:asset:path'];
      expect(assetPath, name).toBeDefined();
      const route = routes.get(name);
      const event = route
        ? {
            version: '2.0',
            routeKey: `${route.method} ${route.path}`,
            rawPath: route.path,
            rawQueryString: '',
            headers: {},
            isBase64Encoded: false,
            requestContext: { http: { method: route.method, path: route.path } },
          }
        : background[name];
      expect(event, name).toBeDefined();
      return {
        name,
        file: join(full.directory, assetPath!, 'index.mjs'),
        event,
        env: {
          // Only the secrets this function's role can read (function-needs.ts), as in AWS.
          ...secretEnvOf(name),
          // The search bundle goes to "OpenSearch" (a recording endpoint): its signer must load and sign.
          ...(name === 'programs-search' ? { OPENSEARCH_ENDPOINT: openSearch.url } : {}),
        },
      };
    });
    // CDK's own esbuild run (its CLI arguments, the debug alias among them) gives the hold the
    // same small bundle as the bundle test's build (function-bundles.test.ts).
    const holdFile = calls.find((c) => c.name === 'holds-create')!.file;
    expect(statSync(holdFile).size).toBeLessThan(300_000);
    expect(readFileSync(holdFile, 'utf8')).not.toContain('FORCE_COLOR');
    const child = spawn(process.execPath, ['test/support/call-bundles.mjs'], { env });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.resume();
    child.stdin.end(JSON.stringify(calls));
    await new Promise((resolve) => child.once('exit', resolve));
    const results = JSON.parse(out.trim().split('\n').at(-1)!) as {
      name: string;
      result?: unknown;
      error?: string;
    }[];
    expect(results.map((r) => r.name)).toEqual(calls.map((c) => c.name));
    const resultOf = (name: string) => {
      const r = results.find((x) => x.name === name)!;
      expect(r.error, name).toBeUndefined();
      return r.result;
    };
    for (const name of routes.keys()) {
      const res = resultOf(name) as { statusCode: number; headers: Record<string, string>; body?: string };
      // A bundle that loads answers with the API's own responses: 2xx, or a 4xx for this bare request.
      expect(res.statusCode, name).toBeLessThan(500);
      expect(res.headers['x-request-id'], name).toBeDefined();
    }
    const search = resultOf('programs-search') as { statusCode: number; body?: string };
    expect(search.statusCode).toBe(200);
    expect(JSON.parse(search.body ?? '{}')).toEqual({ items: [], nextCursor: null });
    expect(openSearch.seen).toEqual(['POST /programs/_search']);
    expect(openSearch.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/us-east-1\/es\//);
    // alipay-sdk loaded inside the bundle and checked the (absent) RSA2 signature.
    const notify = resultOf('payments-alipay-notify') as { statusCode: number; body?: string };
    expect([notify.statusCode, JSON.parse(notify.body ?? '{}').error?.code]).toEqual([
      401,
      'UNAUTHENTICATED',
    ]);
    expect(resultOf('hold-release')).toEqual({ malformed: true });
    expect(resultOf('hold-sweeper')).toMatchObject({ released: expect.any(Number) });
    expect(resultOf('payment-reconciler')).toMatchObject({
      checked: expect.any(Number),
      refundsPending: expect.any(Number),
    });
    // Its own bundle reconciled an open session of the test Redis, or found none open.
    expect(resultOf('drift-watch')).toHaveProperty('sessionId');
    expect(resultOf('order-writer')).toEqual({ batchItemFailures: [] });
    expect(resultOf('waitlist-offers')).toEqual({ offered: 0, closed: 0 });
    expect(resultOf('ticket-issuer')).toEqual({ result: 'not-paid' });
    expect(resultOf('outbox-relay')).toEqual({ batchItemFailures: [] });
    expect(resultOf('notifier')).toEqual({ malformed: true });
    expect(resultOf('bootstrap')).toEqual({ PhysicalResourceId: 'ticketing-first-deploy' });
  }, 300_000);
});
