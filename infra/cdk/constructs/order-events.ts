/**
 * The order-step events' bus (README, "Order events"): a custom EventBridge bus that the
 * functions committing order transitions publish to (PutEvents on this bus only), and, when the
 * deployment names one (`orderEventsQueueArn`), a rule that sends every order event to the user's
 * SQS queue — an ERP's inbox. Any other target (a Lambda, an API destination, another bus) is a
 * rule the user adds on the bus with the pattern `{"source": ["edi.pipeline"]}`.
 */
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ORDER_EVENT_SOURCE } from '../../../schemas/messages/order-step-event.ts';
import type { PipelineConfig } from '../config.ts';
import { ENV } from '../../topology.ts';

export interface OrderEventsProps {
  readonly config: PipelineConfig;
}

export class OrderEvents extends Construct {
  readonly bus: events.EventBus;
  readonly rule?: events.Rule;

  constructor(scope: Construct, id: string, props: OrderEventsProps) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: `${props.config.resourcePrefix}-order-events`, description: 'Order-step events of the EDI pipeline (edi.order.<step>, version 1)' });
    const queueArn = props.config.orderEventsQueueArn;
    if (queueArn) {
      // The queue is the user's: its access policy must let events.amazonaws.com send from this rule (README, "Order events").
      this.rule = new events.Rule(this, 'ToQueue', {
        eventBus: this.bus,
        description: 'Every order-step event to the configured SQS queue',
        eventPattern: { source: [ORDER_EVENT_SOURCE] },
        targets: [new targets.SqsQueue(sqs.Queue.fromQueueArn(this, 'Queue', queueArn), { retryAttempts: 185 })],
      });
    }
  }

  /** PutEvents on this bus, and its name in the function's environment. */
  grantPublish(fn: iam.IGrantable & { addEnvironment(key: string, value: string): unknown }): void {
    this.bus.grantPutEventsTo(fn);
    fn.addEnvironment(ENV.eventBusName, this.bus.eventBusName);
  }
}
