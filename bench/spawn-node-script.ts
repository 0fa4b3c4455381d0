import path from 'node:path';
import { spawnManaged } from '../runtime/spawn-managed';
import { waitUntil } from '../runtime/wait-until';

const repoRoot = path.resolve(__dirname, '..');

/**
 * A TypeScript file of the repository run by node itself (with tsx's loader, so that its pid is
 * the script's, whose memory or CPU a bench reads), with `env` over this process's environment;
 * `started` resolves once it has printed `readyLine`, and rejects with its output if it exits first.
 */
export async function spawnNodeScript(script: string, options: { readyLine: string; env: NodeJS.ProcessEnv; nodeArgs?: string[] }) {
  let ready = false;
  const child = await spawnManaged({
    name: path.basename(script, '.ts'),
    command: process.execPath,
    args: [...(options.nodeArgs ?? []), '--import', 'tsx', script],
    cwd: repoRoot,
    env: { ...process.env, ...options.env },
    echo: false,
    onLine: (line) => void (line.includes(options.readyLine) && (ready = true)),
  });
  const exited = () => (child.exitStatus() ? `${script} exited:\n${child.recentOutput()}` : undefined);
  const started = waitUntil(script, async () => {
    if (!ready) throw new Error('not started yet');
  }, { timeoutMs: 300_000, giveUp: exited });
  // Awaited by the caller when it needs the script; a failure before that is not unhandled.
  started.catch(() => undefined);
  return { child, started, exited };
}
