/** A projection's generations, each with its position, and its rebuild's progress. */
import { h, meter, plural } from './dom';

export interface Generation {
  generation: number;
  storedName: string;
  role: 'live' | 'building' | 'built' | 'retired';
  position?: number;
  views?: number;
  streamsBehind?: number;
}

export interface ProjectionStatus {
  name: string;
  sources: string[];
  versioning: string;
  head: { streams: number; events: number };
  generations: Generation[];
  partial: boolean;
}

export interface RebuildProgress {
  generation: number;
  state: 'preparing' | 'building' | 'built' | 'live' | 'failed';
  streamsTotal: number;
  streamsDone: number;
  events: number;
  error?: string;
}

export const running = (progress: RebuildProgress | undefined) =>
  progress?.state === 'preparing' || progress?.state === 'building';

export const generationRow = (projection: ProjectionStatus, generation: Generation) => {
  const { head } = projection;
  const detail =
    generation.position === undefined
      ? 'kept, no longer written'
      : head.events === 0
        ? `no events yet · ${plural(generation.views ?? 0, 'view')}`
        : `${generation.position} of ${plural(head.events, 'event')} · ${plural(generation.views ?? 0, 'view')} · ${generation.streamsBehind} behind`;
  return h(
    'li',
    { class: `generation ${generation.role}`, 'data-generation': generation.generation },
    h('span', { class: 'gen-name' }, `g${generation.generation}`),
    h('span', { class: `pill ${generation.role}` }, generation.role),
    generation.position === undefined
      ? h('span', { class: 'muted' }, detail)
      : meter(generation.position, head.events, detail),
  );
};

export const progressOf = (rebuild: RebuildProgress | undefined) => {
  if (!rebuild) return '';
  const text = `Rebuild of g${rebuild.generation}: ${rebuild.state} · ${rebuild.streamsDone}/${plural(rebuild.streamsTotal, 'stream')} · ${plural(rebuild.events, 'event')}`;
  return h(
    'div',
    { class: `rebuild ${rebuild.state}`, 'data-state': rebuild.state },
    meter(rebuild.streamsDone, rebuild.streamsTotal, text),
    rebuild.error ? h('p', { class: 'notice error' }, rebuild.error) : '',
  );
};
