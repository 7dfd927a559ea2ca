import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { mintToken } from '#adapters/auth/hs256Tokens';
import { TokenKeeper, tokenExpiry } from '../../web/tokenKeeper';

const secret = new TextEncoder().encode('token-keeper-secret-of-enough-length-0123456789');
const NOW = Date.parse('2026-11-22T10:00:00.000Z');
/** An unsigned JWT with these claims (the client reads, never verifies). */
const jwt = (claims: unknown) =>
  `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.signature`;

describe('the browser client reads its token expiry', () => {
  it('from the base64url JSON payload, whatever else the token holds', async () => {
    const minted = await mintToken(secret, { subject: 'ann', roles: { default: 'reader' }, ttlSeconds: 600 });
    expect(tokenExpiry(minted)).toBe(decodeJwt(minted).exp);
    expect(tokenExpiry(jwt({ exp: 1_800_000_000, name: 'Zoë ✓', pad: '?>' }))).toBe(1_800_000_000);
    for (const bad of ['', 'abc', 'a.b.c', jwt({ exp: '1800000000' }), jwt(null), 'a.%%%.c']) {
      expect(tokenExpiry(bad)).toBeUndefined();
    }
  });

  it('renews a minute before expiry, a short token at half its remaining life, an expired one at once, a fixed one never', async () => {
    const exp = (ms: number) => jwt({ exp: (NOW + ms) / 1000 });
    const keeper = (token: string) => {
      const renewable = new TokenKeeper(async () => token, 60_000);
      return renewable.refresh().then(() => renewable);
    };
    expect((await keeper(exp(3600_000))).renewalDelay(NOW)).toBe(3540_000);
    expect((await keeper(exp(4_000))).renewalDelay(NOW)).toBe(2_000);
    expect((await keeper(exp(500))).renewalDelay(NOW)).toBe(250);
    expect((await keeper(exp(-1000))).renewalDelay(NOW)).toBe(0);
    expect((await keeper(jwt({ sub: 'no-exp' }))).renewalDelay(NOW)).toBeUndefined();
    expect(new TokenKeeper(exp(3600_000), 60_000).renewalDelay(NOW)).toBeUndefined();
  });

  it('connects with a fresh token when asked, or when the one it holds is about to expire', async () => {
    let issued = 0;
    const keeper = new TokenKeeper(async () => jwt({ exp: Math.floor(Date.now() / 1000) + 3600, n: ++issued }), 60_000);
    const first = await keeper.forConnect(false);
    expect(await keeper.forConnect(false)).toBe(first);
    expect(await keeper.forConnect(true)).not.toBe(first);
    expect(issued).toBe(2);
    const fixed = new TokenKeeper('fixed', 60_000);
    expect(await fixed.forConnect(true)).toBe('fixed');
  });
});
