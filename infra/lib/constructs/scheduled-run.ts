// EventBridge Scheduler runs of a function, each told the time it was scheduled for.
import { Duration, type Stack, TimeZone } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';

export interface ScheduledRunProps {
  description: string;
  schedule: ScheduleExpression;
  /** Which run this is, in the words the function's event uses ({ sweep: 'sla' }); the scheduled time is added. */
  input: Record<string, string>;
}

/** Every `minutes` minutes. */
export const everyMinutes = (minutes: number) => ScheduleExpression.rate(Duration.minutes(minutes));

/** A cron schedule in Beijing time, the clock the platform's working days are kept by. */
export const beijingTime = (cron: { minute: string; hour: string }) =>
  ScheduleExpression.cron({ ...cron, timeZone: TimeZone.ASIA_SHANGHAI });

export function scheduleRun(stack: Stack, id: string, target: IFunction, props: ScheduledRunProps): Schedule {
  return new Schedule(stack, id, {
    description: props.description,
    schedule: props.schedule,
    target: new LambdaInvoke(target, {
      // Runs judge deadlines and days as of the scheduled time, so a delayed or replayed run judges the right day.
      input: ScheduleTargetInput.fromObject({ ...props.input, time: ContextAttribute.scheduledTime }),
    }),
  });
}
