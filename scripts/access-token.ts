/**
 * `npm run token -- --role <role> [scope] [--sub <client id>] [--expires <duration>]`: prints an
 * access token for the API, from the authorization server by the client-credentials grant, so that
 * curl and scripts go through the same verification as programs in production. Examples:
 *
 *   npm run token -- --role structure --siret 21971120100018
 *   npm run token -- --role prefecture --department 971
 *   npm run token -- --role training_org --training-org OF-PARIS-1
 *   npm run token -- --role anct --expires 1h
 *
 * On the local provider of a running `npm start`, it registers the client (`--sub`, default
 * `dev-<role>-<scope>`) and gives it the habilitation of `--role` in the product's database when
 * they are missing. With API_TOKEN_ISSUER set, it asks that server for a token for the existing
 * client `--sub`, whose secret it reads from TOKEN_CLIENT_SECRET; the role is then the client's
 * habilitation in the product, granted by ANCT. The last line printed is the token alone.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { clientIdSchema, describeRoleScope, roleScopeSchema, type RoleScope, scopeKey } from '../auth/habilitations/habilitation';
import { createHabilitationStore, habilitationId } from '../auth/habilitations/habilitation-store';
import { readNpmStartState } from '../auth/local-provider/npm-start-state';
import { readRegistrationToken } from '../auth/local-provider/local-provider-secrets';
import { programClientMetadata, registerLocalClient } from '../auth/local-provider/register-local-client';
import { requestProgramAccessToken } from '../auth/program-access-token';
import { ConfigError, loadConfig } from '../config/config';
import { toolPaths } from '../runtime/tool-paths';

const USAGE = `usage: npm run token -- --role <structure|prefecture|training_org|anct|bdt|auditor> [options]
  --siret <14 digits>       scope of a structure (required for --role structure)
  --department <code>       scope of a prefecture (required for --role prefecture)
  --training-org <id>       scope of a training organisation (required for --role training_org)
  --sub <client id>         the program's OAuth client id (default: dev-<role>[-<scope>])
  --expires <duration>      lifetime, e.g. 30m, 12h, 7d; negative (--expires=-1h) for a token already expired
                            (default: 12h; local provider only)
With API_TOKEN_ISSUER set: --sub and TOKEN_CLIENT_SECRET name an existing client of that server.`;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}

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
    return fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    return 0;
  }
  const duration = /^(-?\d+)([smhdw])$/.exec(values.expires);
  if (!duration) return fail(`--expires: a number and a unit (s, m, h, d, w), got ${JSON.stringify(values.expires)}`);
  const lifetimeSeconds = Number(duration[1]) * UNIT_SECONDS[duration[2]!]!;

  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message);
    throw error;
  }

  if (config.API_TOKEN_ISSUER) {
    const secret = process.env.TOKEN_CLIENT_SECRET;
    if (!values.sub || !secret) return fail(`API_TOKEN_ISSUER is set: give the client with --sub and its secret in TOKEN_CLIENT_SECRET\n${USAGE}`);
    const token = await requestProgramAccessToken({ issuer: config.API_TOKEN_ISSUER, clientId: values.sub, clientSecret: secret, resource: config.API_AUDIENCE });
    process.stdout.write(`${token}\n`);
    return 0;
  }

  if (!values.role) return fail(USAGE);
  const scope = roleScopeSchema.safeParse({ role: values.role, siret: values.siret, department: values.department, trainingOrgId: values['training-org'] });
  if (!scope.success) {
    return fail(`cannot make a token:\n${scope.error.issues.map((i) => `  ${i.path.join('.') || 'role'}: ${i.message}`).join('\n')}\n${USAGE}`);
  }
  const clientId = clientIdSchema.safeParse(values.sub ?? `dev-${scopeKey(scope.data).replace(':', '-')}`);
  if (!clientId.success) return fail(`--sub: ${clientId.error.issues[0]?.message}`);

  const state = readNpmStartState(path.join(toolPaths.repoRoot, 'data'));
  if (!state?.localProviderDataDir) {
    return fail('no local provider is running: start the product first (npm start, without API_TOKEN_ISSUER), then run this again');
  }
  await ensureHabilitation(state.mongodbUri, clientId.data, scope.data);
  const registrationToken = readRegistrationToken(state.localProviderDataDir);
  const client = await registerLocalClient(state.apiTokenIssuer, registrationToken, programClientMetadata(clientId.data, lifetimeSeconds));
  const token = await requestProgramAccessToken({ issuer: state.apiTokenIssuer, clientId: client.clientId, clientSecret: client.clientSecret, resource: state.apiAudience });
  process.stderr.write(`client ${client.clientId} at ${state.apiTokenIssuer}, acting as ${describeRoleScope(scope.data)}, for ${state.apiUrl}\n`);
  process.stdout.write(`${token}\n`);
  return 0;
}

/** The client's habilitation, granted unless it ever held it: a revocation is kept, and said. */
async function ensureHabilitation(mongoUri: string, clientId: string, scope: RoleScope): Promise<void> {
  const connection = await mongoose.createConnection(mongoUri, { serverSelectionTimeoutMS: 5_000 }).asPromise();
  try {
    const habilitations = createHabilitationStore(connection);
    const principal = { kind: 'program' as const, clientId };
    await habilitations.grantUnlessEverHeld(principal, scope, { id: 'npm run token', role: null, via: 'local-development' });
    const held = await habilitations.find(habilitationId(principal, scope));
    if (!held?.active) process.stderr.write(`note: this habilitation of ${clientId} was revoked; the API will answer 403 until ANCT grants it again\n`);
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`cannot get a token: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
