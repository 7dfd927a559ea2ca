/**
 * One Lambda execution environment as a local Node.js process, for LocalStack without Docker.
 * It plays the parts of the runtime interface (LocalStack's `init`) and of the Node.js managed
 * runtime: it loads the handler (`_HANDLER`, from `LAMBDA_TASK_ROOT`, ESM or CommonJS as Lambda
 * resolves them), reports ready to LocalStack's executor endpoint, takes one invocation at a time
 * on `POST /invoke`, calls the handler with the event and a `context`, and posts the result or the
 * error back as Lambda reports them (`errorType`, `errorMessage`, `trace`), with the START / END /
 * REPORT log lines. A handler that outlives the function's timeout is reported as
 * `Sandbox.Timedout` and the process exits, as Lambda discards a timed-out environment.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire, register } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

// Before the handler is imported: the AWS SDK comes from the runtime, as in Lambda.
register('./sdkResolver.mjs', import.meta.url);

const env = process.env;
const runtimeEndpoint = env.LOCALSTACK_RUNTIME_ENDPOINT;
const runtimeId = env.LOCALSTACK_RUNTIME_ID;
const taskRoot = env.LAMBDA_TASK_ROOT;
const port = Number(env.CAIRN_INVOKE_PORT);
const timeoutMs = Number(env.AWS_LAMBDA_FUNCTION_TIMEOUT ?? 3) * 1000;

const post = async (path, body) => {
  const response = await fetch(`${runtimeEndpoint}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  await response.arrayBuffer();
};

/** Lambda's error shape: `{errorType, errorMessage, trace}`. */
const lambdaError = (error, errorType) => ({
  errorType: errorType ?? (error instanceof Error ? error.name : typeof error),
  errorMessage: error instanceof Error ? error.message : String(error),
  trace: error instanceof Error && error.stack ? error.stack.split('\n') : [],
});

// What the handler logs during an invocation, also kept to send with its result.
let logs = [];
for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  const write = console[level].bind(console);
  console[level] = (...args) => {
    const line = format(...args);
    logs.push(`${line}\n`);
    write(line);
  };
}

/** `index.handler` → the module `index.mjs|.js|.cjs` under the task root and its export `handler`. */
const loadHandler = async () => {
  const spec = env._HANDLER ?? '';
  const dot = spec.lastIndexOf('.');
  if (dot <= 0) throw Object.assign(new Error(`Bad handler '${spec}'`), { errorType: 'Runtime.MalformedHandlerName' });
  const [modulePath, name] = [spec.slice(0, dot), spec.slice(dot + 1)];
  const file = ['.mjs', '.js', '.cjs'].map((ext) => join(taskRoot, modulePath + ext)).find((path) => existsSync(path));
  if (!file) {
    throw Object.assign(new Error(`Cannot find module '${modulePath}'`), { errorType: 'Runtime.ImportModuleError' });
  }
  let module;
  try {
    module = file.endsWith('.cjs') ? createRequire(file)(file) : await import(pathToFileURL(file).href);
  } catch (error) {
    throw Object.assign(error instanceof Error ? error : new Error(String(error)), {
      errorType: 'Runtime.ImportModuleError',
    });
  }
  const handler = module[name] ?? module.default?.[name];
  if (typeof handler !== 'function') {
    throw Object.assign(new Error(`${modulePath}.${name} is undefined or not exported`), {
      errorType: 'Runtime.HandlerNotFound',
    });
  }
  return handler;
};

const contextFor = (invocation, deadline) => ({
  awsRequestId: invocation['invoke-id'],
  invokedFunctionArn: invocation['invoked-function-arn'],
  functionName: env.AWS_LAMBDA_FUNCTION_NAME,
  functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
  memoryLimitInMB: String(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE),
  logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
  logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
});

const run = async (handler, invocation) => {
  const requestId = invocation['invoke-id'];
  logs = [];
  process.env._X_AMZN_TRACE_ID = invocation['trace-id'] ?? '';
  const started = performance.now();
  console.log(`START RequestId: ${requestId} Version: ${env.AWS_LAMBDA_FUNCTION_VERSION}`);
  const deadline = Date.now() + timeoutMs;
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ timedOut: true }), timeoutMs);
  });
  let outcome;
  try {
    const event = JSON.parse(invocation.payload || 'null');
    const answer = Promise.resolve(handler(event, contextFor(invocation, deadline))).then(
      (value) => ({ value }),
      (error) => ({ error }),
    );
    outcome = await Promise.race([answer, timedOut]);
  } catch (error) {
    outcome = { error };
  }
  clearTimeout(timer);
  const duration = (performance.now() - started).toFixed(2);
  console.log(`END RequestId: ${requestId}`);
  console.log(
    `REPORT RequestId: ${requestId}\tDuration: ${duration} ms\tMemory Size: ${env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE} MB`,
  );
  await post(`/invocations/${requestId}/logs`, { logs: logs.join('') });
  if (outcome.timedOut) {
    const seconds = timeoutMs / 1000;
    await post(`/invocations/${requestId}/error`, {
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${requestId} Error: Task timed out after ${seconds.toFixed(2)} seconds`,
    });
    process.exit(1);
  }
  if ('error' in outcome) {
    const error = outcome.error;
    await post(`/invocations/${requestId}/error`, lambdaError(error, error?.errorType));
    return;
  }
  await post(
    `/invocations/${requestId}/response`,
    outcome.value === undefined ? 'null' : JSON.stringify(outcome.value),
  );
};

let handler;
let queue = Promise.resolve();
const server = createServer((request, response) => {
  if (request.method !== 'POST' || request.url !== '/invoke') {
    response.writeHead(404).end();
    return;
  }
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    response.writeHead(200).end();
    const invocation = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    queue = queue.then(() => run(handler, invocation)).catch((error) => console.error('invocation failed', error));
  });
});

process.on('uncaughtException', (error) => {
  console.error('Uncaught exception', error);
  process.exit(129);
});

try {
  handler = await loadHandler();
} catch (error) {
  await post(`/status/${runtimeId}/error`, lambdaError(error, error.errorType));
  process.exit(1);
}
server.listen(port, '127.0.0.1', () => void post(`/status/${runtimeId}/ready`, {}));
