import { Logger } from '@aws-lambda-powertools/logger';
import type { CairnLog } from './composeCairn';

/**
 * The one Powertools Logger of every Cairn function: JSON lines with the function's name and
 * cold start (Lambda's environment supplies them), so logs of all functions read alike.
 */
export const logger = new Logger({ serviceName: 'cairn' });

/** The composition root's log, written through the shared logger. */
export const lambdaLog: CairnLog = {
  error: (message, error) => logger.error(message, error as Error),
  warn: (message, error) => logger.warn(message, error as Error),
};
