import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { ENV } from '#runtime/environment';
import type { CairnFunction } from './constructs/cairnFunction';
import type { DeadlineSchedules } from './constructs/deadlineSchedules';
import type { FifoQueueWithDlq } from './constructs/fifoQueueWithDlq';
import type { CairnTables } from './constructs/tables';

/** What the process worker uses of the stack's data plane. */
export interface ProcessPlane {
  tables: CairnTables;
  commandQueue: FifoQueueWithDlq;
  processQueue: FifoQueueWithDlq;
  deadlines: DeadlineSchedules;
}

/**
 * The process worker, fed by the process queue (batches of 10, partial batch responses, as the
 * projection worker): process managers' state (read and written); the events (read, to heal a
 * gap); the commands its processes send, recorded in the ledger (read and written) and enqueued
 * on the command queue; their deadlines, as schedules in the stack's group (a deadline due already
 * goes to the process queue at once); and its own dead letters. The command service it enqueues
 * through takes a snapshot store, which enqueueing never reads: that table's name only, no grant.
 */
export const processWorkerOf = (worker: CairnFunction, plane: ProcessPlane, archiveAfter: string): CairnFunction => {
  const { tables, commandQueue, processQueue, deadlines } = plane;
  worker
    .uses(tables.processes, ENV.processesTable, 'readWrite')
    .uses(tables.events, ENV.eventsTable, 'read')
    .uses(tables.commands, ENV.commandsTable, 'readWrite')
    .sendsTo(commandQueue.queue, ENV.commandQueueUrl)
    .sets(ENV.snapshotsTable, tables.snapshots.tableName)
    .sendsTo(processQueue.queue, ENV.processQueueUrl)
    .sendsTo(processQueue.deadLetterQueue, ENV.processDlqUrl)
    .schedulesDeadlines(deadlines.group, deadlines.role, processQueue.queue)
    .sets(ENV.archiveAfter, archiveAfter);
  worker.addEventSource(new SqsEventSource(processQueue.queue, { batchSize: 10, reportBatchItemFailures: true }));
  return worker;
};
