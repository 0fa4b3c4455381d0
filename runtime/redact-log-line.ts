/**
 * The last step of every log line before it is written: no credential may reach a log file, where
 * anyone who can read the logs could replay it. Two rules, applied to the whole record (the
 * request logger's bindings, nested objects, serialized errors and the message alike):
 * - a field whose name says it holds a credential (authorization, cookies, tokens, secrets,
 *   passwords, API keys, the caller's idempotency key) keeps its name, not its value;
 * - a string that carries a credential anyway (`Bearer …`, a JWT, `user:password@` in a URI, a
 *   token or an OAuth code in a query string) keeps its text around the credential.
 */
export const REDACTED = '[redacted]';

const SECRET_FIELD = /^(authorization|proxy-authorization|cookies?|set-cookie|idempotency-key)$|token|secret|passw(or)?d|api[-_]?key|credential/i;

const SECRET_TEXT: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [/([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi, `$1${REDACTED}@`],
  [/([?&](?:access_token|id_token|refresh_token|token|code|code_verifier|client_secret|password)=)[^&#\s"]+/gi, `$1${REDACTED}`],
];

export function redactText(text: string): string {
  return SECRET_TEXT.reduce((redacted, [pattern, replacement]) => redacted.replace(pattern, replacement), text);
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, SECRET_FIELD.test(key) ? REDACTED : redactValue(v)]));
  }
  return value;
}

/** One serialized pino record (a JSON line) with its credentials replaced by `[redacted]`. */
export function redactLogLine(line: string): string {
  const newline = line.endsWith('\n') ? '\n' : '';
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return redactText(line);
  }
  return `${JSON.stringify(redactValue(record))}${newline}`;
}
