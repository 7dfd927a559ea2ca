import type { CommandLedger, CommandRecord } from '#ports/commandLedger';

/** API Gateway ends an integration after 29 s: a longer wait could never be answered. */
export const MAX_WAIT_SECONDS = 25;

/**
 * Polls a queued command's record until it is terminal or `waitMs` has passed (RFC 7240's
 * `Prefer: respond-async, wait=N`): quickly at first, as most commands finish within tens of
 * milliseconds, then every 200 ms. Returns the last record read.
 */
export const awaitCommand = async (
  ledger: CommandLedger,
  record: CommandRecord,
  waitMs: number,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<CommandRecord> => {
  const deadline = Date.now() + waitMs;
  let current = record;
  let delay = 5;
  while (current.status === 'accepted') {
    const left = deadline - Date.now();
    if (left <= 0) break;
    await sleep(Math.min(delay, left));
    delay = Math.min(200, delay * 2);
    current = (await ledger.get(record.context, record.commandId)) ?? current;
  }
  return current;
};
