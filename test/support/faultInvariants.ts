/**
 * The invariants a run under faults must end with, read from the stores with clients that inject
 * nothing. Each check returns the problems it found (empty: the invariant holds), so that a failing
 * run names every broken stream, command, view or subscription at once.
 */
import { isDeepStrictEqual } from 'node:util';
import { type DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { parseStreamKey, streamKeyOf } from '#core/ids';
import type { ProjectedEvent, Projection } from '#core/projection';
import { todoListProjection, todoListsProjection } from '#domain/todoList/index';
import type { CommandResult } from '#ports/commandLedger';
import { versionEvents } from '#ports/eventStore';
import type { ReadModelStore, StoredView } from '#ports/readModelStore';
import { viewAfter } from './projectionSpec';
import type { Frame } from './socketClient';

/** A commit item as DynamoEventStore writes it (pk = stream key, sk = base version). */
export interface CommitItem {
  pk: string;
  sk: number;
  last: number;
  events: { type: string; data: unknown }[];
  commandId: string;
}

export interface StoredHistory {
  commits: CommitItem[];
  /** Per stream key: its events in version order, as projections see them. */
  streams: Map<string, ProjectedEvent[]>;
  byCommand: Map<string, CommitItem[]>;
  /** Commits that start after the version the previous one ended at (versions missing)... */
  gaps: string[];
  /** ...or before it (versions stored twice). */
  overlaps: string[];
}

/** Every commit of the events table (snapshots, at sort key -1, left out), checked for gaps. */
export const readStoredHistory = async (client: DynamoDBDocumentClient, table: string): Promise<StoredHistory> => {
  const commits: CommitItem[] = [];
  for await (const page of paginateScan({ client }, { TableName: table, ConsistentRead: true })) {
    for (const item of page.Items ?? []) if ((item.sk as number) >= 0) commits.push(item as CommitItem);
  }
  const byStream = new Map<string, CommitItem[]>();
  const byCommand = new Map<string, CommitItem[]>();
  for (const commit of commits) {
    byStream.set(commit.pk, [...(byStream.get(commit.pk) ?? []), commit]);
    byCommand.set(commit.commandId, [...(byCommand.get(commit.commandId) ?? []), commit]);
  }
  const streams = new Map<string, ProjectedEvent[]>();
  const gaps: string[] = [];
  const overlaps: string[] = [];
  for (const [streamKey, list] of byStream) {
    list.sort((a, b) => a.sk - b.sk);
    const events: ProjectedEvent[] = [];
    let version = 0;
    for (const commit of list) {
      const span = `${streamKey}: commit ${commit.sk + 1}..${commit.last} after version ${version}`;
      if (commit.sk > version) gaps.push(span);
      if (commit.sk < version) overlaps.push(span);
      if (commit.last !== commit.sk + commit.events.length) gaps.push(`${span} holds ${commit.events.length} events`);
      for (const event of versionEvents(commit.sk, commit.events)) {
        events.push({ ...parseStreamKey(streamKey), streamKey, ...event });
      }
      version = commit.last;
    }
    streams.set(streamKey, events);
  }
  return { commits, streams, byCommand, gaps, overlaps };
};

/** What the test's client knows of a command at the end (async ones: what their record says). */
export type CommandOutcome =
  | { kind: 'succeeded'; result: CommandResult }
  | { kind: 'refused'; code: string }
  /** Async: acknowledged with 202, never executed. */
  | { kind: 'accepted' }
  /** Never acknowledged: every send failed. */
  | { kind: 'unanswered' };

export interface CommandCheck {
  /** Acknowledged with a result whose events are not stored (or not as answered). */
  lost: string[];
  /** Stored more than once. */
  duplicated: string[];
  /** Stored although the client was told it was refused, or never asked for. */
  phantom: string[];
}

/**
 * Every command answered with a result has exactly one commit, in its stream, holding the
 * answered events at the answered versions; no refused or unknown command has one.
 */
export const checkCommands = (
  history: StoredHistory,
  outcomes: ReadonlyMap<string, { context: string; aggregateId: string; outcome: CommandOutcome }>,
): CommandCheck => {
  const check: CommandCheck = { lost: [], duplicated: [], phantom: [] };
  for (const [commandId, commits] of history.byCommand) {
    if (commits.length > 1) check.duplicated.push(`${commandId}: ${commits.length} commits`);
    const known = outcomes.get(commandId);
    if (known?.outcome.kind !== 'succeeded') {
      check.phantom.push(`${commandId} (${known?.outcome.kind ?? 'never sent'}) has a commit in ${commits[0]?.pk}`);
    }
  }
  for (const [commandId, { context, aggregateId, outcome }] of outcomes) {
    if (outcome.kind === 'accepted') check.lost.push(`${commandId}: accepted, never executed`);
    if (outcome.kind !== 'succeeded') continue;
    const commit = history.byCommand.get(commandId)?.[0];
    const stored = commit && versionEvents(commit.sk, commit.events);
    const answered = outcome.result.events.map(({ type, version, schemaVersion, data }) => ({
      type,
      version,
      schemaVersion,
      data,
    }));
    if (!commit || !stored) check.lost.push(`${commandId}: answered version ${outcome.result.version}, not stored`);
    else if (
      commit.pk !== streamKeyOf(context, 'todoList', aggregateId) ||
      commit.last !== outcome.result.version ||
      !isDeepStrictEqual(normalized(stored), normalized(answered))
    ) {
      check.lost.push(`${commandId}: answered ${JSON.stringify(answered)}, stored ${JSON.stringify(stored)}`);
    }
  }
  return check;
};

/** JSON round trip: views come back from DynamoDB as parsed JSON, without undefined fields. */
const normalized = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null));

/** The view equals the fold of `events` and carries `version`; or the problem. */
const viewProblem = (
  projection: Projection,
  key: string,
  events: ProjectedEvent[],
  version: number,
  stored: StoredView | undefined,
): string | undefined => {
  const name = `${events[0]?.context ?? '?'}/${projection.name}/${key}`;
  if (!stored) return `${name}: no view, ${events.length} events`;
  if (stored.version !== version) return `${name}: view at version ${stored.version}, expected ${version}`;
  const expected = normalized(viewAfter(projection, key, events));
  return isDeepStrictEqual(normalized(stored.data), expected) ? undefined : `${name}: data differs from the fold`;
};

/** The highest version a subscriber received for one view (a client keeps the newest it saw). */
const lastPushed = (frames: readonly Frame[], projection: string, key: string): number =>
  frames
    .filter((frame) => (frame.type === 'view' || frame.type === 'viewChanged') && frame.projection === projection)
    .filter((frame) => frame.key === key)
    .reduce((max, frame) => Math.max(max, frame.version as number), 0);

export interface LiveState {
  history: StoredHistory;
  views: ReadModelStore;
  contexts: readonly string[];
  listKeys: readonly string[];
  /** The frames that the context's connected subscriber received. */
  framesOf: (context: string) => readonly Frame[];
}

/** Every view the history must have produced: each list's view and its summary. */
const expectedViews = (state: Omit<LiveState, 'views'>) =>
  state.contexts.flatMap((context) => {
    // Per list: its view, and its summary in the todoLists collection (followed live as a collection).
    return state.listKeys.flatMap((key) => {
      const events = state.history.streams.get(streamKeyOf(context, 'todoList', key)) ?? [];
      const version = events.at(-1)?.version ?? 0;
      if (version === 0) return [];
      return [todoListProjection, todoListsProjection].map((projection) => ({
        context,
        projection,
        key,
        events,
        version,
      }));
    });
  });

/** Subscribers whose newest frame of a view is not the version its streams end at (no reads). */
export const pushProblems = (state: Omit<LiveState, 'views'>): string[] =>
  expectedViews(state)
    .map(({ context, projection, key, version }) => {
      const pushed = lastPushed(state.framesOf(context), projection.name, key);
      return pushed === version
        ? ''
        : `${context}/${projection.name}/${key}: subscriber at ${pushed}, view at ${version}`;
    })
    .filter(Boolean);

/** Views behind their streams or unequal to their fold. */
export const viewProblems = async (state: LiveState): Promise<string[]> => {
  const problems: string[] = [];
  for (const { context, projection, key, events, version } of expectedViews(state)) {
    const stored = await state.views.get(context, projection.name, key);
    const problem = viewProblem(projection, key, events, version, stored);
    if (problem) problems.push(problem);
  }
  return problems;
};

/** Pushed list views that differ from the fold of their stream up to the version they carry. */
export const stalePushes = (state: Omit<LiveState, 'views'>): string[] =>
  state.contexts.flatMap((context) =>
    state
      .framesOf(context)
      .filter((frame) => frame.type === 'view' && frame.projection === todoListProjection.name)
      .filter((frame) => {
        const events = state.history.streams.get(streamKeyOf(context, 'todoList', frame.key)) ?? [];
        const upTo = events.filter((event) => event.version <= frame.version);
        return !isDeepStrictEqual(normalized(frame.data), normalized(viewAfter(todoListProjection, frame.key, upTo)));
      })
      .map((frame) => `${context}/todoList/${frame.key}@${frame.version}: pushed data differs from the fold`),
  );
