/**
 * The newest commands committed on one aggregate, in brief: what lets a retried command find its
 * own commit without a read of its own. They come with the commits a load or a catch-up reads
 * anyway, and with the snapshot for the commits before it.
 */
import type { Commit, CommitRef } from '#ports/eventStore';
import { lastVersionOf } from '#ports/eventStore';

/** How many commands an aggregate remembers; a snapshot carries them (about 150 bytes each). */
export const RECENT_COMMANDS = 128;

export interface RecentCommands {
  /** Oldest first, at most RECENT_COMMANDS. */
  refs: readonly CommitRef[];
  /** True when `refs` holds every command committed since the stream began. */
  complete: boolean;
}

export const noRecentCommands = (complete: boolean): RecentCommands => ({ refs: [], complete });

const refOf = (commit: Commit): CommitRef | undefined =>
  commit.commandId && commit.fingerprint
    ? {
        commandId: commit.commandId,
        fingerprint: commit.fingerprint,
        baseVersion: commit.baseVersion,
        lastVersion: lastVersionOf(commit),
        committedAt: commit.committedAt,
      }
    : undefined;

/** `recent` followed by `commits` (oldest first, all after the newest ref), trimmed to the bound. */
export const withCommits = (recent: RecentCommands, commits: readonly Commit[]): RecentCommands => {
  let complete = recent.complete;
  const refs = [...recent.refs];
  for (const commit of commits) {
    const ref = refOf(commit);
    // A commit without a fingerprint (written by an older version) cannot answer a retry here:
    // then only the command ledger can, so the list no longer vouches for the whole stream.
    if (!ref) complete = false;
    else refs.push(ref);
  }
  const dropped = Math.max(0, refs.length - RECENT_COMMANDS);
  return { refs: refs.slice(dropped), complete: complete && dropped === 0 };
};

export const findRecent = (recent: RecentCommands, commandId: string): CommitRef | undefined => {
  for (let i = recent.refs.length - 1; i >= 0; i--) if (recent.refs[i]?.commandId === commandId) return recent.refs[i];
  return undefined;
};

/**
 * True when every command that an idempotency window of `windowSeconds` could still answer is in
 * `recent`: the list reaches back to the stream's start, or its oldest entry is older than the
 * window (the list is contiguous, so nothing newer is missing). Then the ledger need not be asked.
 */
export const coversWindow = (recent: RecentCommands, now: Date, windowSeconds: number): boolean => {
  if (recent.complete) return true;
  const oldest = recent.refs[0];
  return oldest !== undefined && Date.parse(oldest.committedAt) <= now.getTime() - windowSeconds * 1000;
};
