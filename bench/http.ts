/** The REST calls the benchmarks make, over real HTTP with keep-alive (Node's fetch). */
export interface CommandBody {
  type: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

export interface CommandReply {
  status: number;
  /** Server-side write attempts, summed over client retries. */
  attempts: number;
  /** Times the server gave up on contention (409, retryable) and the client sent the command again. */
  clientRetries: number;
  body: { commandId?: string; version?: number; status?: string; error?: { retryable?: boolean; attempts?: number } };
}

let keys = 0;
const MAX_CLIENT_RETRIES = 5;

/**
 * Sends a command as a well-behaved client does: with an Idempotency-Key, sending it again with the
 * same key when the server answers that contention did not settle (409 with `retryable: true`).
 */
export const sendCommand = async (
  baseUrl: string,
  body: CommandBody,
  headers: Record<string, string> = {},
  options: { idempotencyKey?: boolean } = {},
): Promise<CommandReply> => {
  const key = options.idempotencyKey === false ? undefined : `bench-${process.pid}-${++keys}`;
  let attempts = 0;
  for (let clientRetries = 0; ; clientRetries++) {
    const response = await fetch(`${baseUrl}/v1/default/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key && { 'idempotency-key': key }), ...headers },
      body: JSON.stringify(body),
    });
    const reply = (await response.json()) as CommandReply['body'];
    attempts += Number(response.headers.get('x-cairn-attempts') ?? reply.error?.attempts ?? 1);
    if (response.status < 300) return { status: response.status, attempts, clientRetries, body: reply };
    if (!key || !reply.error?.retryable || clientRetries >= MAX_CLIENT_RETRIES) {
      throw new Error(`command failed with ${response.status}: ${JSON.stringify(reply)}`);
    }
  }
};

export const commandStatus = async (
  baseUrl: string,
  commandId: string,
  headers: Record<string, string> = {},
): Promise<string | undefined> => {
  const response = await fetch(`${baseUrl}/v1/default/commands/${commandId}`, { headers });
  return ((await response.json()) as { status?: string }).status;
};

export const createList = (aggregateId: string): CommandBody => ({
  type: 'CreateTodoList',
  aggregateId,
  payload: { title: aggregateId },
});

export const addTodo = (aggregateId: string, todoId: string): CommandBody => ({
  type: 'AddTodo',
  aggregateId,
  payload: { todoId, text: `todo ${todoId}` },
});

/**
 * The load workload: a command whose aggregate state stays the same size however many are sent,
 * so that a run over one aggregate measures the pipeline and contention, not a list growing to
 * thousands of todos (AddTodo's cost grows with the list: evolve copies it).
 */
export const renameList = (aggregateId: string, n: number): CommandBody => ({
  type: 'RenameTodoList',
  aggregateId,
  payload: { title: `title ${n}` },
});
