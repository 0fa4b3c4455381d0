/**
 * `npm test [-- jest args]`: builds the missing server tools (fast when all are there), runs jest
 * with the given arguments, and ends with the plain line `N passed, N failed` that CI reads.
 * Exits with jest's exit code. A full run (no arguments) first type-checks the project and lints
 * it, since the lint rule is what keeps Node modules out of the workflow bundle.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installTools } from './install-tools';

interface JestResults {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numRuntimeErrorTestSuites: number;
}

function run(script: string, args: string[]): Promise<number> {
  const child = spawn(process.execPath, [script, ...args], { stdio: 'inherit' });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

async function staticChecks(): Promise<boolean> {
  const typecheck = await run(require.resolve('typescript/bin/tsc'), ['--noEmit', '-p', '.']);
  // eslint exports no bin path; its package.json is exported and the bin sits beside it.
  const lint = await run(path.join(path.dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js'), ['.']);
  if (typecheck !== 0) console.error('test: the type check failed (tsc --noEmit)');
  if (lint !== 0) console.error('test: the lint failed (eslint .)');
  return typecheck === 0 && lint === 0;
}

async function main(): Promise<number> {
  await installTools();
  const args = process.argv.slice(2);
  if (args.length === 0 && !(await staticChecks())) {
    console.log('0 passed, 1 failed');
    return 1;
  }
  const resultsFile = path.join(os.tmpdir(), `cnum-jest-results-${process.pid}.json`);
  fs.rmSync(resultsFile, { force: true });
  const jest = spawn(process.execPath, [require.resolve('jest/bin/jest'), ...args, '--json', `--outputFile=${resultsFile}`], {
    stdio: 'inherit',
  });
  // A Ctrl-C reaches jest directly (same process group); pass on a signal sent to this process
  // alone, so that jest can run its global teardown either way.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => setTimeout(() => jest.exitCode === null && jest.kill(signal), 500).unref());
  }
  const code = await new Promise<number>((resolve) => {
    jest.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1)));
  });
  console.log(summaryLine(resultsFile, code));
  fs.rmSync(resultsFile, { force: true });
  return code;
}

function summaryLine(resultsFile: string, exitCode: number): string {
  // A run that failed without a failed test (global setup, a crash) counts as one failure.
  const runFailed = exitCode === 0 ? 0 : 1;
  let results: JestResults;
  try {
    results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as JestResults;
  } catch {
    return `0 passed, ${runFailed} failed`;
  }
  // A suite that fails before its first test (syntax error, failing import) counts as one failure.
  const failed = Math.max(results.numFailedTests + results.numRuntimeErrorTestSuites, runFailed);
  const skipped = results.numPendingTests + results.numTodoTests;
  return `${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
