import fs from 'node:fs';
import { TestWorkflowEnvironment, type TimeSkippingTestWorkflowEnvironmentOptions } from '@temporalio/testing';
import { registerPostSearchAttributes } from './post-search-attributes';
import { toolPaths } from './tool-paths';

/**
 * Absolute path of the script that `exec`s Temporal's Java time-skipping test server, to hand to
 * `@temporalio/testing` as `{ type: 'existing-path', path }` instead of its download.
 * The test setup exports it as TEMPORAL_TEST_SERVER_PATH; that variable, when set, wins.
 */
export const timeSkippingServerPath = toolPaths.testServerWrapper;

/**
 * `TestWorkflowEnvironment.createTimeSkipping` on the test server built by `npm run tools`.
 *
 * The SDK gives the JVM 5 s (50 polls, 100 ms apart) to answer. With the class-data-sharing archive
 * it answers in about half a second on 2 cores, but a machine busy with other test files can still
 * stretch a start; one more try after a start-up timeout keeps such a hiccup from failing a suite.
 * The post workflow's search attributes are registered on it before it is handed over.
 */
export async function createTimeSkippingEnv(
  options: TimeSkippingTestWorkflowEnvironmentOptions = {},
): Promise<TestWorkflowEnvironment> {
  const path = process.env.TEMPORAL_TEST_SERVER_PATH || timeSkippingServerPath;
  if (!fs.existsSync(toolPaths.testServerLib) && path === timeSkippingServerPath) {
    throw new Error(`Temporal test server jars missing in ${toolPaths.testServerLib}: run 'npm run tools' first`);
  }
  const create = () =>
    TestWorkflowEnvironment.createTimeSkipping({
      ...options,
      server: { ...options.server, executable: { type: 'existing-path', path } },
    });
  let env: TestWorkflowEnvironment;
  try {
    env = await create();
  } catch (error) {
    if (!/did not start within/i.test(String(error))) throw error;
    env = await create();
  }
  // It refuses an upsert of an attribute it does not know, as any server does, and has no start-up flag for them.
  await registerPostSearchAttributes(env.connection.operatorService, env.namespace ?? 'default');
  return env;
}
