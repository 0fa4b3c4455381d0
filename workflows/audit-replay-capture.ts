import { proxySinks, type Sinks, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

/**
 * Bundled only into the audit's replay (audit/replay-post-runs.ts), never into the worker's: as
 * today's code replays a history, it hands each change it records (`recordPostChange`'s input:
 * the timeline entry with its hash, and the view the read model is given) to the auditor through
 * a sink that runs during replay. Replay itself checks that the commands match; this is how the
 * audit also sees the states today's code reaches, and compares them with what was recorded.
 */
export interface AuditReplaySinks extends Sinks {
  auditReplay: { recordedChange(change: unknown): void };
}

const { auditReplay } = proxySinks<AuditReplaySinks>();

/** The activity whose input is a change of the post (activities/post-activities.ts). */
export const RECORD_POST_CHANGE = 'recordPostChange';

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      scheduleActivity(input, next) {
        if (input.activityType === RECORD_POST_CHANGE) auditReplay.recordedChange(input.args[0]);
        return next(input);
      },
    },
  ],
});
