/**
 * Faults for AWS SDK v3 clients, injected as middleware: the adapters under test keep their real
 * clients, commands and error handling; only what the emulator sees, or what comes back from it,
 * changes. A fault is decided per request from a seeded generator (see seededRandom.ts).
 *
 * Two places in the middleware stack, because a fault looks different from each:
 * - inside the SDK's retry loop (`finalizeRequest`, after `retryMiddleware`): one attempt is
 *   throttled, gets a 5xx, times out before reaching the service, or reaches it and loses its
 *   response. The SDK's own error classification decides what it retries, as in production;
 * - outside it (`initialize`): a fault that outlasted the SDK's retries reaches the caller, either
 *   before anything was sent or after the write was applied (the ambiguous write).
 */
import type {
  FinalizeHandler,
  FinalizeHandlerArguments,
  HandlerExecutionContext,
  InitializeHandler,
  InitializeHandlerArguments,
  MetadataBearer,
  MiddlewareStack,
  RetryErrorInfo,
  RetryStrategyV2,
  RetryToken,
} from '@smithy/types';

export type AwsService = 'dynamodb' | 'sqs' | 'eventbridge';

/** Probabilities per attempt (the first four) or per call (the last two). */
export interface SdkFaultRates {
  /** Refused before sending: ProvisionedThroughputExceeded / RequestThrottled / ThrottlingException. */
  throttling: number;
  /** Refused before sending with a 500 or 503. */
  serverError: number;
  /** Hangs, then fails with a TimeoutError; the request never reached the service. */
  timeout: number;
  /** Writes only: the service got the request and answered, then the connection dropped (ECONNRESET). */
  lostResponse: number;
  /** A fault that the SDK's retries did not get past: the caller sees it; nothing was sent. */
  exhausted: number;
  /** Writes only: applied, and the caller sees a timeout: it cannot know that the write landed. */
  ambiguous: number;
}

export type SdkFaultKind = keyof SdkFaultRates;

/**
 * Calls that change something, where a lost response leaves the caller unsure of the outcome.
 * ReceiveMessage is left out on purpose: a lost receive hides its messages for the visibility
 * timeout, which is a consumer crash; the delivery faults (faultyDelivery.ts) cover that faster.
 */
const WRITES = new Set([
  'TransactWriteItemsCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'SendMessageCommand',
  'SendMessageBatchCommand',
  'DeleteMessageCommand',
  'ChangeMessageVisibilityCommand',
  'PutEventsCommand',
]);

const THROTTLING_NAME: Record<AwsService, string> = {
  dynamodb: 'ProvisionedThroughputExceededException',
  sqs: 'RequestThrottled',
  eventbridge: 'ThrottlingException',
};

const SERVER_ERROR_NAME: Record<AwsService, string> = {
  dynamodb: 'InternalServerError',
  sqs: 'InternalError',
  eventbridge: 'InternalException',
};

/** An error shaped as the SDK shapes a service's error response. */
const serviceError = (name: string, httpStatusCode: number, extra: Record<string, unknown> = {}): Error =>
  Object.assign(new Error(`injected: ${name}`), {
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode },
    ...extra,
  });

/** A socket-level error as the SDK's HTTP handler raises it (no response, so no status). */
const networkError = (name: string, code: string, message: string): Error =>
  Object.assign(new Error(`injected: ${message}`), { name, code, $metadata: {} });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class SdkFaults {
  /** Off while the test sets up and checks; on for the run. */
  enabled = false;
  /** Logical calls (what the adapters sent) and attempts (what the SDK sent, retries included). */
  calls = 0;
  attempts = 0;
  readonly injected: Record<SdkFaultKind, number> = {
    throttling: 0,
    serverError: 0,
    timeout: 0,
    lostResponse: 0,
    exhausted: 0,
    ambiguous: 0,
  };
  readonly byService: Record<AwsService, number> = { dynamodb: 0, sqs: 0, eventbridge: 0 };

  constructor(
    private readonly random: () => number,
    private readonly rates: SdkFaultRates,
    private readonly timeoutMs = 40,
  ) {}

  /** Faults injected so far, of every kind. */
  get total(): number {
    return Object.values(this.injected).reduce((sum, count) => sum + count, 0);
  }

  /** Attempts the SDK made beyond the first of each call. */
  get sdkRetries(): number {
    return this.attempts - this.calls;
  }

  install<Input extends object, Output extends MetadataBearer>(
    client: { middlewareStack: MiddlewareStack<Input, Output> },
    service: AwsService,
  ): void {
    client.middlewareStack.add(
      (next: InitializeHandler<Input, Output>, context: HandlerExecutionContext) =>
        (args: InitializeHandlerArguments<Input>) =>
          this.outsideRetries(service, context.commandName ?? '', () => next(args)),
      { step: 'initialize', name: 'faultsOutsideRetries', priority: 'high' },
    );
    client.middlewareStack.add(
      (next: FinalizeHandler<Input, Output>, context: HandlerExecutionContext) =>
        (args: FinalizeHandlerArguments<Input>) =>
          this.insideRetries(service, context.commandName ?? '', () => next(args)),
      // Default priority: after the SDK's retryMiddleware (priority high) in the same step, so
      // each attempt passes here and what is thrown here is what the retry strategy sees.
      { step: 'finalizeRequest', name: 'faultsInsideRetries' },
    );
  }

  private roll(kind: SdkFaultKind, service: AwsService): boolean {
    if (!this.enabled || this.random() >= this.rates[kind]) return false;
    this.injected[kind] += 1;
    this.byService[service] += 1;
    return true;
  }

  private async outsideRetries<T>(service: AwsService, command: string, send: () => Promise<T>): Promise<T> {
    this.calls += 1;
    if (this.roll('exhausted', service)) {
      throw this.random() < 0.5
        ? serviceError(THROTTLING_NAME[service], 400, { $retryable: { throttling: true } })
        : serviceError('ServiceUnavailable', 503);
    }
    if (!WRITES.has(command) || !this.roll('ambiguous', service)) return send();
    // The service got it and answered (applied it, or refused it): the caller never learns which.
    await send().catch(() => undefined);
    throw networkError('TimeoutError', 'ETIMEDOUT', `${command} timed out after it was sent`);
  }

  private async insideRetries<T>(service: AwsService, command: string, send: () => Promise<T>): Promise<T> {
    this.attempts += 1;
    if (this.roll('throttling', service)) {
      throw serviceError(THROTTLING_NAME[service], 400, { $retryable: { throttling: true } });
    }
    if (this.roll('serverError', service)) {
      throw this.random() < 0.5
        ? serviceError(SERVER_ERROR_NAME[service], 500)
        : serviceError('ServiceUnavailable', 503);
    }
    if (this.roll('timeout', service)) {
      await sleep(this.timeoutMs);
      throw networkError('TimeoutError', 'ETIMEDOUT', `${command} timed out before it was sent`);
    }
    if (!WRITES.has(command) || !this.roll('lostResponse', service)) return send();
    await send().catch(() => undefined);
    throw networkError('Error', 'ECONNRESET', `socket hang up after ${command} reached the service`);
  }
}

/**
 * The SDK's retry rule (3 attempts; THROTTLING and TRANSIENT errors, as its retry middleware
 * classifies them, are retried) with a short backoff: the standard strategy waits up to 1 s
 * after a throttle, which over thousands of injected faults would make a minutes-long test of
 * the same behaviour. Retry quotas are left out: they make the SDK give up sooner, which the
 * `exhausted` fault already does at a known rate.
 */
export const fastRetryStrategy = (maxAttempts = 3, baseDelayMs = 8): RetryStrategyV2 => {
  const token = (count: number, delay: number): RetryToken => ({
    getRetryCount: () => count,
    getRetryDelay: () => delay,
  });
  return {
    acquireInitialRetryToken: async () => token(0, 0),
    refreshRetryTokenForRetry: async (previous: RetryToken, info: RetryErrorInfo) => {
      const count = previous.getRetryCount() + 1;
      const retryable = info.errorType === 'THROTTLING' || info.errorType === 'TRANSIENT';
      if (!retryable || count >= maxAttempts) throw new Error('No retry token available');
      return token(count, Math.floor(Math.random() * baseDelayMs * 2 ** count));
    },
    recordSuccess: () => {},
  };
};
