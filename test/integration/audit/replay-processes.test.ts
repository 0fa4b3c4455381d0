import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { auditRuns } from '../../../audit/audit-posts';
import { runsOfHistoryFile } from '../../../audit/history-file';
import type { PostAuditReport } from '../../../audit/post-audit-report';
import { replayInChildProcess } from '../../../audit/replay-in-child-process';
import { auditWorkflowBundle } from '../../../audit/replay-post-runs';
import { historiesDir } from '../../../scripts/record-replay-histories';
import { withoutLatestRevisionGate } from '../../support/ungated-bundle';

/**
 * The audit replays in one process per core (audit/replay-in-child-process.ts) what it would
 * replay in its own: every recorded lifecycle gives the same report either way, a nondeterminism
 * found in a replay process included, offline (no Temporal, no MongoDB).
 */
describe('the audit’s replay processes', () => {
  const runs = fs.readdirSync(historiesDir).flatMap((file) => runsOfHistoryFile(path.join(historiesDir, file)));
  const reports = async (bundle: Parameters<typeof auditRuns>[1], lanes: number) => {
    const all: PostAuditReport[] = [];
    for await (const report of auditRuns(runs, bundle, lanes)) all.push(report);
    return all.sort((a, b) => a.postId.localeCompare(b.postId));
  };

  it('report every recorded lifecycle as the audit’s own process does', async () => {
    const bundle = await auditWorkflowBundle();
    const [here, spread] = [await reports(bundle, 1), await reports(bundle, 2)];
    expect(here.length).toBeGreaterThan(5);
    expect(here.every((r) => r.ok)).toBe(true);
    expect(spread).toEqual(here);
  });

  it('bring back the nondeterminism a replay process found, word for word', async () => {
    const ungated = await auditWorkflowBundle({ webpackConfigHook: withoutLatestRevisionGate });
    const [here, spread] = [await reports(ungated, 1), await reports(ungated, 2)];
    expect(here.some((r) => !r.deterministic)).toBe(true);
    expect(spread).toEqual(here);
  });
});

describe('a replay process that dies', () => {
  it('ends the audit with a clear error rather than a report or a hang', async () => {
    const runs = fs.readdirSync(historiesDir).flatMap((file) => runsOfHistoryFile(path.join(historiesDir, file)));
    const replayed = replayInChildProcess(runs, await auditWorkflowBundle());
    expect((await replayed.next()).done).toBe(false);
    // The replay process is this test process's child that runs replay-child.
    execFileSync('pkill', ['-KILL', '-P', String(process.pid), '-f', 'replay-child']);
    await expect(replayed.next()).rejects.toMatchObject({ name: 'ReplayProcessError', code: 'audit.replay_process_failed' });
  });
});
