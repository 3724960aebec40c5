import { ConflictException, CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, type SchedulerClient } from '@aws-sdk/client-scheduler';
import type { Scheduler } from '#functions/ports/scheduler.ts';
import type { TimerMessage } from '#schemas/messages/timer-message.ts';

/** `https://sqs.us-east-1.amazonaws.com/123456789012/name` (or any `<endpoint>/<account>/<name>`) → the queue's ARN. */
export function queueArnFromUrl(url: string, region: string): string {
  const parts = new URL(url).pathname.split('/').filter(Boolean);
  const name = parts.at(-1) ?? '';
  const account = parts.at(-2) ?? '000000000000';
  return `arn:aws:sqs:${region}:${/^\d{12}$/.test(account) ? account : '000000000000'}:${name}`;
}

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC, as EventBridge Scheduler wants one-time schedules. */
export function atExpression(at: Date): string {
  return `at(${at.toISOString().slice(0, 19)})`;
}

/**
 * EventBridge Scheduler: one-time `at()` schedules in the escalation group, delivered to the
 * timers queue with the scheduler role; deleted after completion.
 */
export class EventBridgeScheduler implements Scheduler {
  constructor(
    private readonly client: SchedulerClient,
    private readonly settings: { group: string; roleArn: string; targetArn: string },
  ) {}

  async scheduleAt(name: string, at: Date, message: TimerMessage): Promise<void> {
    try {
      await this.client.send(
        new CreateScheduleCommand({
          Name: name,
          GroupName: this.settings.group,
          ScheduleExpression: atExpression(at),
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: { Arn: this.settings.targetArn, RoleArn: this.settings.roleArn, Input: JSON.stringify(message) },
        }),
      );
    } catch (error) {
      if (error instanceof ConflictException || (error as { name?: string }).name === 'ConflictException') return;
      throw error;
    }
  }

  async cancel(name: string): Promise<void> {
    try {
      await this.client.send(new DeleteScheduleCommand({ Name: name, GroupName: this.settings.group }));
    } catch (error) {
      if (error instanceof ResourceNotFoundException || (error as { name?: string }).name === 'ResourceNotFoundException') return;
      throw error;
    }
  }
}
