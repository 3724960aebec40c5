import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { AUDITORS_GROUP, PLANNERS_GROUP } from '../../../functions/shared/api-caller.ts';
import { CONSOLE_PREFIX } from '../../../functions/shared/api-routes.ts';
import type { PipelineConfig } from '../config.ts';
import { acknowledgeBucketDeployment } from '../nag-suppressions.ts';
import { fromRepoRoot } from '../paths.ts';
import { PRIVATE_SSE_S3_BUCKET, type StorageBuckets } from './storage-buckets.ts';

/** The console's static files (plain HTML/JS, no build step), deployed as they are. */
export const CONSOLE_DIR = 'functions/console';
/** Written beside them at deploy time: where the API and the user pool are. */
export const CONSOLE_CONFIG_FILE = 'config.json';

export interface ConsoleProps {
  readonly config: PipelineConfig;
  /** Its access-logs bucket receives the console bucket's server access logs. */
  readonly buckets: StorageBuckets;
}

/**
 * The web console on AWS (README, "History API" → "Auth model"):
 * - a Cognito user pool (sign-in by e-mail, no self sign-up, strong passwords, optional TOTP MFA)
 *   with the groups `auditors` and `planners`, a hosted-UI domain and a public client (authorization
 *   code with PKCE, no secret: the console is a static page) whose tokens the HTTP API's JWT
 *   authorizer accepts on the `/console/...` routes;
 * - a private S3 bucket (SSL only, public access blocked, access-logged) behind CloudFront with
 *   origin access control, HTTPS only;
 * - {@link deploy}: the files of `functions/console/` plus `config.json` (API URL, region, user pool
 *   and client ids, hosted-UI domain), and the API's CORS for the console's origin.
 */
export class Console extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** `https://<distribution domain>`: the console's origin. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ConsoleProps) {
    super(scope, id);
    const { config } = props;

    this.bucket = new s3.Bucket(this, 'Site', {
      ...PRIVATE_SSE_S3_BUCKET,
      serverAccessLogsBucket: props.buckets.logs,
      serverAccessLogsPrefix: 'console/',
      lifecycleRules: [{ id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(30) }],
      // Static files the deployment rewrites; nothing in it is a record.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${config.resourcePrefix}: EDI console (static files)`,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      },
    });
    this.url = `https://${this.distribution.distributionDomainName}`;

    this.userPool = new cognito.UserPool(this, 'Users', {
      userPoolName: `${config.resourcePrefix}-console`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true, tempPasswordValidity: Duration.days(3) },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const [groupId, groupName, description] of [
      ['Auditors', AUDITORS_GROUP, 'Read the history API: orders, documents, emails, verification'],
      ['Planners', PLANNERS_GROUP, 'Read the history API and decide held lines, confirm P1 dates'],
    ] as const) {
      new cognito.CfnUserPoolGroup(this, groupId, { userPoolId: this.userPool.userPoolId, groupName, description });
    }
    this.domain = this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: `${config.resourcePrefix}-console-${Stack.of(this).account}` } });
    this.client = this.userPool.addClient('Client', {
      userPoolClientName: `${config.resourcePrefix}-console`,
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${this.url}/`],
        logoutUrls: [`${this.url}/`],
      },
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    Validations.of(this.distribution).acknowledge(
      { id: 'AwsSolutions-CFR1', reason: 'The console serves static files to staff wherever they work; who may read data is decided by Cognito sign-in and the API, not by country.' },
      { id: 'AwsSolutions-CFR2', reason: 'Static files only (no data, no forms posting to it); the data API is throttled at its stage and authorizes every request.' },
      { id: 'AwsSolutions-CFR3', reason: 'Only public static files are served; every data request is logged by the HTTP API stage access logs, and the bucket has S3 server access logs.' },
      { id: 'AwsSolutions-CFR4', reason: 'No custom domain is configured, so the distribution uses the default *.cloudfront.net certificate, whose security policy CloudFront fixes; a deployment with its own domain and ACM certificate sets TLSv1.2_2021.' },
    );
    Validations.of(this.userPool).acknowledge({ id: 'AwsSolutions-COG2', reason: 'TOTP MFA is offered (optional): staff accounts are created by an administrator, and a deployment that needs it sets the pool to required.' });

    new CfnOutput(Stack.of(this), 'ConsoleUrl', { value: this.url, description: 'The web console (CloudFront)' });
    new CfnOutput(Stack.of(this), 'UserPoolId', { value: this.userPool.userPoolId, description: 'Cognito user pool of console users (groups auditors, planners)' });
    new CfnOutput(Stack.of(this), 'UserPoolClientId', { value: this.client.userPoolClientId, description: 'Console app client (no secret, code + PKCE)' });
  }

  /**
   * Uploads the console and its `config.json`, and lets the console's origin call the API
   * (CORS on the HTTP API: the API answers a browser from the CloudFront origin only).
   */
  deploy(api: apigw.HttpApi, apiUrl: string): s3deploy.BucketDeployment {
    const region = Stack.of(this).region;
    const cfn = api.node.defaultChild as apigw.CfnApi;
    cfn.corsConfiguration = { allowOrigins: [this.url], allowMethods: ['GET', 'POST', 'OPTIONS'], allowHeaders: ['authorization', 'content-type'], exposeHeaders: ['x-content-sha256', 'x-recorded-sha256'], maxAge: 600 };
    const deployment = new s3deploy.BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      sources: [
        // The local server's config.json stays out: the one written below is the console's on AWS.
        s3deploy.Source.asset(fromRepoRoot(CONSOLE_DIR), { exclude: [CONSOLE_CONFIG_FILE] }),
        s3deploy.Source.jsonData(CONSOLE_CONFIG_FILE, {
          apiUrl,
          consolePrefix: CONSOLE_PREFIX,
          region,
          userPoolId: this.userPool.userPoolId,
          userPoolClientId: this.client.userPoolClientId,
          cognitoDomain: `${this.domain.domainName}.auth.${region}.amazoncognito.com`,
          redirectUri: `${this.url}/`,
        }),
      ],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 256,
    });
    // The X12 definitions and names the raw view reads relative to the console (README, "Web
    // console"): the JSON of schemas/x12 under schemas/x12/, beside the pages.
    new s3deploy.BucketDeployment(this, 'SchemasDeploy', {
      destinationBucket: this.bucket,
      destinationKeyPrefix: 'schemas/x12/',
      sources: [s3deploy.Source.asset(fromRepoRoot('schemas/x12'), { exclude: ['*.ts', '**/*.ts', '*.md'] })],
      distribution: this.distribution,
      distributionPaths: ['/schemas/x12/*'],
      memoryLimit: 256,
    });
    acknowledgeBucketDeployment(Stack.of(this), this.bucket);
    return deployment;
  }
}
