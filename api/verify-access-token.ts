import { errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import type { Actor } from '../domain/lifecycle/actor';
import { departmentCodeSchema } from '../domain/identity/department';
import { siretSchema } from '../domain/identity/siret';

/**
 * The one module that turns a bearer token into an `Actor`. Today: an HS256 JWT signed with
 * `AUTH_JWT_SECRET`. Tomorrow an OIDC provider (ProConnect) can replace it: write another
 * `AccessTokenVerifier` (JWKS, issuer, audience, mapping of its claims to a role and a scope) and
 * pass it to `createApp`; nothing else reads tokens.
 */
export interface AccessTokenVerifier {
  /** The actor the token speaks for; throws `AccessTokenError` when the token cannot be trusted. */
  verify(token: string): Promise<Actor>;
}

export type AccessTokenProblem = 'invalid' | 'expired' | 'claims';

export class AccessTokenError extends Error {
  override name = 'AccessTokenError';
  constructor(
    readonly problem: AccessTokenProblem,
    message: string,
  ) {
    super(message);
  }
}

const sub = z.string().trim().min(1).max(200);
const trainingOrgId = z.string().trim().min(1).max(100);

/**
 * The claims a token must carry: `sub`, `role` (a staff role: never `system`, which only the
 * workflow's timers use), and the scope claim of the role. Other claims (`iat`, `exp`, `iss`…) pass.
 */
export const accessTokenClaimsSchema = z.discriminatedUnion('role', [
  z.object({ sub, role: z.literal('structure'), siret: siretSchema }),
  z.object({ sub, role: z.literal('prefecture'), department: departmentCodeSchema }),
  z.object({ sub, role: z.literal('training_org'), trainingOrgId }),
  z.object({ sub, role: z.enum(['anct', 'bdt', 'auditor']) }),
]);
export type AccessTokenClaims = z.infer<typeof accessTokenClaimsSchema>;

export function actorOfClaims(claims: AccessTokenClaims): Actor {
  switch (claims.role) {
    case 'structure':
      return { id: claims.sub, role: 'structure', siret: claims.siret };
    case 'prefecture':
      return { id: claims.sub, role: 'prefecture', department: claims.department };
    case 'training_org':
      return { id: claims.sub, role: 'training_org', trainingOrgId: claims.trainingOrgId };
    default:
      return { id: claims.sub, role: claims.role };
  }
}

export const JWT_ALGORITHM = 'HS256';
/** Small clock differences between the machine that signs and this one. */
const CLOCK_TOLERANCE_S = 30;

export function hs256Key(secret: string): Uint8Array {
  if (secret.length < 32) throw new Error('AUTH_JWT_SECRET must be at least 32 characters');
  return new TextEncoder().encode(secret);
}

export function createHs256AccessTokenVerifier(secret: string): AccessTokenVerifier {
  const key = hs256Key(secret);
  return {
    async verify(token) {
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, key, {
          algorithms: [JWT_ALGORITHM],
          requiredClaims: ['sub', 'exp'],
          clockTolerance: CLOCK_TOLERANCE_S,
        }));
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) throw new AccessTokenError('expired', 'Le jeton a expiré.');
        throw new AccessTokenError('invalid', 'Le jeton n’est pas valide (signature, algorithme, format ou dates).');
      }
      const claims = accessTokenClaimsSchema.safeParse(payload);
      if (!claims.success) {
        const fields = [...new Set(claims.error.issues.map((i) => i.path.join('.') || 'role'))].join(', ');
        throw new AccessTokenError('claims', `Le jeton ne porte pas de rôle et de périmètre valides (${fields}).`);
      }
      return actorOfClaims(claims.data);
    },
  };
}
