import { describe, expect, it } from 'vitest';
import { TimerMessageZ, sealedDayOf } from '#schemas/messages/timer-message.ts';
import { resourceByPrefix, synthPipeline } from './synth-pipeline.ts';

describe('daily seal schedule', () => {
  const synth = synthPipeline();

  it('puts a daily-seal timer on the timers queue at 00:10 UTC every day, through the scheduler role', () => {
    const [, schedule] = resourceByPrefix(synth.template, 'AWS::Scheduler::Schedule', 'DailySealSchedule');
    const [queueId] = resourceByPrefix(synth.template, 'AWS::SQS::Queue', 'TimersStageQueue');
    const [roleId] = resourceByPrefix(synth.template, 'AWS::IAM::Role', 'SchedulerRole');
    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: 'cron(10 0 * * ? *)',
      ScheduleExpressionTimezone: 'UTC',
      State: 'ENABLED',
      Target: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] }, RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] } },
    });
    const input = JSON.parse((schedule.Properties!['Target'] as { Input: string }).Input) as unknown;
    // the timers stage parses it; with the scheduled time filled in it seals the day before
    const timer = TimerMessageZ.parse(JSON.parse(JSON.stringify(input).replace('<aws.scheduler.scheduled-time>', '2026-12-02T00:10:00Z')));
    expect(timer.kind === 'daily-seal' && sealedDayOf(timer)).toBe('2026-12-01');
  });
});
