import { decodeProtectedHeader } from 'jose';
import type { TokenVerifier } from '#application/access';
import { UnauthenticatedError } from '#core/errors';

/**
 * One verifier for both kinds of token a deployment accepts: HS256 (Cairn's own, signed with the
 * shared secret) and, when configured, an OIDC issuer's (asymmetric). The header's `alg` only
 * picks which verifier to ask; each verifier allows its own algorithms alone.
 */
export const tokenVerifier =
  (verifiers: { hs256?: TokenVerifier; oidc?: TokenVerifier }): TokenVerifier =>
  async (token) => {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new UnauthenticatedError('The token is not a JWT');
    }
    const verify = alg === 'HS256' ? verifiers.hs256 : verifiers.oidc;
    if (!verify) throw new UnauthenticatedError(`Tokens signed with ${alg ?? 'no algorithm'} are not accepted here`);
    return verify(token);
  };
