/**
 * The load run's mixed traffic over a pool of todo lists: sync AddTodo, CompleteTodo and RemoveTodo
 * (removing done todos keeps every list, and so every view and push, the same size however long the
 * run), sync CreateTodoList of new lists, async RenameTodoList (`Prefer: respond-async`), and view
 * queries. The driver reserves the todo it acts on, so concurrent operations never collide in the
 * domain (no 422s); they may still race on a list's version, which the server resolves by retrying.
 */
import { addTodo, createList, renameList, sendCommand } from '../http';

export type Kind = 'create' | 'add' | 'complete' | 'remove' | 'renameAsync' | 'query';

/** Weights of the kinds of operation (percent by default), before the fallbacks that keep each list at 0..20 todos. */
export const MIX: Readonly<Record<Kind, number>> = {
  add: 35,
  complete: 25,
  remove: 10,
  create: 5,
  renameAsync: 10,
  query: 15,
};

/** A list never holds more todos than this: past it, an add becomes a complete or a remove. */
const MAX_TODOS = 20;

export interface Sample {
  kind: Kind;
  /** When the operation started and ended, ms on the performance clock. */
  sentAtMs: number;
  endAtMs: number;
  ok: boolean;
  /** For sync commands on the pool's lists: the list and the version the command produced. */
  listId?: string;
  version?: number;
}

interface ListState {
  open: string[];
  done: string[];
}

/** A small seeded generator (mulberry32), so that two runs send the same sequence of operations. */
const random = (seed: number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

export class Workload {
  readonly samples: Sample[] = [];
  readonly asyncCommandIds: string[] = [];
  readonly errors = new Map<string, number>();
  private readonly lists = new Map<string, ListState>();
  private readonly next: () => number;
  private todos = 0;
  private created = 0;

  constructor(
    private readonly url: string,
    readonly listIds: readonly string[],
    private readonly tag: string,
    private readonly headers: Record<string, string>,
    seed: number,
    private readonly mix: Readonly<Record<Kind, number>> = MIX,
  ) {
    for (const id of listIds) this.lists.set(id, { open: [], done: [] });
    this.next = random(seed);
  }

  /** One operation, chosen by the mix; never throws (a failure is a sample with `ok: false`). */
  readonly operation = async (): Promise<void> => {
    const listId = this.listIds[Math.floor(this.next() * this.listIds.length)] ?? 'x';
    const list = this.lists.get(listId) ?? { open: [], done: [] };
    const kind = this.choose(list);
    const sentAtMs = performance.now();
    const sample: Sample = { kind, sentAtMs, endAtMs: sentAtMs, ok: false };
    try {
      await this.run(kind, listId, list, sample);
      sample.ok = true;
    } catch (error) {
      const message = (error as Error).message.slice(0, 160);
      this.errors.set(message, (this.errors.get(message) ?? 0) + 1);
    }
    sample.endAtMs = performance.now();
    this.samples.push(sample);
  };

  private choose(list: ListState): Kind {
    const weights = Object.entries(this.mix) as [Kind, number][];
    let pick = this.next() * weights.reduce((sum, [, weight]) => sum + weight, 0);
    let kind: Kind = 'query';
    for (const [candidate, weight] of weights) {
      pick -= weight;
      if (pick < 0) {
        kind = candidate;
        break;
      }
    }
    const size = list.open.length + list.done.length;
    if (kind === 'add' && size >= MAX_TODOS) kind = list.open.length > 0 ? 'complete' : 'remove';
    if (kind === 'remove' && list.done.length === 0) kind = list.open.length > 0 ? 'complete' : 'add';
    if (kind === 'complete' && list.open.length === 0) kind = 'add';
    return kind;
  }

  private async run(kind: Kind, listId: string, list: ListState, sample: Sample): Promise<void> {
    const send = async (body: Parameters<typeof sendCommand>[1]) => {
      const reply = await sendCommand(this.url, body, this.headers);
      sample.listId = listId;
      sample.version = reply.body.version;
    };
    switch (kind) {
      case 'add': {
        const todoId = `t${++this.todos}`;
        await send(addTodo(listId, todoId));
        list.open.push(todoId);
        return;
      }
      case 'complete': {
        const todoId = list.open.shift() ?? '';
        await send({ type: 'CompleteTodo', aggregateId: listId, payload: { todoId } });
        list.done.push(todoId);
        return;
      }
      case 'remove': {
        const todoId = list.done.shift() ?? '';
        await send({ type: 'RemoveTodo', aggregateId: listId, payload: { todoId } });
        return;
      }
      case 'create':
        await sendCommand(this.url, createList(`${this.tag}-new-${++this.created}`), this.headers);
        return;
      case 'renameAsync': {
        const reply = await sendCommand(this.url, renameList(listId, this.todos), {
          ...this.headers,
          prefer: 'respond-async',
        });
        if (reply.body.commandId) this.asyncCommandIds.push(reply.body.commandId);
        return;
      }
      case 'query': {
        const response = await fetch(`${this.url}/v1/default/views/todoList/${listId}`, { headers: this.headers });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`view query answered ${response.status}`);
        return;
      }
      default: {
        const unreachable: never = kind;
        throw new Error(`unknown operation ${unreachable}`);
      }
    }
  }
}
