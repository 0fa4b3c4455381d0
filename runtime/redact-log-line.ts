/**
 * The last step of every log line before it is written: no credential may reach a log file, where
 * anyone who can read the logs could replay it. Three rules, applied to the whole record (the
 * request logger's bindings, nested objects, serialized errors and the message alike):
 * - a field whose name says it holds a credential (authorization, cookies, tokens, secrets,
 *   passwords, API keys, the caller's idempotency key) keeps its name, not its value;
 * - a string that carries a credential anyway (`Bearer …`, a JWT, `user:password@` in a URI, a
 *   token, an OAuth code or the sign-in's `state` and `nonce` in a query string, the session
 *   cookie) keeps its text around the credential, and so does a parsed query string (the request
 *   logger's `query`);
 * - the values of the process's own secrets (OIDC_CLIENT_SECRET…), wherever they appear.
 */
export const REDACTED = '[redacted]';

const SECRET_FIELD = /^(authorization|proxy-authorization|cookies?|set-cookie|idempotency-key)$|token|secret|passw(or)?d|api[-_]?key|credential/i;

/**
 * OAuth and OpenID Connect parameters that let whoever holds them finish or replay a sign-in
 * (`code`, `state` and `nonce` of `/auth/callback` and of the provider's authorization URL), or
 * that are credentials themselves.
 */
const SECRET_PARAMETERS = [
  'access_token', 'id_token', 'refresh_token', 'token', 'id_token_hint', 'logout_token', 'code', 'code_verifier',
  'state', 'nonce', 'client_secret', 'client_assertion', 'registration_access_token', 'password',
];

const SECRET_PARAMETER = new RegExp(`^(${SECRET_PARAMETERS.join('|')})$`, 'i');

/** The cookies that carry a session or a sign-in attempt (`api/authenticate.ts`, `api/auth.router.ts`). */
const SECRET_COOKIES = ['cnum_session', 'cnum_sign_in'];

const SECRET_TEXT: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [/([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi, `$1${REDACTED}@`],
  [new RegExp(`([?&#](?:${SECRET_PARAMETERS.join('|')})=)[^&#\\s"]+`, 'gi'), `$1${REDACTED}`],
  [new RegExp(`\\b((?:${SECRET_COOKIES.join('|')})=)[^;,\\s"]+`, 'g'), `$1${REDACTED}`],
];

/** Below this length a value is too common a string to be looked for in every line. */
const MIN_SECRET_LENGTH = 8;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function redactText(text: string, secrets: readonly string[] = []): string {
  const redacted = SECRET_TEXT.reduce((current, [pattern, replacement]) => current.replace(pattern, replacement), text);
  return secrets.reduce((current, secret) => current.replaceAll(secret, REDACTED), redacted);
}

/** `inQuery`: the value is a parsed query string, whose `code` is an OAuth code, not a problem's. */
function redactValue(value: unknown, secrets: readonly string[], inQuery = false): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [key, SECRET_FIELD.test(key) || (inQuery && SECRET_PARAMETER.test(key)) ? REDACTED : redactValue(v, secrets, key === 'query')]),
    );
  }
  return value;
}

/** A setting that holds a secret, by its name: OIDC_CLIENT_SECRET, not API_TOKEN_ISSUER. */
const SECRET_SETTING = /(_SECRET|_PASSWORD|_API_KEY|_TOKEN|_CREDENTIALS?)$/i;

/** The values of a configuration's secret settings, to redact wherever a line holds them. */
export function secretValuesOf(config: Record<string, unknown>): string[] {
  return Object.entries(config).flatMap(([name, value]) => (SECRET_SETTING.test(name) && typeof value === 'string' && value.length >= MIN_SECRET_LENGTH ? [value] : []));
}

/**
 * One serialized pino record (a JSON line) with its credentials replaced by `[redacted]`;
 * `secrets` are values to redact wherever they appear (`secretValuesOf`).
 */
export function redactLogLine(line: string, secrets: readonly string[] = []): string {
  const newline = line.endsWith('\n') ? '\n' : '';
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return redactText(line, secrets);
  }
  return `${JSON.stringify(redactValue(record, secrets))}${newline}`;
}
