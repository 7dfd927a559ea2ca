import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Effect, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface DeadlineSchedulesProps {
  /** The process queue: what a due deadline's schedule sends its message to. */
  processQueue: IQueue;
}

/**
 * Where process managers' deadlines live in AWS: an EventBridge Scheduler schedule group of this
 * stack's own (the process worker may create, update and delete schedules in it and nowhere
 * else), and the role the scheduler assumes when a schedule runs. That role can do one thing:
 * sqs:SendMessage on the process queue (the queues are encrypted with SQS's own key, so no KMS
 * grant), and only the scheduler, acting for this account, may assume it.
 */
export class DeadlineSchedules extends Construct {
  readonly group: ScheduleGroup;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: DeadlineSchedulesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.group = new ScheduleGroup(this, 'Group', {
      scheduleGroupName: `${stack.stackName}-deadlines`,
      // Deleted with the stack even when its data is retained: its schedules would send with a
      // role and to a queue that go with the stack (and a kept group's name would block a new
      // stack of the same name).
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, 'SchedulerRole', {
      description: 'EventBridge Scheduler sends due process deadlines to the process queue',
      // Confused-deputy protection: the scheduler acting for this account, not for another's schedules.
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      inlinePolicies: {
        SendDeadlines: new PolicyDocument({
          statements: [
            new PolicyStatement({
              effect: Effect.ALLOW,
              actions: ['sqs:SendMessage'],
              resources: [props.processQueue.queueArn],
            }),
          ],
        }),
      },
    });
  }
}
