import { type CfnElement, CfnOutput, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { PipelineConfig } from '../config.ts';
import { ENV } from '../../topology.ts';
import { acknowledgeAuditorRoutes } from '../nag-suppressions.ts';
import { CONSOLE_PREFIX, HISTORY_ROUTES as ROUTES } from '../../../functions/shared/api-routes.ts';
import type { Console } from './console.ts';
import type { Monitoring } from './monitoring.ts';
import { type CodeOverride, PipelineFunction } from './pipeline-function.ts';
import type { StorageBuckets } from './storage-buckets.ts';
import type { PipelineTable } from './table.ts';

export const HISTORY_HANDLER = 'functions/history/lambda.ts';

/** The read-only routes (functions/shared/api-routes.ts), as API Gateway route paths; `{x}` become `*` in execute-api ARNs. */
export const HISTORY_ROUTES: readonly string[] = Object.values(ROUTES);

/** Fixed IAM role names (the functions match callers' assumed-role sessions against them: functions/shared/api-caller.ts). */
export function apiRoleNames(config: PipelineConfig): { auditor: string; planner: string } {
  return { auditor: `${config.resourcePrefix}-auditor`, planner: `${config.resourcePrefix}-planner` };
}

/** Sets the caller-role environment of an API function. */
export function addCallerRoleEnvironment(fn: lambda.Function, config: PipelineConfig): void {
  const names = apiRoleNames(config);
  fn.addEnvironment(ENV.auditorRoleName, names.auditor);
  fn.addEnvironment(ENV.plannerRoleName, names.planner);
}

export interface HistoryApiProps {
  readonly config: PipelineConfig;
  readonly table: PipelineTable;
  readonly buckets: StorageBuckets;
  readonly monitoring: Monitoring;
  /** The console's user pool: its JWTs are accepted on the `/console/...` routes. */
  readonly console: Console;
  /** @default bundle functions/history/lambda.ts */
  readonly code?: CodeOverride;
}

/**
 * The auditors' history API: an HTTP API whose every route requires SigV4 (IAM authorization),
 * backed by a function that can only read the table and the raw archive; access logs to
 * CloudWatch; and an auditor role that may only invoke the GET routes.
 */
export class HistoryApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly function: lambda.IFunction;
  readonly pipelineFunction: PipelineFunction;
  readonly accessLogs: logs.LogGroup;
  readonly auditorRole: iam.Role;
  /** The Cognito JWT authorizer of the `/console/...` routes. */
  readonly consoleAuthorizer: HttpUserPoolAuthorizer;

  constructor(scope: Construct, id: string, props: HistoryApiProps) {
    super(scope, id);
    const { config } = props;

    this.pipelineFunction = new PipelineFunction(this, 'Handler', {
      name: 'history',
      description: 'History API: order events and raw interchanges for auditors (read only)',
      entry: HISTORY_HANDLER,
      memoryMb: 256,
      timeoutSeconds: 10,
      config,
      ...(props.code ? { code: props.code } : {}),
    });
    const fn = this.pipelineFunction.function;
    this.function = fn;
    // Documents received (inbound, archive) and sent (outbound) are read by key; the table for the records naming them.
    props.table.grant('read', fn);
    props.buckets.grant('archiveBucket', 'read', fn);
    props.buckets.grant('inboundBucket', 'read', fn);
    props.buckets.grant('outboundBucket', 'read', fn);
    fn.addEnvironment(ENV.tableName, props.table.table.tableName);
    fn.addEnvironment(ENV.archiveBucket, props.buckets.archive.bucketName);
    fn.addEnvironment(ENV.inboundBucket, props.buckets.inbound.bucketName);
    fn.addEnvironment(ENV.outboundBucket, props.buckets.outbound.bucketName);
    addCallerRoleEnvironment(fn, config);

    this.api = new apigw.HttpApi(this, 'Api', {
      apiName: `${config.resourcePrefix}-history`,
      description: 'EDI order and interchange history (IAM-signed, read only)',
      defaultAuthorizer: new HttpIamAuthorizer(),
      createDefaultStage: false,
    });
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: config.logRetentionDays as logs.RetentionDays,
    });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 20, burstLimit: 50 },
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(this.accessLogs) },
    });

    const integration = new HttpLambdaIntegration('History', fn);
    this.consoleAuthorizer = new HttpUserPoolAuthorizer('ConsoleUsers', props.console.userPool, { userPoolClients: [props.console.client] });
    for (const path of HISTORY_ROUTES) {
      this.api.addRoutes({ path, methods: [apigw.HttpMethod.GET], integration });
      this.api.addRoutes({ path: `${CONSOLE_PREFIX}${path}`, methods: [apigw.HttpMethod.GET], integration, authorizer: this.consoleAuthorizer });
    }

    const routeResources = HISTORY_ROUTES.map((path) => `${this.stage.stageName}/GET${path.replace(/\{[^}]+\}/g, '*')}`);
    this.auditorRole = new iam.Role(this, 'AuditorRole', {
      roleName: apiRoleNames(config).auditor,
      description: 'Auditors: call the history API GET routes, nothing else',
      assumedBy: config.auditorAccountId ? new iam.AccountPrincipal(config.auditorAccountId) : new iam.AccountRootPrincipal(),
      inlinePolicies: {
        InvokeHistoryApi: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: ['execute-api:Invoke'],
              resources: HISTORY_ROUTES.map((path) =>
                this.api.arnForExecuteApi('GET', path.replace(/\{[^}]+\}/g, '*'), this.stage.stageName),
              ),
            }),
          ],
        }),
      },
    });

    acknowledgeAuditorRoutes(
      this.auditorRole,
      Stack.of(this).getLogicalId(this.api.node.defaultChild as CfnElement),
      routeResources,
    );

    props.monitoring.alarmOnFunction(this, 'Function', 'history', fn);

    new CfnOutput(Stack.of(this), 'HistoryApiUrl', { value: this.stage.url, description: 'History API base URL (SigV4, execute-api)' });
    new CfnOutput(Stack.of(this), 'AuditorRoleArn', { value: this.auditorRole.roleArn, description: 'Role auditors assume to call the history API' });
  }
}
