import fs from 'node:fs';
import { z } from 'zod';
import { isLoopbackUrl } from '../auth/loopback-url';
import { professionalEmailSchema } from '../auth/habilitations/habilitation';

const httpUrl = z
  .string()
  .trim()
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), 'an http(s):// URL')
  .refine((value) => new URL(value).protocol === 'https:' || isLoopbackUrl(value), 'https://, or http:// on loopback only')
  .transform((value) => value.replace(/\/$/, ''));

const smtpUrl = z
  .string()
  .trim()
  .refine((value) => URL.canParse(value) && /^smtps?:$/.test(new URL(value).protocol) && new URL(value).hostname !== '', 'an smtp:// or smtps:// URL, for example smtps://user:password@smtp.example.fr:465')
  .refine((value) => !URL.canParse(value) || [...new URL(value).searchParams.keys()].every((key) => key === 'requireTLS'), 'no query parameter but requireTLS=false');

/** Variables whose value a configuration error must not print: they hold credentials. */
const SECRET_VARIABLES = new Set(['SMTP_URL', 'OIDC_CLIENT_SECRET']);

/**
 * Every environment variable the product reads, in one schema. `loadConfig()` is called once at
 * start by `worker.ts` and `server.ts`; a bad value stops the process with a message that names
 * the variable, before anything connects.
 */
export const configSchema = z.object({
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^:\s]+:\d{1,5}$/, 'host:port, for example 127.0.0.1:7233')
    .default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('post-lifecycle'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\/\S+$/, 'a mongodb:// or mongodb+srv:// connection string')
    .default('mongodb://127.0.0.1:27017/cnum'),
  // Posts sleep for months between events: a bounded cache keeps the worker's memory flat, and an
  // evicted post replays its short history when its next timer or update arrives.
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(500),
  // The workflow bundle the worker loads, built for this deployment by `npm run build:workflows`
  // (docs/worker-memory.md). Unset, the worker loads build/post-workflows.bundle.js when it is
  // current, else bundles the workflows itself at start.
  WORKFLOW_BUNDLE_PATH: z
    .string()
    .trim()
    .refine((value) => value.endsWith('.js'), 'the .js file `npm run build:workflows` writes')
    .refine((value) => fs.existsSync(value) && fs.statSync(value).isFile(), 'an existing file, built by `npm run build:workflows`')
    .optional(),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Where people reach the API: the sign-in callback is PUBLIC_URL/auth/callback, and cookies are
  // Secure unless it is a loopback address.
  PUBLIC_URL: httpUrl.default('http://127.0.0.1:3000'),
  // People sign in with OpenID Connect: ProConnect in production. Unset, `npm start` starts the
  // local provider and sets these three.
  OIDC_ISSUER: httpUrl.optional(),
  OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  // Programs call the API with access tokens from this OAuth 2 authorization server (client
  // credentials), issued for API_AUDIENCE. Unset, `npm start` uses the local provider.
  API_TOKEN_ISSUER: httpUrl.optional(),
  API_AUDIENCE: z.string().trim().min(1).default('urn:cnum-orchestrator:api'),
  // The first ANCT administrators, habilitated at start unless they ever held (and lost) it.
  BOOTSTRAP_ANCT_EMAILS: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const emails = value.split(',').map((e) => e.trim()).filter(Boolean);
      const parsed = emails.map((email) => professionalEmailSchema.safeParse(email));
      const bad = emails.filter((_, i) => !parsed[i]!.success);
      if (bad.length > 0) ctx.addIssue({ code: 'custom', message: `comma-separated emails; not an email: ${bad.join(', ')}` });
      return parsed.flatMap((p) => (p.success ? [p.data] : []));
    }),
  SESSION_TTL_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(480),
  // The SMTP server the worker sends the notifications through (issue 11): smtps:// (TLS) or
  // smtp:// (STARTTLS, required off loopback unless ?requireTLS=false), credentials in the URL.
  // Unset, `npm start` starts a local Mailpit and sets it.
  SMTP_URL: smtpUrl.optional(),
  MAIL_FROM: z
    .string()
    .trim()
    .default('Conseiller numérique France Services <ne-pas-repondre@conseiller-numerique.gouv.fr>')
    .refine((value) => /^(?:[^<>]*<[^\s@<>]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}>|[^\s@<>]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})$/.test(value), 'a sender address, "Name <box@domain.fr>" or box@domain.fr'),
});

export type Config = z.infer<typeof configSchema>;

/** Names of the variables the product reads: docker-compose and the README are checked against it. */
export const configVariables = Object.keys(configSchema.shape) as (keyof Config)[];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** What the API needs to sign people in and accept programs' tokens; `npm start` sets it locally. */
export type SignInConfig = Config & Required<Pick<Config, 'OIDC_ISSUER' | 'OIDC_CLIENT_ID' | 'OIDC_CLIENT_SECRET' | 'API_TOKEN_ISSUER'>>;

/** What the worker needs to send the notifications by email; `npm start` sets it locally. */
export type MailConfig = Config & Required<Pick<Config, 'SMTP_URL'>>;

/** Stops the worker, naming the variable, when no SMTP server is configured. */
export function requireMailConfig(config: Config): MailConfig {
  if (!config.SMTP_URL) {
    throw new ConfigError(
      'Invalid configuration:\n  SMTP_URL: required by the worker, which sends the notifications by email (npm start sets it to a local Mailpit; your SMTP server in production)',
    );
  }
  return config as MailConfig;
}

/** Stops the API, naming each missing variable, when sign-in is not configured. */
export function requireSignInConfig(config: Config): SignInConfig {
  const missing = (['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'API_TOKEN_ISSUER'] as const).filter((name) => !config[name]);
  if (missing.length > 0) {
    throw new ConfigError(
      `Invalid configuration:\n${missing.map((name) => `  ${name}: required by the API (npm start sets it to the local OpenID Connect provider; ProConnect and your authorization server in production)`).join('\n')}`,
    );
  }
  return config as SignInConfig;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const variable = String(issue.path[0]);
    const got = SECRET_VARIABLES.has(variable) ? 'value not shown: it holds credentials' : `got ${JSON.stringify(env[variable])}`;
    return `  ${variable}: ${issue.message} (${got})`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}
