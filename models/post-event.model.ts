import { Schema } from 'mongoose';

/**
 * The timeline of a post for the API and auditors: every accepted event (written by the workflow's
 * activity) and every refused attempt (written by the API, since Temporal keeps no trace of a
 * rejected update). Key `<postId>:<version>` for accepted events, `<postId>:refused:<requestId>` for refusals.
 */
export const postEventSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** The same business key as `_id`, kept readable for clients. */
    key: { type: String, required: true },
    postId: { type: String, required: true },
    outcome: { type: String, required: true, enum: ['accepted', 'refused'] },
    version: { type: Number, default: null },
    requestId: { type: String, required: true },
    actor: { type: Schema.Types.Mixed, required: true },
    type: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, default: null },
    /** The rules an accepted event was decided by (domain/lifecycle/post-rules-revision.ts). */
    rulesRevision: { type: Number, default: null },
    receivedAt: { type: String, required: true },
    statusBefore: { type: String, default: null },
    status: { type: String, default: null },
    refusal: { type: Schema.Types.Mixed, default: null },
    /**
     * The hash chain (domain/audit/timeline-chain.ts): accepted events chain by version, refused
     * attempts by `sequence`, each chain of its own. Null on rows written before the chain.
     */
    sequence: { type: Number, default: null },
    previousHash: { type: String, default: null },
    hash: { type: String, default: null },
  },
  { collection: 'post_events' },
);
postEventSchema.index({ postId: 1, receivedAt: 1 });
/** The statistics' delays read the accepted events that date a stage (stats/stats-read-model.ts). */
postEventSchema.index({ outcome: 1, type: 1, postId: 1 });
