import { execFile } from 'node:child_process';
import path from 'node:path';
import type { PostAuditReport } from '../../audit/post-audit-report';

const repoRoot = path.resolve(__dirname, '..', '..');

export interface AuditRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The reports, when `--json` was given. */
  reports: PostAuditReport[];
}

/** `npm run audit -- …args` as a process of its own, as an operator or an auditor runs it. */
export function runAudit(args: string[], env: NodeJS.ProcessEnv): Promise<AuditRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'scripts/audit.ts', ...args], { cwd: repoRoot, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      const reports = args.includes('--json') ? stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as PostAuditReport) : [];
      resolve({ code, stdout, stderr, reports });
    });
  });
}

/** An environment that reaches no Temporal and no MongoDB: what an auditor's laptop has. */
export function offlineEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env, TEMPORAL_ADDRESS: '127.0.0.1:1', MONGODB_URI: 'mongodb://127.0.0.1:1/none' };
  return env;
}
