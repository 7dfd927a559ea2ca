/** A view as an item of the views table, and back (the table is described in tableSchemas.ts). */
import type { ViewIndex } from '#core/viewIndex';
import type { StoredView } from '#ports/readModelStore';

/** The sparse index attributes of a view's item (see tableSchemas.ts): none for a view without an index. */
const indexAttributes = (pk: string, index: ViewIndex | undefined): Record<string, string> => {
  if (!index) return {};
  const attributes: Record<string, string> = { ixa: pk, ixs: index.sort };
  for (const [slot, value] of index.filters.entries()) {
    if (value !== undefined) attributes[`ixf${slot}`] = `${pk}#${value}`;
  }
  return attributes;
};

export const toItem = (view: StoredView) => ({
  ...indexAttributes(`${view.context}#${view.projection}`, view.index),
  ...(view.index && { index: JSON.stringify(view.index) }),
  pk: `${view.context}#${view.projection}`,
  sk: view.key,
  context: view.context,
  projection: view.projection,
  version: view.version,
  revision: view.revision,
  sources: JSON.stringify(view.sources),
  data: JSON.stringify(view.data),
  updatedAt: view.updatedAt,
});

export const fromItem = (item: Record<string, unknown>): StoredView => ({
  context: item.context as string,
  projection: item.projection as string,
  key: item.sk as string,
  version: item.version as number,
  revision: item.revision as number,
  sources: JSON.parse(item.sources as string) as Record<string, number>,
  data: JSON.parse(item.data as string),
  updatedAt: item.updatedAt as string,
  ...(typeof item.index === 'string' && { index: JSON.parse(item.index) as ViewIndex }),
});
