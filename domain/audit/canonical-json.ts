/**
 * The one text of a JSON value that hashes are computed over: object keys in code-point order at
 * every depth, no whitespace, strings and numbers as `JSON.stringify` writes them (the ordering and
 * the number form of RFC 8785). What JSON cannot say it says as JSON does once parsed again: a key
 * whose value is `undefined` is left out, `undefined` in an array, `NaN` and the infinities are
 * `null`, a `Date` its ISO text. So a timeline entry hashes the same in the workflow and after it has travelled as JSON to
 * the activity and through MongoDB, which keep no key order of their own; and two request bodies
 * that differ only by key order are one body to the idempotency keys.
 */
export function canonicalJson(value: unknown): string {
  if (value && typeof (value as { toJSON?: unknown }).toJSON === 'function') return canonicalJson((value as { toJSON(): unknown }).toJSON());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const fields = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
