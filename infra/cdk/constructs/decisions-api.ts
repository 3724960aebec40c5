import { type CfnElement, CfnOutput, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { PipelineConfig } from '../config.ts';
import { ENV, queueUrlEnv, type Stage } from '../../topology.ts';
import { acknowledgeApiRoutes, acknowledgeOnPrincipal, QUEUE_SEND_ACKNOWLEDGEMENTS } from '../nag-suppressions.ts';
import { CONSOLE_PREFIX, DECISION_ROUTES } from '../../../functions/shared/api-routes.ts';
import { addCallerRoleEnvironment, apiRoleNames, HISTORY_ROUTES, type HistoryApi } from './history-api.ts';
import type { Monitoring } from './monitoring.ts';
import { type CodeOverride, PipelineFunction } from './pipeline-function.ts';
import type { EscalationScheduler } from './scheduler.ts';
import type { StorageBuckets } from './storage-buckets.ts';
import type { PipelineTable } from './table.ts';

export const DECISIONS_HANDLER = 'functions/decisions/lambda.ts';

/** The planner's write routes (functions/shared/api-routes.ts): decide a held line, confirm a P1 date, delays, allocations. */
export const DECISION_PATHS: readonly string[] = Object.values(DECISION_ROUTES);
/** One shipment as a WMS or ERP reports it (handleShipmentRequest in functions/decisions/handler.ts). */
export const SHIPMENT_ROUTE = '/orders/{partner}/{po}/shipments' as const;

/**
 * Queues the decisions function sends to: the 855 goes to the outbound (deliver) queue, delay and
 * confirmed-delay emails of the PAB recompute to the notify (mail) queue.
 */
export const DECISIONS_SENDS_TO: readonly Stage['name'][] = ['deliver', 'mail'];

export interface DecisionsApiProps {
  readonly config: PipelineConfig;
  /** The HTTP API (IAM-authorized) the route is added to. */
  readonly historyApi: HistoryApi;
  readonly table: PipelineTable;
  /** The archive: an 855 too large for a queue message goes to the deliver stage as a claim check. */
  readonly buckets: StorageBuckets;
  /** Stage queues by stage name (only those in {@link DECISIONS_SENDS_TO} are used). */
  readonly queues: ReadonlyMap<Stage['name'], sqs.IQueue>;
  /** The escalation timers: a decided hold deletes its remaining hold-escalation schedules. */
  readonly scheduler: EscalationScheduler;
  readonly monitoring: Monitoring;
  /** @default bundle functions/decisions/lambda.ts */
  readonly code?: CodeOverride;
}

/** The execute-api resource of one route: `<stage>/<METHOD><path>`, each `{parameter}` of the path as `*`. */
export function routeResource(stageName: string, method: string, path: string): string {
  return `${stageName}/${method}${path.replace(/\{[^}]+\}/g, '*')}`;
}

/**
 * Planner decisions over HTTPS: `POST /orders/{partner}/{po}/lines/{line}/decision` on the same
 * IAM-authorized HTTP API as the history routes, a function with exactly what
 * `functions/decisions/handler.ts` (the decide-line use case) uses, and a planner role
 * that may invoke that route and the history GET routes, nothing else. The function gets:
 * - the table, read/write: order head, events, demand lines, delay state;
 * - put into the archive: an 855 too large for a queue message travels as a claim check;
 * - send to the outbound queue (the 855) and the notify queue (delay and confirmed-delay emails);
 * - DeleteSchedule in the escalation group: deciding a held line deletes its pending
 *   hold-escalation timers. It creates none (P1 timers start in the process stage), so neither
 *   CreateSchedule nor iam:PassRole; the role ARN is in its environment only because the
 *   scheduler adapter is configured with group and role together.
 */
export class DecisionsApi extends Construct {
  readonly function: lambda.IFunction;
  readonly pipelineFunction: PipelineFunction;
  readonly plannerRole: iam.Role;

  constructor(scope: Construct, id: string, props: DecisionsApiProps) {
    super(scope, id);
    const { config, historyApi } = props;

    this.pipelineFunction = new PipelineFunction(this, 'Handler', {
      name: 'decisions',
      description: 'Decisions API: a planner decides a held order line; the 855 goes out once no line is held',
      entry: DECISIONS_HANDLER,
      memoryMb: 512,
      // The HTTP API waits at most 30 s for an integration.
      timeoutSeconds: 20,
      config,
      ...(props.code ? { code: props.code } : {}),
    });
    const fn = this.pipelineFunction.function;
    this.function = fn;

    props.table.grant('readWrite', fn);
    fn.addEnvironment(ENV.tableName, props.table.table.tableName);
    for (const target of DECISIONS_SENDS_TO) {
      const queue = props.queues.get(target);
      if (!queue) throw new Error(`the decisions API sends to the ${target} queue, which the topology does not have`);
      queue.grantSendMessages(fn);
      fn.addEnvironment(queueUrlEnv(target), queue.queueUrl);
    }
    acknowledgeOnPrincipal(fn, QUEUE_SEND_ACKNOWLEDGEMENTS);
    props.buckets.grant('archiveBucket', 'write', fn);
    fn.addEnvironment(ENV.archiveBucket, props.buckets.archive.bucketName);
    props.scheduler.grantCancelSchedules(fn);
    fn.addEnvironment(ENV.schedulerGroup, props.scheduler.group.scheduleGroupName);
    fn.addEnvironment(ENV.schedulerRoleArn, props.scheduler.role.roleArn);
    // The scheduler adapter names its target queue; this function only deletes schedules (no send grant).
    const timers = props.queues.get('timers');
    if (timers) fn.addEnvironment(queueUrlEnv('timers'), timers.queueUrl);

    addCallerRoleEnvironment(fn, config);
    const integration = new HttpLambdaIntegration('Decisions', fn);
    for (const path of DECISION_PATHS) {
      historyApi.api.addRoutes({ path, methods: [apigw.HttpMethod.POST], integration });
      historyApi.api.addRoutes({ path: `${CONSOLE_PREFIX}${path}`, methods: [apigw.HttpMethod.POST], integration, authorizer: historyApi.consoleAuthorizer });
    }

    // One shipment as a WMS or ERP reports it (handleShipmentRequest in functions/decisions/handler.ts), on the same function.
    historyApi.api.addRoutes({ path: SHIPMENT_ROUTE, methods: [apigw.HttpMethod.POST], integration });
    historyApi.api.addRoutes({ path: `${CONSOLE_PREFIX}${SHIPMENT_ROUTE}`, methods: [apigw.HttpMethod.POST], integration, authorizer: historyApi.consoleAuthorizer });

    const stageName = historyApi.stage.stageName;
    const routes: { method: string; path: string }[] = [
      ...DECISION_PATHS.map((path) => ({ method: 'POST', path })),
      { method: 'POST', path: SHIPMENT_ROUTE },
      ...HISTORY_ROUTES.map((path) => ({ method: 'GET', path })),
    ];
    this.plannerRole = new iam.Role(this, 'PlannerRole', {
      roleName: apiRoleNames(config).planner,
      description: 'Planners: decide held order lines and read order history through the API, nothing else',
      assumedBy: config.plannerAccountId ? new iam.AccountPrincipal(config.plannerAccountId) : new iam.AccountRootPrincipal(),
      inlinePolicies: {
        InvokeDecisionsApi: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: ['execute-api:Invoke'],
              resources: routes.map((r) => historyApi.api.arnForExecuteApi(r.method, r.path.replace(/\{[^}]+\}/g, '*'), stageName)),
            }),
          ],
        }),
      },
    });
    acknowledgeApiRoutes(
      this.plannerRole,
      Stack.of(this).getLogicalId(historyApi.api.node.defaultChild as CfnElement),
      routes.map((r) => routeResource(stageName, r.method, r.path)),
      'execute-api:Invoke on one route of the order API (the decision or shipment POST, or a history GET); the * stand for its path parameters (partner, PO, line, item, allocation id, sender, control number).',
    );

    props.monitoring.alarmOnFunction(this, 'Function', 'decisions', fn);

    new CfnOutput(Stack.of(this), 'PlannerRoleArn', { value: this.plannerRole.roleArn, description: 'Role planners assume to call the decisions and history routes' });
  }
}
