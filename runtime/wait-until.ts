/**
 * Polls `attempt` until it resolves, `giveUp` returns a reason to stop, or `timeoutMs` passes.
 * The last error is named in the timeout message, so a server that never answers says why.
 */
export async function waitUntil<T>(
  what: string,
  attempt: () => Promise<T>,
  options: { timeoutMs: number; intervalMs?: number; giveUp?: () => string | undefined },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 100;
  let lastError: unknown;
  for (;;) {
    const reason = options.giveUp?.();
    if (reason) throw new Error(`${what}: ${reason}`);
    try {
      return await attempt();
    } catch (error) {
      lastError = error;
    }
    const reasonAfter = options.giveUp?.();
    if (reasonAfter) throw new Error(`${what}: ${reasonAfter}`);
    if (Date.now() >= deadline) {
      const detail = lastError instanceof Error ? lastError.message : String(lastError);
      throw new Error(`${what}: not ready after ${options.timeoutMs} ms (last error: ${detail})`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** What `waitUntilChildReady` needs of a started process. */
interface WatchedChild {
  exitStatus(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  recentOutput(): string;
}

/** `waitUntil` for a server just started: gives up at once, with its last output, if it exits first. */
export function waitUntilChildReady<T>(child: WatchedChild, what: string, attempt: () => Promise<T>, timeoutMs: number): Promise<T> {
  return waitUntil(what, attempt, {
    timeoutMs,
    giveUp: () => {
      const status = child.exitStatus();
      return status && `exited (${status.signal ?? `code ${status.code}`}) before it was ready:\n${child.recentOutput()}`;
    },
  });
}
