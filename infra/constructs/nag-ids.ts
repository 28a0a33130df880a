import { createHash } from 'node:crypto';
import { type CfnElement, type CfnResource, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * How cdk-nag names a resource in a finding, derived from the construct rather than pasted
 * from a synth (a renamed construct would otherwise silently stop matching, and the
 * acknowledgement with it; test/infra/deploy-env.test.ts synthesizes with cdk-nag on).
 */

const cfnOf = (c: IConstruct): CfnElement => (c.node.defaultChild ?? c) as CfnElement;

/** `<LogicalId.Arn>`: a resource of the same stack, referenced by `Fn::GetAtt`. */
export function getAttRef(resource: IConstruct, attribute: string): string {
  return `<${Stack.of(resource).getLogicalId(cfnOf(resource))}.${attribute}>`;
}

/**
 * The name of the export through which another stack reads `resource`'s attribute
 * (`Fn::ImportValue`), as CDK makes it (aws-cdk-lib core/lib/private/refs.ts,
 * generateExportName, and makeUniqueId): the exporting stack's name, then the path
 * `Exports/Output{"Fn::GetAtt":[logicalId, attribute]}` as letters and digits, then the first
 * eight hex digits of the path's MD5, upper case.
 */
export function importedAttr(resource: IConstruct, attribute: string): string {
  const stack = Stack.of(resource);
  const path = [
    'Exports',
    `Output${JSON.stringify({ 'Fn::GetAtt': [stack.getLogicalId(cfnOf(resource) as CfnResource), attribute] })}`,
  ];
  const human = path.map((p) => p.replace(/[^A-Za-z0-9]/g, '')).join('');
  const hash = createHash('md5').update(path.join('/')).digest('hex').slice(0, 8).toUpperCase();
  return `${stack.stackName}:${human}${hash}`;
}
