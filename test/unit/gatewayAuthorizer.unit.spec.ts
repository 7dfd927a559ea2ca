import type { APIGatewayProxyEvent, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { hs256Verifier, mintToken } from '#adapters/auth/hs256Tokens';
import { tokenVerifier } from '#adapters/auth/tokenVerifier';
import { createGatewayAuthorizer } from '#handlers/gatewayAuthorizer';
import { authorize, gatewayAuthenticator } from '#http/authorize';
import { errorResponse } from '#http/responses';

const secret = new TextEncoder().encode('s'.repeat(64));
const verify = tokenVerifier({ hs256: hs256Verifier(secret) });
const faults: unknown[] = [];
const authorizer = createGatewayAuthorizer(
  async () => verify,
  (error) => faults.push(error),
);
const methodArn = 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST/v1/shop/commands';
const restEvent = (authorizationToken: string) => ({ type: 'TOKEN' as const, authorizationToken, methodArn });

/** What API Gateway hands the function behind the authorizer: the authorizer's context. */
const behindGateway = (context: Record<string, string>) =>
  ({ requestContext: { authorizer: context } }) as unknown as APIGatewayProxyEvent;

describe('the API Gateway Lambda authorizer', () => {
  it('allows a valid token on the whole stage (so the cached answer serves every route) and passes the grants on', async () => {
    const token = await mintToken(secret, { subject: 'ana', roles: { shop: 'writer' } });
    const result = await authorizer(restEvent(`Bearer ${token}`));
    expect(result.principalId).toBe('ana');
    expect(result.policyDocument.Statement).toEqual([
      {
        Action: 'execute-api:Invoke',
        Effect: 'Allow',
        Resource: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*',
      },
    ]);
    // The handler behind it reads the principal, and checks the role per context itself.
    const event = behindGateway(result.context as Record<string, string>);
    await expect(authorize(event, gatewayAuthenticator, 'shop', 'writer')).resolves.toMatchObject({ subject: 'ana' });
    await expect(authorize(event, gatewayAuthenticator, 'shop', 'admin')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(authorize(event, gatewayAuthenticator, 'billing', 'reader')).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('answers Unauthorized (API Gateway: 401) for a missing, malformed, forged or expired token, as no fault', async () => {
    const expired = await mintToken(secret, { subject: 'ana', roles: { shop: 'admin' }, ttlSeconds: -10 });
    const forged = await mintToken(new TextEncoder().encode('x'.repeat(64)), {
      subject: 'eve',
      roles: { shop: 'admin' },
    });
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"eve","contexts":["shop"]}').toString('base64url')}.`;
    const hs512 = await new SignJWT({ contexts: ['shop'] })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject('eve')
      .sign(secret);
    for (const header of [
      '',
      'Bearer',
      'Basic abc',
      `Bearer ${expired}`,
      `Bearer ${forged}`,
      `Bearer ${unsigned}`,
      `Bearer ${hs512}`,
    ]) {
      await expect(authorizer(restEvent(header))).rejects.toThrow(/^Unauthorized$/);
    }
    expect(faults).toEqual([]);
  });

  it('reports a fault (the secret unreadable) and still refuses', async () => {
    const broken = createGatewayAuthorizer(
      async () => {
        throw new Error('AccessDenied: secretsmanager:GetSecretValue');
      },
      (error) => faults.push(error),
    );
    await expect(broken(restEvent('Bearer abc.def.ghi'))).rejects.toThrow(/^Unauthorized$/);
    expect(faults).toHaveLength(1);
    faults.length = 0;
  });

  it('authorizes a WebSocket $connect from the Sec-WebSocket-Protocol token, on that route only', async () => {
    const token = await mintToken(secret, { subject: 'bo', roles: { default: 'reader' } });
    const connectArn = 'arn:aws:execute-api:eu-west-1:123456789012:ws123/prod/$connect';
    const event = {
      type: 'REQUEST',
      methodArn: connectArn,
      headers: { 'Sec-WebSocket-Protocol': `cairn, ${token}` },
      queryStringParameters: { context: 'default' },
      requestContext: { routeKey: '$connect', connectionId: 'c1' },
    } as unknown as APIGatewayRequestAuthorizerEvent;
    const result = await authorizer(event);
    expect(result.policyDocument.Statement).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: connectArn },
    ]);
    expect(JSON.parse(String(result.context?.principal))).toEqual({
      subject: 'bo',
      roles: { default: 'reader' },
      expiresAt: expect.any(Number),
    });
    const without = { ...event, headers: { 'Sec-WebSocket-Protocol': 'cairn' } } as APIGatewayRequestAuthorizerEvent;
    await expect(authorizer(without)).rejects.toThrow(/^Unauthorized$/);
  });

  it('refuses a token that expired while the authorizer answer was cached: 401 with the invalid_token challenge', async () => {
    /** The answer the handler gives for a refusal. */
    const answerTo = (refusal: Promise<unknown>) =>
      refusal.then(
        () => expect.unreachable('refused'),
        (error: unknown) => errorResponse(error, () => {}),
      );
    const late = { subject: 'ana', roles: { shop: 'reader' }, expiresAt: Math.floor(Date.now() / 1000) - 1 };
    const event = behindGateway({ principal: JSON.stringify(late) });
    const refused = await answerTo(authorize(event, gatewayAuthenticator, 'shop', 'reader'));
    expect([refused.statusCode, refused.headers?.['www-authenticate']]).toEqual([
      401,
      'Bearer realm="cairn", error="invalid_token"',
    ]);
    const bare = await answerTo(authorize({ requestContext: {} } as never, gatewayAuthenticator, 'shop', 'reader'));
    expect(bare.headers?.['www-authenticate']).toBe('Bearer realm="cairn"');
  });

  it('refuses a request that reached a handler without the authorizer (a wiring mistake), never allows it', async () => {
    const bare = { requestContext: {} } as unknown as APIGatewayProxyEvent;
    await expect(authorize(bare, gatewayAuthenticator, 'shop', 'reader')).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    await expect(
      authorize(
        behindGateway({ principal: '{"subject":"x","roles":{"shop":"root"}}' }),
        gatewayAuthenticator,
        'shop',
        'reader',
      ),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
