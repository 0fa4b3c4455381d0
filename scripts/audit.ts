/**
 * `npm run audit`: replays posts' workflow histories with today's code and checks them against
 * what MongoDB stores (issue 12, RULES.md §6).
 *
 *   npm run audit -- <postId> […]          the product's servers running (TEMPORAL_ADDRESS, MONGODB_URI,
 *                                          or those of a running `npm start`)
 *   npm run audit -- --all                 every post
 *   npm run audit -- --file <history.json> offline: no Temporal, no MongoDB (an export of
 *                                          GET /api/v1/posts/:id/workflow-history, or one run as
 *                                          `temporal workflow show --output json` gives it)
 *   --json                                 the reports as JSON lines, one per post, instead of the French table
 *
 * Exit code 0 only when every post agrees; 1 when one does not; 2 on bad usage.
 */
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import mongoose from 'mongoose';
import { allPostIds, auditPostsFromServers, auditRuns, type AuditDeps } from '../audit/audit-posts';
import { frenchAuditReport } from '../audit/french-audit-table';
import { HistoryFileError, runsOfHistoryFile } from '../audit/history-file';
import type { PostAuditReport } from '../audit/post-audit-report';
import { auditWorkflowBundle } from '../audit/replay-post-runs';
import { readNpmStartState } from '../auth/local-provider/npm-start-state';
import { ConfigError, loadConfig } from '../config/config';
import { createModels } from '../models/create-models';

interface Usage {
  files: string[];
  all: boolean;
  json: boolean;
  postIds: string[];
}

const USAGE = 'usage : npm run audit -- <postId>… | --all | --file <historique.json>… [--json]';

function parseArgs(argv: string[]): Usage {
  const usage: Usage = { files: [], all: false, json: false, postIds: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--file') {
      const file = argv[++i];
      if (!file) throw new UsageError('--file attend le chemin d’un historique JSON.');
      usage.files.push(file);
    } else if (arg.startsWith('--file=')) usage.files.push(arg.slice('--file='.length));
    else if (arg === '--all') usage.all = true;
    else if (arg === '--json') usage.json = true;
    else if (arg.startsWith('-')) throw new UsageError(`option inconnue : ${arg}`);
    else usage.postIds.push(arg);
  }
  const modes = [usage.files.length > 0, usage.all, usage.postIds.length > 0].filter(Boolean).length;
  if (modes !== 1) throw new UsageError('donnez des identifiants de postes, ou --all, ou --file, et un seul de ces modes.');
  return usage;
}

class UsageError extends Error {}

/** The servers of the environment, else those of a running `npm start`, else the defaults. */
function serverEnvironment(): NodeJS.ProcessEnv {
  const state = readNpmStartState(path.resolve(__dirname, '..', 'data'));
  return {
    ...process.env,
    TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS || state?.temporalAddress,
    MONGODB_URI: process.env.MONGODB_URI || state?.mongodbUri,
  };
}

async function main(): Promise<number> {
  const usage = parseArgs(process.argv.slice(2));
  // The replay worker's own log lines (a failing task, a nondeterminism) are the report's to tell.
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  const started = Date.now();
  let replayed = 0;
  let failed = 0;
  const print = (report: PostAuditReport) => {
    replayed += report.runs.length;
    if (!report.ok) failed += 1;
    process.stdout.write(usage.json ? `${JSON.stringify(report)}\n` : `${frenchAuditReport(report)}\n\n`);
  };

  // A file that cannot be read is said before the seconds of bundling the workflow.
  const runs = usage.files.flatMap((file) => runsOfHistoryFile(file));
  const workflowBundle = await auditWorkflowBundle();
  let posts = 0;
  if (usage.files.length > 0) {
    for await (const report of auditRuns(runs, workflowBundle)) (posts += 1), print(report);
  } else {
    const config = loadConfig(serverEnvironment());
    const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS, connectTimeout: 5_000 });
    const mongo = await mongoose.createConnection(config.MONGODB_URI, { serverSelectionTimeoutMS: 5_000 }).asPromise();
    try {
      const deps: AuditDeps = { workflowBundle, temporal: { client: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }), namespace: config.TEMPORAL_NAMESPACE }, models: createModels(mongo) };
      const ids = usage.all ? await allPostIds({ temporal: deps.temporal!, models: deps.models }) : usage.postIds;
      for await (const report of auditPostsFromServers(ids, deps)) (posts += 1), print(report);
    } finally {
      await mongo.close();
      await connection.close();
    }
  }
  const seconds = (Date.now() - started) / 1000;
  const summary = `${posts} poste${posts > 1 ? 's' : ''} audité${posts > 1 ? 's' : ''} (${replayed} exécution${replayed > 1 ? 's' : ''} rejouée${replayed > 1 ? 's' : ''} en ${seconds.toFixed(1)} s) : ${posts - failed} conforme${posts - failed > 1 ? 's' : ''}, ${failed} non conforme${failed > 1 ? 's' : ''}`;
  process.stderr.write(`${summary}\n`);
  return failed === 0 && posts > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      process.exit(2);
    }
    if (error instanceof ConfigError || error instanceof HistoryFileError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
