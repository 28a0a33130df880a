import { Duration, Fn, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface EdgeDistributionProps {
  /** The HTTP API's endpoint, `https://<id>.execute-api.<region>.amazonaws.com`. */
  apiEndpoint: string;
  /** ARN of the CLOUDFRONT-scope web ACL (EdgeStack, us-east-1). */
  webAclArn: string;
  /** The value of the `x-origin-verify` header CloudFront adds; the functions refuse requests without it. */
  originVerify: secretsmanager.ISecret;
}

/**
 * CloudFront in front of the HTTP API, with the WAF web ACL: nothing cached (every response
 * is per user or live), every method, all viewer headers but Host forwarded with CloudFront's
 * own (CloudFront-Viewer-Address gives the API the client's address), HTTPS to the origin only,
 * and an origin header only CloudFront knows. Standard logs to a bucket of their own.
 */
export class EdgeDistribution extends Construct {
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: EdgeDistributionProps) {
    super(scope, id);
    const logs = new s3.Bucket(this, 'Logs', {
      // CloudFront standard logs are written with ACLs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const apiDomain = Fn.select(2, Fn.split('/', props.apiEndpoint));
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Ticketing API (WAF, then the HTTP API)',
      webAclId: props.webAclArn,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'api/',
      defaultBehavior: {
        origin: new origins.HttpOrigin(apiDomain, {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          readTimeout: Duration.seconds(30),
          customHeaders: { 'x-origin-verify': props.originVerify.secretValue.unsafeUnwrap() },
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        compress: true,
      },
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the log bucket: it does not log access to itself; it blocks public access and serves IAM principals only',
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate cannot take a viewer TLS policy; with a custom domain, attach an ACM certificate with TLSv1.2_2021 (README)',
      },
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'Buyers are served wherever they are; who may buy is decided by the sale rules (real names, limits, waiting room)',
      },
    );
  }
}
