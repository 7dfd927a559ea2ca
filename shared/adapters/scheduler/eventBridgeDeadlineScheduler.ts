/**
 * Deadlines as EventBridge Scheduler one-time schedules: `at(…)` in UTC, no flexible window,
 * deleted by the service once they ran, each in the deployment's schedule group. When due, the
 * service sends the deadline's message to the process queue itself (a templated SQS target:
 * `SqsParameters.MessageGroupId` = the process's group, `Input` = the message body), with the
 * scheduler's own role. It cannot set a deduplication id: the process queue deduplicates by content.
 */
import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  type SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import type { DeadlineScheduler, ScheduledDeadline } from '#ports/deadlineScheduler';

export interface EventBridgeSchedulerTarget {
  /** The schedule group that holds the deadlines (the stack's; the default group if absent). */
  groupName: string;
  /** The process queue's ARN: where a due deadline is sent. */
  queueArn: string;
  /** The role EventBridge Scheduler assumes to send it (sqs:SendMessage on that queue). */
  roleArn: string;
}

/**
 * The one-time schedule expression of an instant: `at(yyyy-mm-ddThh:mm:ss)` in UTC, rounded up to
 * the second (the expression has no fraction, and a deadline must not fire early).
 */
export const atExpression = (at: Date): string => {
  const second = new Date(Math.ceil(at.getTime() / 1000) * 1000);
  return `at(${second.toISOString().slice(0, 19)})`;
};

/** Create, update and delete race with the service deleting a schedule that just ran: a few rounds settle it. */
const ROUNDS = 3;

const isNamed = (error: unknown, name: string) => error instanceof Error && error.name === name;

export class EventBridgeDeadlineScheduler implements DeadlineScheduler {
  constructor(
    private readonly client: SchedulerClient,
    private readonly target: EventBridgeSchedulerTarget,
  ) {}

  /**
   * CreateSchedule; for a name that exists (ConflictException), UpdateSchedule with the whole
   * definition (an update resets whatever it leaves out). One that ran and was deleted between
   * the two is created again.
   */
  async schedule(deadline: ScheduledDeadline): Promise<void> {
    const input = this.inputOf(deadline);
    for (let round = 1; round <= ROUNDS; round++) {
      try {
        await this.client.send(new CreateScheduleCommand(input));
        return;
      } catch (error) {
        if (!isNamed(error, 'ConflictException')) throw error;
      }
      try {
        await this.client.send(new UpdateScheduleCommand(input));
        return;
      } catch (error) {
        if (!isNamed(error, 'ResourceNotFoundException')) throw error;
      }
    }
    throw new Error(`Schedule ${deadline.name} kept appearing and disappearing for ${ROUNDS} rounds`);
  }

  /** DeleteSchedule; one that ran already (and was deleted) or never existed is no error. */
  async cancel(name: string): Promise<void> {
    try {
      await this.client.send(new DeleteScheduleCommand({ Name: name, GroupName: this.target.groupName }));
    } catch (error) {
      if (!isNamed(error, 'ResourceNotFoundException')) throw error;
    }
  }

  /** The whole definition, the same for a create and an update. */
  private inputOf(deadline: ScheduledDeadline): CreateScheduleCommandInput {
    return {
      Name: deadline.name,
      GroupName: this.target.groupName,
      ScheduleExpression: atExpression(deadline.at),
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Target: {
        Arn: this.target.queueArn,
        RoleArn: this.target.roleArn,
        Input: deadline.body,
        SqsParameters: { MessageGroupId: deadline.groupId },
      },
    };
  }
}
