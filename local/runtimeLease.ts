import type { RuntimeRoster } from '#ports/runtimeRoster';

/** How long a lease lasts, and how often it is renewed: a runtime gone is known within LEASE_MS. */
export const LEASE_MS = 10_000;
const RENEW_EVERY_MS = 3_000;

/**
 * Keeps this runtime's lease in the roster while it runs (renewed every 3 s for 10 s), so that the
 * others can tell it from one that died; gives it up when the runtime stops.
 */
export const keepLease = (roster: RuntimeRoster, endpoint: string, log: (error: unknown) => void) => {
  const renew = () => roster.beat(endpoint, Date.now() + LEASE_MS).catch(log);
  let renewing = renew();
  const timer = setInterval(() => {
    renewing = renew();
  }, RENEW_EVERY_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await renewing;
      await roster.leave(endpoint).catch(log);
    },
  };
};
