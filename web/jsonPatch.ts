/**
 * Applies the JSON Patches (RFC 6902) the server pushes: the operations it emits (add, remove,
 * replace) with JSON Pointers (RFC 6901, `~1` is `/`, `~0` is `~`). The browser bundle imports no
 * package, so this is ours, checked in the unit tests against the server's diff and the `rfc6902`
 * package's apply. Own entries only: a path through `__proto__`, `constructor` or `prototype`, or
 * through anything but an own property, fails, and the client fetches the view instead.
 */

export type PatchOperation =
  | { op: 'add'; path: string; value: unknown }
  | { op: 'replace'; path: string; value: unknown }
  | { op: 'remove'; path: string };

const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

type Container = Record<string, unknown> | unknown[];

const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null;

const segmentsOf = (path: string): string[] => {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new Error(`Not a JSON Pointer: ${path}`);
  return path
    .slice(1)
    .split('/')
    .map((segment) => {
      const unescaped = segment.replaceAll('~1', '/').replaceAll('~0', '~');
      if (UNSAFE.has(unescaped)) throw new Error(`Refused path segment: ${unescaped}`);
      return unescaped;
    });
};

/** An array index as RFC 6901 writes it: digits, no leading zero. */
const indexOf = (segment: string, length: number, appending: boolean): number => {
  if (appending && segment === '-') return length;
  if (!/^(0|[1-9][0-9]*)$/.test(segment)) throw new Error(`Not an array index: ${segment}`);
  const index = Number(segment);
  if (index > length || (!appending && index === length)) throw new Error(`Index out of range: ${segment}`);
  return index;
};

const child = (parent: unknown, segment: string): unknown => {
  if (Array.isArray(parent)) return parent[indexOf(segment, parent.length, false)];
  if (isContainer(parent) && Object.hasOwn(parent, segment)) return (parent as Record<string, unknown>)[segment];
  throw new Error(`No such member: ${segment}`);
};

const applyOne = (document: unknown, operation: PatchOperation): unknown => {
  const segments = segmentsOf(operation.path);
  const last = segments.pop();
  if (last === undefined) {
    if (operation.op === 'remove') throw new Error('Cannot remove the whole document');
    return operation.value;
  }
  const parent = segments.reduce(child, document);
  if (Array.isArray(parent)) {
    const index = indexOf(last, parent.length, operation.op === 'add');
    if (operation.op === 'add') parent.splice(index, 0, operation.value);
    else if (operation.op === 'replace') parent[index] = operation.value;
    else parent.splice(index, 1);
  } else if (isContainer(parent)) {
    if (operation.op !== 'add' && !Object.hasOwn(parent, last)) throw new Error(`No such member: ${last}`);
    // defineProperty, not assignment: an own key never reaches a setter on the prototype.
    if (operation.op === 'remove') delete (parent as Record<string, unknown>)[last];
    else
      Object.defineProperty(parent, last, {
        value: operation.value,
        writable: true,
        enumerable: true,
        configurable: true,
      });
  } else throw new Error(`Not a container at ${operation.path}`);
  return document;
};

/**
 * The document after the patch, `base` left as it was (listeners may still hold it). Throws if an
 * operation does not apply: the caller then fetches the view.
 */
export const applyPatch = <T = unknown>(base: unknown, patch: readonly PatchOperation[]): T => {
  // A JSON copy: JSON.parse keeps a `__proto__` key as an own property, as the server sent it.
  let document: unknown = JSON.parse(JSON.stringify(base ?? null));
  for (const operation of patch) {
    if (operation.op !== 'add' && operation.op !== 'remove' && operation.op !== 'replace') {
      throw new Error(`Unsupported operation: ${String((operation as { op: unknown }).op)}`);
    }
    document = applyOne(document, operation);
  }
  return document as T;
};
