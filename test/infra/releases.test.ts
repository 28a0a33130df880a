import { describe, expect, it } from 'vitest';
import { BACKGROUND_FUNCTIONS, ROUTES } from '#app/registry.ts';
import { buildApp, DeployConfigError, provisionedContext } from '../../infra/app.ts';
import { apiStack } from '../support/api-stack.ts';
import { testApp } from '../support/cdk-app.ts';

/** CloudFormation refuses a stack of more than 500 resources; 100 are left for what comes. */
const STACK_RESOURCE_BUDGET = 400;

function synth(context: Record<string, unknown> = {}) {
  const built = buildApp(testApp(context));
  const assembly = built.app.synth();
  return { built, assembly, ...apiStack(built.stateless) };
}

describe('versions, the live alias and gradual deploys (cdk synth, offline)', () => {
  const { built, resourcesOf, fnId, aliasId, allStacks } = synth({
    provisioned: 'holds-create:100,orders-create:20',
  });
  const names = [...built.stateless.functions.keys()];

  it('publishes a version of every function and points its live alias at it; callers use the alias', () => {
    expect(names.length).toBe(Object.keys(ROUTES).length + BACKGROUND_FUNCTIONS.length);
    for (const name of names) {
      const own = resourcesOf(name);
      const alias = own[aliasId(name)]!;
      expect(alias.Type, name).toBe('AWS::Lambda::Alias');
      expect(alias.Properties).toMatchObject({ Name: 'live', FunctionName: { Ref: fnId(name) } });
      const versionId = (alias.Properties.FunctionVersion as { 'Fn::GetAtt': [string, string] })[
        'Fn::GetAtt'
      ][0];
      const version = own[versionId]!;
      expect(version.Type, name).toBe('AWS::Lambda::Version');
      expect(version.Properties.FunctionName).toEqual({ Ref: fnId(name) });
      // Kept when a newer one is published: a rollback points the alias back at it.
      expect((version as { DeletionPolicy?: string }).DeletionPolicy, name).toBe('Retain');
    }
  });

  it('keeps the named functions warm with the provisioned concurrency the context asks for, no others', () => {
    const provisionedOf = (name: string) =>
      (
        resourcesOf(name)[aliasId(name)]!.Properties.ProvisionedConcurrencyConfig as
          | { ProvisionedConcurrentExecutions: number }
          | undefined
      )?.ProvisionedConcurrentExecutions;
    expect(provisionedOf('holds-create')).toBe(100);
    expect(provisionedOf('orders-create')).toBe(20);
    for (const name of names.filter((n) => n !== 'holds-create' && n !== 'orders-create'))
      expect(provisionedOf(name), name).toBeUndefined();
  });

  it('deploys every API function through CodeDeploy, rolled back on its errors alarm; background ones switch at once', () => {
    for (const name of names) {
      const own = resourcesOf(name);
      // The alias names its deployment group (CodeDeploy moves the alias): the API's functions only.
      const alias = own[aliasId(name)]! as { UpdatePolicy?: { CodeDeployLambdaAliasUpdate?: unknown } };
      const update = alias.UpdatePolicy?.CodeDeployLambdaAliasUpdate as
        | { DeploymentGroupName: { Ref: string } }
        | undefined;
      if (!(name in ROUTES)) {
        expect(update, name).toBeUndefined();
        continue;
      }
      const groupId = update!.DeploymentGroupName.Ref;
      const group = own[groupId]!;
      expect(group.Type, name).toBe('AWS::CodeDeploy::DeploymentGroup');
      expect(group.Properties, name).toMatchObject({
        DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
        DeploymentStyle: { DeploymentOption: 'WITH_TRAFFIC_CONTROL', DeploymentType: 'BLUE_GREEN' },
        AutoRollbackConfiguration: {
          Enabled: true,
          Events: expect.arrayContaining(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']),
        },
        AlarmConfiguration: { Enabled: true },
      });
      // The alarm it watches is this function's errors alarm.
      const alarms = (group.Properties.AlarmConfiguration as { Alarms: { Name: { Ref: string } }[] }).Alarms;
      expect(alarms, name).toHaveLength(1);
      const alarm = own[alarms[0]!.Name.Ref]!;
      expect(alarm.Properties, name).toMatchObject({
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId(name) } }],
      });
    }
    // One deployment group per API function, none for the background ones.
    const groups = allStacks().flatMap(({ resources }) =>
      Object.values(resources).filter((r) => r.Type === 'AWS::CodeDeploy::DeploymentGroup'),
    );
    expect(groups).toHaveLength(Object.keys(ROUTES).length);
  });

  it('takes the deploy style from context: linear, or all at once', () => {
    for (const [value, config] of [
      ['linear', 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute'],
      ['allAtOnce', 'CodeDeployDefault.LambdaAllAtOnce'],
    ] as const) {
      const other = synth({ deployConfig: value });
      const group = Object.values(other.resourcesOf('holds-create')).find(
        (r) => r.Type === 'AWS::CodeDeploy::DeploymentGroup',
      );
      expect(group?.Properties.DeploymentConfigName, value).toBe(config);
    }
    expect(() => synth({ deployConfig: 'yolo' })).toThrow(DeployConfigError);
  });

  it('refuses a provisioned setting it cannot honour, naming what is wrong', () => {
    expect(provisionedContext(undefined)).toEqual({});
    expect(provisionedContext(' holds-create:5 ,seat-map:2')).toEqual({ 'holds-create': 5, 'seat-map': 2 });
    for (const bad of [
      'holds-crate:5',
      'holds-create',
      'holds-create:0',
      'holds-create:1.5',
      'holds-create:5:1',
    ])
      expect(() => provisionedContext(bad), bad).toThrow(DeployConfigError);
    // More than the concurrency set aside for a worker could never be provisioned.
    expect(() => synth({ provisioned: 'hold-sweeper:2' })).toThrow(/exceeds its reserved concurrency/);
  });
});

describe('CloudFormation limits', () => {
  it(`keeps every stack, nested ones included, under ${STACK_RESOURCE_BUDGET} resources`, () => {
    const { assembly, allStacks } = synth({ provisioned: 'holds-create:1' });
    const counts = [
      ...assembly.stacks.map(
        (s) => [s.stackName, Object.keys((s.template as { Resources: object }).Resources).length] as const,
      ),
      ...allStacks()
        .filter(({ stack }) => stack.nested)
        .map(({ stack, resources }) => [stack.node.path, Object.keys(resources).length] as const),
    ];
    expect(counts.length).toBeGreaterThan(8);
    for (const [stack, count] of counts) expect(count, stack).toBeLessThan(STACK_RESOURCE_BUDGET);
  });
});
