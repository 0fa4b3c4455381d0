import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { BusinessDate } from '../../domain/calendar/business-date';
import { createTimeSkippingEnv } from '../../runtime/time-skipping-server';
import { createPostDriver } from './post-driver';
import { type PostHarness, startPostHarness } from './post-harness';

export interface TimeSkippingSuite {
  readonly env: TestWorkflowEnvironment;
  readonly harness: PostHarness;
  readonly drive: ReturnType<typeof createPostDriver>;
  /** The test server's date: scenarios sleep months ahead, and the clock is shared by the file. */
  serverToday(): Promise<BusinessDate>;
}

/** Milliseconds in `n` days, for `env.sleep`. */
export const days = (n: number) => n * 24 * 3600 * 1000;

/**
 * A time-skipping environment, a worker and a driver for the test file that calls it, started
 * before its tests and stopped after them.
 */
export function timeSkippingSuite(): TimeSkippingSuite {
  let env: TestWorkflowEnvironment | undefined;
  let harness: PostHarness | undefined;
  let drive: ReturnType<typeof createPostDriver> | undefined;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    harness = await startPostHarness({ client: env.client, connection: env.nativeConnection });
    drive = createPostDriver(harness);
  });
  afterAll(async () => {
    await harness?.stop();
    await env?.teardown();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the time-skipping suite is used before its beforeAll ran');
    return value;
  };
  return {
    get env() {
      return started(env);
    },
    get harness() {
      return started(harness);
    },
    get drive() {
      return started(drive);
    },
    async serverToday() {
      return new Date(await started(env).currentTimeMs()).toISOString().slice(0, 10) as BusinessDate;
    },
  };
}
