import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { principalFromClaims } from '#adapters/auth/grantClaims';
import { type Principal, ROLES, type Role, requireRole, roleRank } from '#application/access';
import { authorizerContextOf, principalFromAuthorizerContext } from '#http/gatewayPrincipal';

/**
 * No grant appears from nowhere: whatever context names a token lists and whatever context a
 * request names, a principal holds a role exactly where its claims grant one. Names are drawn
 * with every property of Object.prototype among them (`constructor`, `__proto__`, `toString`...),
 * which a plain-object lookup would answer from the prototype.
 */
const prototypeNames = Object.getOwnPropertyNames(Object.prototype);
const contextName = fc.oneof(
  fc.constantFrom(...prototypeNames, 'prototype', 'hasOwnProperty', '__defineGetter__', 'default', 'shop'),
  fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}$/),
  fc.string({ maxLength: 12 }),
);
const role = fc.constantFrom(...ROLES);
const grants = fc.uniqueArray(fc.tuple(contextName, role), { selector: ([context]) => context, maxLength: 6 });

/** The claims a token would carry: every granted context listed, its role in `roles` (reader may be implied). */
const claimsOf = (granted: readonly (readonly [string, Role])[]) => {
  const roles: Record<string, Role> = Object.create(null);
  for (const [context, held] of granted)
    if (held !== 'reader') Object.defineProperty(roles, context, { value: held, enumerable: true });
  // Through JSON, as a token's payload arrives: `__proto__` becomes an own key there.
  return JSON.parse(JSON.stringify({ sub: 'prop', contexts: granted.map(([context]) => context), roles }));
};

const allows = (principal: Principal, context: string, needed: Role): boolean => {
  try {
    requireRole(principal, context, needed);
    return true;
  } catch (error) {
    expect(error).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    return false;
  }
};

describe('grants: own entries only', () => {
  it('a principal holds a role exactly where its claims grant one, for any context name (property)', () => {
    fc.assert(
      fc.property(grants, fc.array(contextName, { maxLength: 10 }), role, (granted, asked, needed) => {
        if (granted.length === 0) return;
        const principal = principalFromClaims(claimsOf(granted));
        const held = new Map(granted);
        for (const context of [...asked, ...prototypeNames]) {
          const expected = held.has(context) && roleRank(held.get(context)) >= roleRank(needed);
          expect(allows(principal, context, needed), `context '${context}' needing ${needed}`).toBe(expected);
        }
        // The same through API Gateway's authorizer context (a JSON string), as the deployed handlers see it.
        const relayed = principalFromAuthorizerContext(authorizerContextOf(principal));
        expect(relayed?.roles).toEqual(principal.roles);
      }),
      { numRuns: 300, seed: 1010 },
    );
  });

  it('a reader of `a` is refused everywhere else, `constructor` and `__proto__` included', () => {
    const reader = principalFromClaims({ sub: 'r', contexts: ['a'], roles: { a: 'reader' } });
    for (const context of ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'b']) {
      for (const needed of ROLES) expect(allows(reader, context, needed)).toBe(false);
    }
    expect(allows(reader, 'a', 'reader')).toBe(true);
    expect(allows(reader, 'a', 'writer')).toBe(false);
  });

  it('a role that is not one of reader, writer, admin refuses; it never passes a rank check', () => {
    const odd = { subject: 'x', roles: new Map([['a', 'root' as Role]]) };
    for (const needed of ROLES) expect(allows(odd, 'a', needed)).toBe(false);
    expect(() => principalFromClaims({ sub: 'x', contexts: ['a'], roles: { a: 'root' } })).toThrow(/malformed/);
    expect(principalFromAuthorizerContext({ principal: '{"subject":"x","roles":{"a":"root"}}' })).toBeUndefined();
  });

  it('groups grant only <context>:<role> with a real role; nothing comes from prototype names', () => {
    const principal = principalFromClaims({
      sub: 'g',
      groups: ['shop:writer', 'constructor:toString', 'x:constructor', 'a:admin:extra', '__proto__'],
      'cognito:groups': ['billing:reader'],
    });
    expect(principal.roles).toEqual(
      new Map([
        ['shop', 'writer'],
        ['billing', 'reader'],
      ]),
    );
  });

  it('a listed context whose role the `roles` claim does not own is reader, not what the prototype says', () => {
    const principal = principalFromClaims(JSON.parse('{"sub":"p","contexts":["constructor","__proto__"],"roles":{}}'));
    expect(principal.roles).toEqual(
      new Map([
        ['constructor', 'reader'],
        ['__proto__', 'reader'],
      ]),
    );
    expect(allows(principal, 'constructor', 'writer')).toBe(false);
  });
});
