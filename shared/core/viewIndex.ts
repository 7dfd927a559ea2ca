/**
 * A projection's index: a few fields of its view that a collection can be filtered by (one at a
 * time, by value) and one field it can be ordered by. The stores keep, beside each view, what it
 * is indexed under (`ViewIndex`); a change of a field's value moves the view in the index.
 */

/** At most this many filter fields per projection (the DynamoDB views table has one index each). */
export const MAX_FILTER_FIELDS = 3;

export interface ViewIndexSpec<View = unknown> {
  /** Fields whose values (a string, a number or a boolean) a list can be filtered by. */
  filters?: readonly (keyof View & string)[];
  /** A field (a string, or an integer from 0) a list can be ordered by; ties are ordered by key. */
  sort?: keyof View & string;
}

/** The index as the framework reads it, whatever the view's type. */
export interface IndexFields {
  filters?: readonly string[];
  sort?: string;
}

/**
 * What one view is indexed under: per filter field (in the order declared) its value as text, or
 * undefined when it has none to filter by; and its position in the sorted order.
 */
export interface ViewIndex {
  filters: (string | undefined)[];
  /** The sort field's value in an order-preserving text form, then the key: unique and ordered. */
  sort: string;
}

/** A filter value as text: what `?filter=field:value` is compared with. */
const filterText = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value.length > 0 && value.length <= 200 ? value : undefined;
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return String(value);
  return undefined;
};

/** Integers as 16 zero-padded digits, so that text order is number order; other values sort first. */
const sortText = (value: unknown): string => {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value.toString().padStart(16, '0');
  return typeof value === 'string' ? value.slice(0, 200) : '';
};

/** What a view (`data`) under `key` is indexed under, by the projection's index. */
export const viewIndexOf = (spec: IndexFields, key: string, data: unknown): ViewIndex => {
  const fields = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const own = (field: string) => (Object.hasOwn(fields, field) ? fields[field] : undefined);
  return {
    filters: (spec.filters ?? []).map((field) => filterText(own(field))),
    sort: spec.sort === undefined ? key : `${sortText(own(spec.sort))}\u0000${key}`,
  };
};

/** The sort position's key: what follows the last NUL (the key itself when there is no sort field). */
export const keyOfSortPosition = (position: string): string => position.slice(position.lastIndexOf('\u0000') + 1);
