/** What a client (or a process) may ask of a seat: one payload schema per command type. */
import type { Command } from '#core/decider';
import * as z from '#core/zod';

const holder = z.string().check(z.trim(), z.minLength(1), z.maxLength(100));

export const seatCommandSchemas = {
  HoldSeat: z.strictObject({ holder }).check(z.meta({ examples: [{ holder: 'ada' }] })),
  ConfirmHold: z.strictObject({ holder }).check(z.meta({ examples: [{ holder: 'ada' }] })),
  ReleaseHold: z.strictObject({ holder }).check(z.meta({ examples: [{ holder: 'ada' }] })),
  // Sent by the expiry process when a hold's time is up (expiryProcess.ts).
  ExpireHold: z.strictObject({ holder }).check(z.meta({ examples: [{ holder: 'ada' }] })),
} as const;

type Schemas = typeof seatCommandSchemas;
export type SeatCommand = { [K in keyof Schemas]: Command<K, z.infer<Schemas[K]>> }[keyof Schemas];
