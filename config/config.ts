import { z } from 'zod';

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
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  AUTH_JWT_SECRET: z
    .string()
    .min(32, 'at least 32 characters (HS256 shared secret)')
    .default('local-development-secret-change-me-0123456789'),
});

export type Config = z.infer<typeof configSchema>;

/** Names of the variables the product reads: docker-compose and the README are checked against it. */
export const configVariables = Object.keys(configSchema.shape) as (keyof Config)[];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const variable = String(issue.path[0]);
    return `  ${variable}: ${issue.message} (got ${JSON.stringify(env[variable])})`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}
