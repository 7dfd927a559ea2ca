import type { LeaseKey, StreamLeases } from './streamLeases';

/** A lease this runtime took, as its reader and its renewals share it. */
export interface HeldLease extends LeaseKey {
  /** The last sequence number the handler acknowledged (stored as the lease's checkpoint). */
  acknowledged?: string;
  /** Until when, by this runtime's clock, it may hand records over: its last renewal's start plus a lease's duration. */
  validUntil: number;
  /** Another runtime took it (a renewal or a checkpoint was refused). */
  lost: boolean;
}

/**
 * Renews every lease held, side by side. A renewal that succeeds extends the lease's validity
 * from the moment it was sent (never later than others may judge it expired); one refused means
 * another runtime took the lease; one that fails (throttled, unreachable) changes nothing, and
 * the lease lapses by itself if that goes on for a lease's duration.
 */
export const renewHeld = (
  held: Iterable<HeldLease>,
  deps: { leases: StreamLeases; owner: string; durationMs: number; onError: (error: unknown) => void },
): Promise<unknown> =>
  Promise.all(
    [...held].map(async (lease) => {
      if (lease.lost) return;
      const sentAt = Date.now();
      try {
        if (await deps.leases.renew(lease, deps.owner)) lease.validUntil = sentAt + deps.durationMs;
        else lease.lost = true;
      } catch (error) {
        deps.onError(error);
      }
    }),
  );
