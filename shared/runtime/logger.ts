import { Logger } from '@aws-lambda-powertools/logger';
import type { CairnLog } from './cairnConfig';

/**
 * The one Powertools logger: every line of every function says `service: cairn`, so one CloudWatch
 * Logs Insights query (or one `grep` of `npm start`'s output) finds them all. Which part wrote a
 * line is the `component` key of the child it came from (see `loggerFor`), not a service name each:
 * the service is the product, the component the part of it.
 *
 * Level and sampling come from the environment as Powertools reads them (`POWERTOOLS_LOG_LEVEL`,
 * or the Lambda's own log level with JSON logging); `POWERTOOLS_DEV=true` prints indented lines.
 */
export const logger = new Logger({ serviceName: 'cairn' });

/**
 * The logger of one part of the product (`commandApi`, `projectionWorker`, ...): the shared
 * logger's settings, and the part's name on every line as a persistent key (kept across
 * invocations, unlike keys appended per request).
 */
export const loggerFor = (component: string): Logger => logger.createChild({ persistentKeys: { component } });

/**
 * A `(error) => void` callback for the `log` options of handlers and use cases, logging at error
 * level under a fixed message. An `Error` keeps its name, message and stack (Powertools formats
 * it); anything else thrown is logged as its string form, since a non-Error has no stack to keep.
 */
export const logError =
  (message: string, into: Logger = logger) =>
  (error: unknown): void => {
    if (error instanceof Error) into.error(message, error);
    else into.error(message, { error: String(error) });
  };

/** The composition root's log, written through the shared logger. */
export const lambdaLog: CairnLog = {
  error: (message, error) => logError(message)(error),
  warn: (message, error) =>
    error instanceof Error ? logger.warn(message, error) : logger.warn(message, { error: String(error) }),
};
