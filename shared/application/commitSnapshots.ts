import type { AggregateDefinition } from '../core/aggregate';
import type { CommandResult } from '../ports/commandLedger';
import type { SnapshotStore } from '../ports/snapshotStore';
import { fold } from './aggregateLoader';
import { byteLength, LIMITS } from './limits';

/**
 * After a commit that crossed a multiple of the aggregate's `snapshotEvery`, stores the state it
 * reached, so that later loads read the snapshot and the few events after it. A snapshot is an
 * optimisation: one too large is skipped, and failing to write one does not fail the command.
 */
export const snapshotAfterCommit = async (
  snapshots: SnapshotStore | undefined,
  commit: { definition: AggregateDefinition; streamKey: string; stateBefore: unknown; versionBefore: number },
  result: CommandResult,
  onError?: (error: unknown) => void,
): Promise<void> => {
  const { definition, streamKey, stateBefore, versionBefore } = commit;
  const every = definition.snapshotEvery;
  if (!snapshots || Math.floor(result.version / every) === Math.floor(versionBefore / every)) return;
  const { state, version } = fold(definition, stateBefore, versionBefore, result.events);
  if (byteLength(state) > LIMITS.snapshotBytes) return;
  const schemaVersion = definition.snapshotSchemaVersion;
  await snapshots.put({ streamKey, version, schemaVersion, state }).catch((error) => onError?.(error));
};
