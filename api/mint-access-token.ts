import { SignJWT } from 'jose';
import { type AccessTokenClaims, accessTokenClaimsSchema, hs256Key, JWT_ALGORITHM } from './verify-access-token';

/**
 * Signs a token the API accepts, for local use (`npm run token`), the tests and the benchmark.
 * The claims are checked with the verifier's own schema, so a token that would be refused is
 * never printed.
 */
export async function mintAccessToken(
  secret: string,
  claims: AccessTokenClaims,
  options: { expiresIn?: string | number } = {},
): Promise<string> {
  const { sub, ...rest } = accessTokenClaimsSchema.parse(claims);
  return new SignJWT(rest)
    .setProtectedHeader({ alg: JWT_ALGORITHM, typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h')
    .sign(hs256Key(secret));
}
