/**
 * Push bytes per change of a large view, with and without JSON Patch deltas: a todoList view of
 * 100 KB+ (folded by the sample domain's own projection) and one event of each kind. Without
 * deltas such a view is past the 32 KB frame, so every subscriber gets `viewChanged` and fetches
 * the whole view; with them, a subscriber that holds the previous version gets the patch frame.
 * The frames are built by the push's own code (pushPayloadsOf), without sockets: bytes, not time.
 */

import { LIMITS } from '#application/limits';
import { pushPayloadsOf } from '#application/pushFrames';
import type { ProjectedEvent } from '#core/projection';
import { todoListProjection } from '#domain/todoList/todoListView';
import type { Row } from '../report';
import { median, round } from '../stats';

const at = { context: 'default', aggregateType: 'todoList', aggregateId: 'big', streamKey: 'default#todoList#big' };
const bytes = (text: string) => Buffer.byteLength(text);

export const pushBytes = (todos = 1500, samples = 20): Row[] => {
  let version = 1;
  const event = (type: string, data: unknown): ProjectedEvent => ({ ...at, type, version: ++version, data });
  let view = todoListProjection.evolve(todoListProjection.initialView('big'), {
    ...event('TodoListCreated', { title: 'Big list', createdAt: '2026-12-01T00:00:00.000Z' }),
  });
  for (let i = 0; i < todos; i++)
    view = todoListProjection.evolve(
      view,
      event('TodoAdded', { todoId: `todo-${i}`, text: `Todo number ${i}, to do soon` }),
    );
  const changes: [string, () => ProjectedEvent][] = [
    ['add a todo (appended)', () => event('TodoAdded', { todoId: `new-${version}`, text: 'One more thing to do' })],
    ['complete one in the middle', () => event('TodoCompleted', { todoId: `todo-${(version * 7) % todos}` })],
    ['remove one in the middle', () => event('TodoRemoved', { todoId: `todo-${(version * 13) % todos}` })],
    ['rename the list', () => event('TodoListRenamed', { title: `Big list ${version}` })],
  ];
  return changes.map(([name, next]) => {
    const sizes: { view: number; whole: number; patched: number; ms: number }[] = [];
    for (let i = 0; i < samples; i++) {
      const previous = { version, data: view };
      const incoming = next();
      view = todoListProjection.evolve(view, incoming);
      const change = { projection: 'todoList', key: 'big', version: incoming.version, data: view, previous };
      const started = performance.now();
      const payloads = pushPayloadsOf(change, LIMITS.pushFrameBytes);
      const ms = performance.now() - started;
      const viewBytes = bytes(JSON.stringify({ version: change.version, data: view }));
      // Without deltas: the frame, and the fetch of the whole view when the frame says viewChanged.
      const whole = bytes(payloads.whole) + (payloads.whole.includes('"viewChanged"') ? viewBytes : 0);
      sizes.push({ view: viewBytes, whole, patched: bytes(payloads.patched), ms });
    }
    const patchedFrames = sizes.filter((size) => size.patched < LIMITS.pushFrameBytes).length;
    return {
      change: name,
      viewKB: round(median(sizes.map((size) => size.view)) / 1024, 1),
      withoutDeltasBytes: Math.round(median(sizes.map((size) => size.whole))),
      withDeltasBytes: Math.round(median(sizes.map((size) => size.patched))),
      patchFramesUnder32KB: `${patchedFrames}/${samples}`,
      framesMsP50: round(median(sizes.map((size) => size.ms)), 2),
    };
  });
};
