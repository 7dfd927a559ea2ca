/**
 * RFC 6902 JSON Patches between two versions of a view, for the live push. Objects are diffed by
 * the `rfc6902` package; arrays by a linear diff of ours, since the package's array diff is an
 * edit-distance search (quadratic and recursive: seconds for 1,000 todos, a stack overflow past a
 * few thousand). The common prefix and suffix are kept, so the usual change of one event (an item
 * appended, removed or edited anywhere) is one or two operations. Pure computation, no I/O: the
 * only place that imports the package (the dependency rules say so).
 */
import { createPatch, type Pointer } from 'rfc6902';

/** The operations the diff emits (never move, copy or test): what a client's apply must know. */
export type PatchOperation =
  | { op: 'add'; path: string; value: unknown }
  | { op: 'replace'; path: string; value: unknown }
  | { op: 'remove'; path: string };

/** Segments a client must refuse (prototype pollution): a patch touching one is never sent. */
export const UNSAFE_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const equal = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every(
    (key) => Object.hasOwn(b, key) && equal((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
};

const under = (ptr: Pointer, index: number, operations: PatchOperation[]): PatchOperation[] => {
  const prefix = ptr.add(String(index)).toString();
  return operations.map((operation) => ({ ...operation, path: prefix + operation.path }));
};

const diffArrays = (input: unknown[], output: unknown[], ptr: Pointer): PatchOperation[] => {
  let start = 0;
  while (start < input.length && start < output.length && equal(input[start], output[start])) start++;
  let endIn = input.length;
  let endOut = output.length;
  while (endIn > start && endOut > start && equal(input[endIn - 1], output[endOut - 1])) {
    endIn--;
    endOut--;
  }
  const operations: PatchOperation[] = [];
  const paired = Math.min(endIn - start, endOut - start);
  for (let i = start; i < start + paired; i++) operations.push(...under(ptr, i, diff(input[i], output[i])));
  // Removals from the highest index down, so each index still names the element it meant.
  for (let i = endIn - 1; i >= start + paired; i--)
    operations.push({ op: 'remove', path: ptr.add(String(i)).toString() });
  for (let i = start + paired; i < endOut; i++)
    operations.push({ op: 'add', path: ptr.add(String(i)).toString(), value: output[i] });
  return operations;
};

const diff = (input: unknown, output: unknown): PatchOperation[] =>
  createPatch(input, output, (a: unknown, b: unknown, ptr: Pointer) =>
    Array.isArray(a) && Array.isArray(b) ? diffArrays(a, b, ptr) : undefined,
  ) as PatchOperation[];

/**
 * The patch from `before` to `after`, as JSON carries them (an `undefined` field is no field), or
 * undefined when it would touch an unsafe segment (the whole view is sent instead).
 */
export const jsonPatch = (before: unknown, after: unknown): PatchOperation[] | undefined => {
  const operations = diff(asJson(before), asJson(after));
  const unsafe = operations.some(
    (operation) =>
      operation.path
        .split('/')
        .some((segment) => UNSAFE_SEGMENTS.has(segment.replaceAll('~1', '/').replaceAll('~0', '~'))) ||
      // A value holding such a key is not carried faithfully either (the package's copy of a value
      // assigns keys, and `__proto__` assigned sets a prototype instead of a key).
      ('value' in operation && holdsUnsafeKey(operation.value)),
  );
  return unsafe ? undefined : operations;
};

const holdsUnsafeKey = (value: unknown): boolean => {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(holdsUnsafeKey);
  return Object.keys(value).some(
    (key) => UNSAFE_SEGMENTS.has(key) || holdsUnsafeKey((value as Record<string, unknown>)[key]),
  );
};

const asJson = (value: unknown): unknown => (value === undefined ? null : JSON.parse(JSON.stringify(value)));
