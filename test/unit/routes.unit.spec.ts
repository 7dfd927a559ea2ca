import { describe, expect, it } from 'vitest';
import { REST_ROUTES, routeOf } from '#http/routes';

describe('the route table', () => {
  it('selects a resource as API Gateway does: segment by segment, a literal before a path variable', () => {
    const handlerOf = (path: string) => routeOf(path)?.handler;
    expect(handlerOf('/health')).toBe('commandApi');
    expect(handlerOf('/v1/shop/commands')).toBe('commandApi');
    expect(handlerOf('/v1/shop/commands/abc')).toBe('commandApi');
    expect(handlerOf('/v1/shop/aggregates/todoList/l1/events')).toBe('commandApi');
    expect(handlerOf('/v1/shop/views/todoList/l1')).toBe('queryApi');
    expect(handlerOf('/v1/shop/views/todoList')).toBe('queryApi');
    expect(handlerOf('/v1/_admin/contexts')).toBe('adminApi');
    expect(handlerOf('/v1/_admin/contexts/shop')).toBe('adminApi');
    expect(handlerOf('/v1/shop/_admin/projections/todoList/rebuild')).toBe('adminApi');
    expect(handlerOf('/v1/_admin/contexts/shop/projections/todoList/rebuild')).toBe('adminApi');
  });

  it('matches no resource for paths the API does not have, and does not fall back from `_admin` to `{context}`', () => {
    for (const path of ['/', '/v1', '/v1/shop', '/v1/shop/views', '/v1/shop/commands/a/b', '/nope']) {
      expect(routeOf(path), path).toBeUndefined();
    }
    // `_admin` is a literal at that level: its subtree has no `commands`, and API Gateway does not backtrack.
    expect(routeOf('/v1/_admin/commands')).toBeUndefined();
  });

  it('keeps the rebuild routes out of the deployed API (a rebuild outlives a Lambda invocation)', () => {
    const local = REST_ROUTES.filter((route) => !route.deployed).map((route) => route.path);
    expect(local).toEqual([
      '/v1/{context}/_admin/projections/{projection}/rebuild',
      '/v1/_admin/contexts/{context}/projections/{projection}/rebuild',
    ]);
  });
});
