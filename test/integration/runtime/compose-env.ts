/** A service as docker-compose.yml describes it, reduced to what the checks read. */
export interface ComposeService {
  environment?: Record<string, unknown> | string[];
  env_file?: unknown;
}

/** Names of the variables a service receives: `environment` as a map or as a `KEY=value` list. */
export function environmentNames(service: ComposeService): string[] {
  const env = service.environment;
  if (!env) return [];
  if (Array.isArray(env)) return env.map((entry) => String(entry).split('=')[0]!.trim());
  return Object.keys(env);
}

/**
 * Problems with the variables a service receives: each one `known` does not list, and any
 * `env_file` (its content could pass anything, unchecked).
 */
export function unknownVariables(service: ComposeService, known: readonly string[]): string[] {
  const problems = environmentNames(service).filter((name) => !known.includes(name));
  if (service.env_file !== undefined) problems.push('env_file (not checkable)');
  return problems;
}
