import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { StatelessStack } from '../../infra/stacks/stateless-stack.ts';

export type Resources = Record<
  string,
  {
    Type: string;
    Properties: Record<string, unknown>;
    Metadata?: Record<string, string>;
    UpdatePolicy?: unknown;
  }
>;

/**
 * The API stack as tests read it: each function lives in its feature's nested stack (or, for
 * the first-deploy function, the API stack itself), with its alias, route, triggers and alarms.
 * Lookups are by function folder name; logical ids are those of the function's own template.
 */
export function apiStack(stateless: StatelessStack) {
  const templates = new Map<Stack, Template>();
  const templateOfStack = (stack: Stack): Template => {
    let t = templates.get(stack);
    if (!t) {
      t = Template.fromStack(stack);
      templates.set(stack, t);
    }
    return t;
  };
  const fnOf = (name: string) => {
    const f = stateless.functions.get(name as never);
    if (!f) throw new Error(`no function ${name}`);
    return f;
  };
  const stackOf = (name: string): Stack => Stack.of(fnOf(name).fn);
  /** The template holding the function (and its alias, route, triggers, alarms). */
  const templateOf = (name: string): Template => templateOfStack(stackOf(name));
  const resourcesOf = (name: string): Resources => templateOf(name).toJSON().Resources as Resources;
  /** The logical id of the function, in its template. */
  const fnId = (name: string): string => stackOf(name).getLogicalId(fnOf(name).fn.node.defaultChild as never);
  /** The logical id of its `live` alias, in its template. */
  const aliasId = (name: string): string =>
    stackOf(name).getLogicalId(fnOf(name).live.node.defaultChild as never);
  /** The function's own resource. */
  const fnResource = (name: string) => resourcesOf(name)[fnId(name)]!;
  /** Every IAM action granted to the function's role. */
  const actionsOf = (name: string): string[] => {
    const resources = resourcesOf(name);
    const roleRef = (fnResource(name).Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
    return Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(roleRef!))
      .flatMap(
        (r) => (r.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement,
      )
      .flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
  };
  const envOf = (name: string) =>
    (fnResource(name).Properties.Environment as { Variables: Record<string, unknown> }).Variables;
  /** The API stack and every nested stack under it, with their resources. */
  const allStacks = (): { stack: Stack; resources: Resources }[] => {
    const stacks: Stack[] = [stateless];
    for (const child of stateless.node.findAll())
      if (Stack.isStack(child) && child !== stateless && child.nested) stacks.push(child);
    return stacks.map((stack) => ({
      stack,
      resources: templateOfStack(stack).toJSON().Resources as Resources,
    }));
  };
  return { templateOf, resourcesOf, fnId, aliasId, fnResource, actionsOf, envOf, allStacks, stackOf };
}
