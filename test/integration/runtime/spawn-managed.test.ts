import { spawn } from 'node:child_process';
import path from 'node:path';
import { spawnManaged } from '../../../runtime/spawn-managed';
import { waitUntil } from '../../../runtime/wait-until';

// No orphan: a child started with spawnManaged goes away with its whole process group, whether
// the parent stops it, exits, or is killed with SIGKILL (then the watchdog acts within seconds).
const repoRoot = path.resolve(__dirname, '../../..');

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function groupGone(pgid: number, timeoutMs: number): Promise<void> {
  await waitUntil(`process group ${pgid} gone`, async () => {
    if (groupAlive(pgid)) throw new Error('still there');
  }, { timeoutMs, intervalMs: 100 });
}

/** Starts the fixture parent and resolves with it and its child's group id. */
async function startParent(mode: 'wait' | 'exit') {
  const parent = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'spawn-parent.ts'), mode], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pgid = await new Promise<number>((resolve, reject) => {
    parent.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    parent.once('exit', (code) => reject(new Error(`parent exited with ${code} before starting its child`)));
  });
  return { parent, pgid };
}

describe('spawnManaged', () => {
  it('stop() ends the child and everything it forked', async () => {
    const child = await spawnManaged({ name: 'sleepers', command: 'sh', args: ['-c', 'sleep 300 & sleep 300 & wait'] });
    await new Promise((resolve) => setTimeout(resolve, 200)); // let sh fork its two sleeps
    expect(groupAlive(child.pid)).toBe(true);
    await child.stop(2_000);
    expect(child.exitStatus()).toBeDefined();
    expect(groupAlive(child.pid)).toBe(false);
  });

  it('ends what the child forked when the child itself exits', async () => {
    const child = await spawnManaged({ name: 'forker', command: 'sh', args: ['-c', 'sleep 300 & exit 0'] });
    expect(await child.exited).toEqual({ code: 0, signal: null });
    await groupGone(child.pid, 3_000);
  });

  it('ends the child group when the parent exits', async () => {
    const { parent, pgid } = await startParent('exit');
    await new Promise((resolve) => parent.once('exit', resolve));
    await groupGone(pgid, 3_000);
  });

  it('ends the child group when the parent is killed with SIGKILL (watchdog)', async () => {
    const { parent, pgid } = await startParent('wait');
    expect(groupAlive(pgid)).toBe(true);
    parent.kill('SIGKILL');
    await groupGone(pgid, 8_000);
  }, 15_000);

  it('keeps the last lines of output and reports the exit status', async () => {
    const child = await spawnManaged({ name: 'talker', command: 'sh', args: ['-c', 'echo one; echo two >&2; exit 3'] });
    const status = await child.exited;
    expect(status).toEqual({ code: 3, signal: null });
    await waitUntil('output read', async () => {
      if (!child.recentOutput().includes('two')) throw new Error('not yet');
    }, { timeoutMs: 2_000 });
    expect(child.recentOutput().split('\n').sort()).toEqual(['one', 'two']);
  });
});
