import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createTimeSkippingEnv } from '../../../runtime/time-skipping-server';
import { sleepDays } from './fixtures/sleep.workflow';

const dayMs = 24 * 60 * 60 * 1000;

// The worker's own INFO lines (bundle stats, state changes) would bury the test output.
Runtime.install({ logger: new DefaultLogger('WARN') });

// Three runs in one file: each starts its own JVM, so a start-up that is only sometimes too slow
// for the SDK's 5-second readiness budget shows up here rather than in someone else's test.
describe('time-skipping test server (Java, built by npm run tools)', () => {
  for (const run of [1, 2, 3]) {
    it(`runs a workflow that sleeps 90 days in seconds (run ${run} of 3)`, async () => {
      const started = Date.now();
      const env = await createTimeSkippingEnv();
      const ready = Date.now();
      try {
        const taskQueue = `sleep-${run}`;
        const worker = await Worker.create({
          connection: env.nativeConnection,
          taskQueue,
          workflowsPath: require.resolve('./fixtures/sleep.workflow'),
        });
        const result = await worker.runUntil(
          env.client.workflow.execute(sleepDays, { args: [90], taskQueue, workflowId: `sleep-90-days-${run}` }),
        );
        const wallMs = Date.now() - started;
        process.stderr.write(`time-skipping run ${run}: server ready in ${ready - started} ms, total ${wallMs} ms\n`);
        // 90 days of workflow time within the test's minute is the skipping; how fast is printed, not asserted.
        expect(result.wokeAt - result.startedAt).toBeGreaterThanOrEqual(90 * dayMs);
      } finally {
        await env.teardown();
      }
    }, 60_000);
  }
});
