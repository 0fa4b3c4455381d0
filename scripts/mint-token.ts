/**
 * `npm run token -- --role <role> [scope] [--sub <id>] [--expires <duration>]`: prints a bearer
 * token the API accepts, signed with AUTH_JWT_SECRET (the development default when unset), for
 * local use with curl or an HTTP client. Examples:
 *
 *   npm run token -- --role structure --siret 21971120100018
 *   npm run token -- --role prefecture --department 971
 *   npm run token -- --role training_org --training-org OF-PARIS-1
 *   npm run token -- --role anct --expires 1h
 */
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { mintAccessToken } from '../api/mint-access-token';
import type { AccessTokenClaims } from '../api/verify-access-token';
import { loadConfig } from '../config/config';

const USAGE = `usage: npm run token -- --role <structure|prefecture|training_org|anct|bdt|auditor> [options]
  --siret <14 digits>       scope of a structure (required for --role structure)
  --department <code>       scope of a prefecture (required for --role prefecture)
  --training-org <id>       scope of a training organisation (required for --role training_org)
  --sub <id>                subject (default: local-<role>)
  --expires <duration>      lifetime, e.g. 30m, 12h, 7d (default: 12h)
Signed with AUTH_JWT_SECRET (HS256).`;

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        role: { type: 'string' },
        siret: { type: 'string' },
        department: { type: 'string' },
        'training-org': { type: 'string' },
        sub: { type: 'string' },
        expires: { type: 'string', default: '12h' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help || !values.role) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  if (!/^\d+[smhdw]$/.test(values.expires)) {
    process.stderr.write(`--expires: a number and a unit (s, m, h, d, w), got ${JSON.stringify(values.expires)}\n`);
    return 2;
  }
  const claims = {
    sub: values.sub ?? `local-${values.role}`,
    role: values.role,
    ...(values.siret !== undefined ? { siret: values.siret } : {}),
    ...(values.department !== undefined ? { department: values.department } : {}),
    ...(values['training-org'] !== undefined ? { trainingOrgId: values['training-org'] } : {}),
  } as AccessTokenClaims;
  try {
    const { AUTH_JWT_SECRET } = loadConfig();
    process.stdout.write(`${await mintAccessToken(AUTH_JWT_SECRET, claims, { expiresIn: values.expires })}\n`);
    return 0;
  } catch (error) {
    const message =
      error instanceof ZodError
        ? error.issues.map((i) => `  ${i.path.join('.') || 'role'}: ${i.message}`).join('\n')
        : (error as Error).message;
    process.stderr.write(`cannot mint a token:\n${message}\n${USAGE}\n`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
