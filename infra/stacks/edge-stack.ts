import { Stack, type StackProps } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

export interface EdgeStackProps extends StackProps {
  /** Requests one client IP may make in any 5 minutes before WAF answers 429. */
  ratePer5Minutes: number;
}

/** The API's error body, so a WAF refusal reads like any other refusal of the API. */
const errorBody = (code: string, message: string) => JSON.stringify({ error: { code, message } });

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
});

/**
 * The web application firewall in front of the API's CloudFront distribution. WAF for
 * CloudFront lives in us-east-1, so this is a stack of its own (HTTP APIs cannot take a WAF
 * directly). Rules, in order:
 *  1. a rate-based rule per client IP (429 with the API's error body and retry-after);
 *  2. AWS managed rules: the common rule set (its 8 KB body limit counted, not blocked: admin
 *     layouts are larger, and the API refuses bodies over 64 KB itself) and known bad inputs.
 */
export class EdgeStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      description: 'Ticketing API: per-IP rate limit and AWS managed rules',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('TicketingEdge'),
      customResponseBodies: {
        rateLimited: {
          contentType: 'APPLICATION_JSON',
          content: errorBody(
            'RATE_LIMITED',
            'Too many requests from your network; retry after the time in retry-after',
          ),
        },
      },
      rules: [
        {
          name: 'RatePerIp',
          priority: 0,
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: props.ratePer5Minutes,
              evaluationWindowSec: 300,
            },
          },
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                customResponseBodyKey: 'rateLimited',
                responseHeaders: [{ name: 'retry-after', value: '60' }],
              },
            },
          },
          visibilityConfig: visibility('RatePerIp'),
        },
        {
          name: 'AwsCommonRules',
          priority: 1,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: 'AWSManagedRulesCommonRuleSet',
              ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
            },
          },
          visibilityConfig: visibility('AwsCommonRules'),
        },
        {
          name: 'AwsKnownBadInputs',
          priority: 2,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesKnownBadInputsRuleSet' },
          },
          visibilityConfig: visibility('AwsKnownBadInputs'),
        },
      ],
    });
  }
}
