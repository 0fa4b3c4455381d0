/**
 * Polls `predicate` until it returns true (a thrown error counts as "not yet"), and fails with
 * `what` and the last value seen once `timeoutMs` has passed.
 */
export async function eventually(
  what: string,
  predicate: () => Promise<boolean>,
  { timeoutMs = 20_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      if (await predicate()) return;
      last = false;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      throw new Error(`${what}: still not true after ${timeoutMs} ms (last: ${last instanceof Error ? last.message : String(last)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
