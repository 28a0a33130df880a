import { existsSync } from 'node:fs';
import {
  BOOTSTRAP_QUALIFIER_CONTEXT,
  DefaultStackSynthesizer,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  Token,
  Validations,
} from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface EdgeDistributionProps {
  /** The HTTP API's endpoint, `https://<id>.execute-api.<region>.amazonaws.com`. */
  apiEndpoint: string;
  /** ARN of the CLOUDFRONT-scope web ACL (EdgeStack, us-east-1). */
  webAclArn: string;
  /** The value of the `x-origin-verify` header CloudFront adds; the functions refuse requests without it. */
  originVerify: secretsmanager.ISecret;
  /** The built web app (`npm run build:web`); default web/dist. */
  webAppDir?: string;
}

/** Where `npm run build:web` puts the reference web app (web/vite.config.ts). */
export const WEB_APP_DIR = new URL('../../web/dist/', import.meta.url).pathname;

/**
 * The app's own routes (`/sessions/…`, `/orders/…`) are paths the bucket does not have: a
 * viewer request without a file extension gets index.html. A function, not the
 * distribution's error responses, because those would also rewrite the API's 403 and 404.
 */
/** How cdk-nag writes a stack's partition, account or region in a finding: the value, or the pseudo parameter. */
const named = (value: string, pseudo: string) => (Token.isUnresolved(value) ? pseudo : value);

/**
 * The CDK asset bucket's ARN as cdk-nag names it in a finding. An environment-agnostic stack
 * has pseudo parameters there; a stack with an account and region (every `cdk deploy`) has
 * them written out, and with `@aws-cdk/core:enablePartitionLiterals` the partition too
 * (`arn:aws:s3:::cdk-hnb659fds-assets-123456789012-eu-west-1`).
 */
function assetBucketArn(stack: Stack): string {
  const qualifier =
    (stack.synthesizer instanceof DefaultStackSynthesizer
      ? stack.synthesizer.bootstrapQualifier
      : undefined) ??
    (stack.node.tryGetContext(BOOTSTRAP_QUALIFIER_CONTEXT) as string | undefined) ??
    DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  const partition = named(stack.partition, '<AWS::Partition>');
  const account = named(stack.account, '<AWS::AccountId>');
  const region = named(stack.region, '<AWS::Region>');
  return `arn:${partition}:s3:::cdk-${qualifier}-assets-${account}-${region}`;
}

const SPA_FALLBACK = `function handler(event) {
  var r = event.request;
  if (r.uri.indexOf('.') === -1) r.uri = '/index.html';
  return r;
}`;

/**
 * One CloudFront distribution, with the WAF web ACL, for the API and the web app:
 * `/v1/*` and `/health` go to the HTTP API (nothing cached: every response is per user or
 * live; every method; all viewer headers but Host, with CloudFront's own, so
 * CloudFront-Viewer-Address gives the API the client's address; HTTPS to the origin only; an
 * origin header only CloudFront knows). Everything else is the web app from a private bucket
 * (origin access control): hashed assets cached a year, index.html revalidated, the app's
 * routes answered with index.html. Standard logs to a bucket of their own.
 */
export class EdgeDistribution extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly appBucket: s3.Bucket;

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
    const apiBehavior: cloudfront.BehaviorOptions = {
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
    };
    this.appBucket = new s3.Bucket(this, 'App', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'app-bucket/',
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Ticketing: the web app, and the API under /v1 (WAF in front of both)',
      webAclId: props.webAclArn,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'api/',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.appBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        compress: true,
        functionAssociations: [
          {
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
            function: new cloudfront.Function(this, 'AppRoutes', {
              code: cloudfront.FunctionCode.fromInline(SPA_FALLBACK),
              runtime: cloudfront.FunctionRuntime.JS_2_0,
              comment: 'The web app: paths without an extension get index.html',
            }),
          },
        ],
      },
      additionalBehaviors: { '/v1/*': apiBehavior, '/health': apiBehavior },
    });
    const dir = props.webAppDir ?? WEB_APP_DIR;
    if (!existsSync(`${dir}/index.html`))
      throw new Error(
        `The web app is not built (${dir}): run \`npm run build:web\` first (cdk.json does it)`,
      );
    // Hashed assets are immutable; index.html names them, so it is revalidated on every load.
    const assets = new s3deploy.BucketDeployment(this, 'AppAssets', {
      sources: [s3deploy.Source.asset(dir, { exclude: ['index.html', '.vite', '.vite/**'] })],
      destinationBucket: this.appBucket,
      cacheControl: [s3deploy.CacheControl.fromString('public, max-age=31536000, immutable')],
      distribution: this.distribution,
      distributionPaths: ['/index.html'],
      prune: false,
    });
    new s3deploy.BucketDeployment(this, 'AppIndex', {
      sources: [s3deploy.Source.asset(dir, { exclude: ['**', '!index.html'] })],
      destinationBucket: this.appBucket,
      cacheControl: [s3deploy.CacheControl.fromString('no-cache')],
      prune: false,
    });
    // CDK's own upload function (one per stack) copies the built app from the asset bucket:
    // its role's wildcards are acknowledged on that role alone, each finding by the exact name
    // cdk-nag gives it, which depends on where the stack is deployed (see assetBucketArn).
    const upload =
      "CDK BucketDeployment: reads the build from the CDK asset bucket and writes (and prunes) only the app bucket; the grants are the construct's own";
    Validations.of(assets.handlerRole).acknowledge(
      ...[
        'Action::s3:GetObject*',
        'Action::s3:GetBucket*',
        'Action::s3:List*',
        'Action::s3:DeleteObject*',
        'Action::s3:Abort*',
        `Resource::${assetBucketArn(Stack.of(this))}/*`,
        `Resource::<${Stack.of(this).getLogicalId(this.appBucket.node.defaultChild as s3.CfnBucket)}.Arn>/*`,
      ].map((finding) => ({ id: `AwsSolutions::AwsSolutions-IAM5[${finding}]`, reason: upload })),
    );
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
