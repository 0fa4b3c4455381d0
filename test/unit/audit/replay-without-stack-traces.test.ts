import { globalHandlers } from '@temporalio/worker/lib/workflow/vm-shared';
import { replayWithoutStackTraces } from '../../../audit/replay-without-stack-traces';

/** The SDK internal the audit's replay relies on (audit/replay-without-stack-traces.ts), as this SDK version has it. */
describe('a replay without the workflows’ stack-trace hooks', () => {
  it('keeps the SDK’s global handlers from installing their stack-trace preparation and promise hook', () => {
    const prepareStackTrace = Error.prepareStackTrace;
    expect(globalHandlers.installed).toBe(false);
    replayWithoutStackTraces();
    globalHandlers.install();
    expect(Error.prepareStackTrace).toBe(prepareStackTrace);
    expect(globalHandlers.promiseHookInstalled).toBe(false);
  });
});
