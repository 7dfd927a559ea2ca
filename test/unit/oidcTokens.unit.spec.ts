import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hs256Verifier, mintToken } from '#adapters/auth/hs256Tokens';
import { oidcVerifier } from '#adapters/auth/oidcTokens';
import { tokenVerifier } from '#adapters/auth/tokenVerifier';

/** A real OIDC issuer on localhost: a discovery document and a JWKS, served over HTTP. */
let server: Server;
let issuer = '';
let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let jwksRequests = 0;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  server = createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    if (request.url === '/.well-known/openid-configuration') {
      response.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks.json` }));
    } else if (request.url === '/jwks.json') {
      jwksRequests++;
      response.end(JSON.stringify({ keys: [jwk] }));
    } else {
      response.statusCode = 404;
      response.end('{}');
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((done) => server.close(done)));

const idToken = (claims: Record<string, unknown>, options: { aud?: string; iss?: string; exp?: string } = {}) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setSubject('user-1')
    .setIssuer(options.iss ?? issuer)
    .setAudience(options.aud ?? 'cairn-app')
    .setIssuedAt()
    .setExpirationTime(options.exp ?? '5m')
    .sign(privateKey);

describe('OIDC tokens (jose, discovery + JWKS)', () => {
  it('accepts a token of the issuer for the audience, with grants from claims or from <context>:<role> groups', async () => {
    const verify = oidcVerifier({ issuer, audience: 'cairn-app' });
    await expect(verify(await idToken({ contexts: ['shop'], roles: { shop: 'writer' } }))).resolves.toEqual({
      subject: 'user-1',
      roles: new Map([['shop', 'writer']]),
      expiresAt: expect.any(Number),
    });
    await expect(
      verify(await idToken({ 'cognito:groups': ['shop:reader', 'shop:admin', 'billing:writer', 'staff'] })),
    ).resolves.toMatchObject({
      subject: 'user-1',
      roles: new Map([
        ['shop', 'admin'],
        ['billing', 'writer'],
      ]),
    });
    expect(jwksRequests).toBe(1); // the key set is fetched once and cached
  });

  it('refuses another audience or issuer, an expired token, a token granting nothing, and HS256 posing as OIDC', async () => {
    const verify = oidcVerifier({ issuer, audience: 'cairn-app' });
    const refused = [
      await idToken({ contexts: ['shop'] }, { aud: 'other-app' }),
      await idToken({ contexts: ['shop'] }, { iss: 'https://evil.example' }),
      await idToken({ contexts: ['shop'] }, { exp: '-1m' }),
      await idToken({ groups: ['no-role-here'] }),
      // The same time rules as Cairn's own tokens: a lifetime past 24 h, an iat a year ahead, no exp.
      await idToken({ contexts: ['shop'] }, { exp: '2d' }),
      await new SignJWT({ contexts: ['shop'], iat: Math.floor(Date.now() / 1000) + 365 * 86400 })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject('user-1')
        .setIssuer(issuer)
        .setAudience('cairn-app')
        .setExpirationTime('1y')
        .sign(privateKey),
      await new SignJWT({ contexts: ['shop'] })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject('user-1')
        .setIssuer(issuer)
        .setAudience('cairn-app')
        .sign(privateKey),
      await mintToken(new TextEncoder().encode('k'.repeat(64)), { subject: 'eve', roles: { shop: 'admin' } }),
    ];
    for (const token of refused) await expect(verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('lets one deployment accept both its own HS256 tokens and the issuer’s, each checked by its own verifier', async () => {
    const secret = new TextEncoder().encode('z'.repeat(64));
    const verify = tokenVerifier({
      hs256: hs256Verifier(secret),
      oidc: oidcVerifier({ issuer, audience: 'cairn-app' }),
    });
    await expect(verify(await mintToken(secret, { subject: 'cli', roles: { shop: 'admin' } }))).resolves.toMatchObject({
      subject: 'cli',
    });
    await expect(verify(await idToken({ contexts: ['shop'] }))).resolves.toMatchObject({ subject: 'user-1' });
    await expect(
      tokenVerifier({ hs256: hs256Verifier(secret) })(await idToken({ contexts: ['shop'] })),
    ).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    await expect(verify('not-a-jwt')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
