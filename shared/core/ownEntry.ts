/**
 * `record[key]` when it is the record's own entry, never an inherited one. Keys that clients choose
 * (todo ids, list ids, context names) may be `constructor`, `toString` or `__proto__`, which a plain
 * object answers from its prototype. Records that are stored as JSON (state, views) cannot be
 * Maps, so every look-up in them by such a key goes through here.
 */
export const ownEntry = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;
