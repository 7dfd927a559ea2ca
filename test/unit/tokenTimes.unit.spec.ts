import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { hs256Verifier, mintToken } from '#adapters/auth/hs256Tokens';
import { DEFAULT_TOKEN_RULES } from '#adapters/auth/tokenTimes';
import { tokenRulesFromEnv } from '#runtime/tokenRulesFromEnv';

const secret = new TextEncoder().encode('t'.repeat(64));
const verify = hs256Verifier(secret);
const now = () => Math.floor(Date.now() / 1000);

/** A token with exactly these time claims (none set unless given). */
const signed = (times: { iat?: number; nbf?: number; exp?: number }) =>
  new SignJWT({ contexts: ['shop'], ...times }).setProtectedHeader({ alg: 'HS256' }).setSubject('t').sign(secret);

const refused = async (token: string, message: RegExp) =>
  expect(verify(token)).rejects.toMatchObject({
    code: 'UNAUTHENTICATED',
    status: 401,
    message: expect.stringMatching(message),
  });

describe('token time rules (HS256; OIDC tokens pass the same checks)', () => {
  it('refuses a token without exp: it would never expire', async () => {
    await refused(await signed({}), /no expiry/);
    await refused(await signed({ iat: now() }), /no expiry/);
  });

  it('refuses iat or nbf ahead of the clock by more than the skew, accepts them within it', async () => {
    const yearAhead = now() + 365 * 24 * 3600;
    await refused(await signed({ iat: yearAhead, exp: yearAhead + 3600 }), /future/);
    await refused(await signed({ nbf: now() + 3600, exp: now() + 7200 }), /not valid/);
    await expect(verify(await signed({ iat: now() + 30, exp: now() + 3600 }))).resolves.toMatchObject({ subject: 't' });
    await expect(verify(await signed({ nbf: now() + 30, exp: now() + 3600 }))).resolves.toMatchObject({ subject: 't' });
  });

  it('refuses an expired token at once, without the skew', async () => {
    await refused(await signed({ iat: now() - 100, exp: now() - 1 }), /expired/);
    await refused(await mintToken(secret, { subject: 'a', roles: { shop: 'admin' }, ttlSeconds: -5 }), /expired/);
  });

  it('caps the lifetime: 24 h by default, from iat or from now without one', async () => {
    await expect(verify(await signed({ iat: now(), exp: now() + 24 * 3600 }))).resolves.toMatchObject({
      expiresAt: now() + 24 * 3600,
    });
    await refused(await signed({ iat: now(), exp: now() + 25 * 3600 }), /longer than/);
    await refused(await signed({ exp: now() + 30 * 24 * 3600 }), /longer than/);
    await refused(await signed({ iat: now() - 3600, exp: now() + 24 * 3600 }), /longer than/);
  });

  it('takes the cap from CAIRN_TOKEN_MAX_LIFETIME, and refuses a bad value at start', async () => {
    const rules = tokenRulesFromEnv({ CAIRN_TOKEN_MAX_LIFETIME: '600' });
    expect(rules).toEqual({ ...DEFAULT_TOKEN_RULES, maxLifetimeSeconds: 600 });
    const short = hs256Verifier(secret, rules);
    await expect(short(await signed({ iat: now(), exp: now() + 600 }))).resolves.toMatchObject({ subject: 't' });
    await expect(short(await signed({ iat: now(), exp: now() + 3600 }))).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(tokenRulesFromEnv({})).toEqual(DEFAULT_TOKEN_RULES);
    for (const bad of ['abc', '10', '-5', '1e9']) {
      expect(() => tokenRulesFromEnv({ CAIRN_TOKEN_MAX_LIFETIME: bad })).toThrow(/CAIRN_TOKEN_MAX_LIFETIME/);
    }
  });
});
