import type { RuntimeRoster } from '#ports/runtimeRoster';

/** How long a lease lasts by default (CAIRN_RUNTIME_LEASE): a runtime gone is known within it. */
export const LEASE_MS = 10_000;

/**
 * Keeps this runtime's lease in the roster while it runs (renewed three times per lease, so two
 * renewals can be lost before it lapses), so that the others can tell it from one that died; gives
 * it up when the runtime stops.
 */
export const keepLease = (
  roster: RuntimeRoster,
  endpoint: string,
  log: (error: unknown) => void,
  leaseMs = LEASE_MS,
) => {
  const renew = () => roster.beat(endpoint, Date.now() + leaseMs).catch(log);
  let renewing = renew();
  const timer = setInterval(() => {
    renewing = renew();
  }, leaseMs / 3);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await renewing;
      await roster.leave(endpoint).catch(log);
    },
  };
};
