import { Schema } from 'mongoose';
import type { PostView } from '../domain/lifecycle/post-view';

/**
 * The read model of a post: what the API lists and filters. The workflow is the source of truth;
 * this document is rewritten after every accepted change, in the order of the changes, since the
 * workflow carries out one post's effects one after the other.
 */
const deadlineSchema = new Schema({ kind: String, dueOn: String }, { _id: false });
const trancheSchema = new Schema(
  {
    number: Number,
    percent: Number,
    amountCents: Number,
    dueOn: String,
    payableFrom: String,
    status: { type: String, enum: ['scheduled', 'due', 'paid', 'suspended'] },
    paidOn: String,
  },
  { _id: false },
);

export const postSchema = new Schema(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true, min: 1 },
    status: { type: String, required: true },
    policy: { type: String, required: true },
    siret: { type: String, required: true },
    department: { type: String, required: true },
    trainingOrgId: { type: String, default: null },
    structure: { type: Schema.Types.Mixed, required: true },
    /** Whom the structure's notices are mailed to (issue 11); null for posts applied for before. */
    contact: { type: Schema.Types.Mixed, default: null },
    advisor: { type: Schema.Types.Mixed, default: null },
    deadlines: { type: [deadlineSchema], default: [] },
    /** The earliest running deadline: the `deadlineBefore` filter reads it. */
    nextDeadlineOn: { type: String, default: null },
    convention: { type: Schema.Types.Mixed, default: null },
    tranches: { type: [trancheSchema], default: [] },
    contract: { type: Schema.Types.Mixed, default: null },
    absence: { type: Schema.Types.Mixed, default: null },
    outcome: { type: Schema.Types.Mixed, default: null },
    /** Per staff role, the events it may send now in the post's territory (domain/lifecycle/post-actions-by-role.ts). */
    actionsByRole: { type: Schema.Types.Mixed, default: null },
    /** The posts a transfer links (RULES.md §4): the one this post came from, the one it became. */
    transferredFrom: { type: String, default: null },
    transferredTo: { type: String, default: null },
  },
  { collection: 'posts', timestamps: true },
);
postSchema.index({ status: 1 });
postSchema.index({ department: 1 });
postSchema.index({ siret: 1 });
postSchema.index({ policy: 1 });
postSchema.index({ nextDeadlineOn: 1 });
/** The statistics' filters together (api/stats.router.ts); one alone uses the indexes above. */
postSchema.index({ department: 1, policy: 1 });

/** The read model's fields for a post's view (all but `_id` and the timestamps). */
export function postDocumentOf(view: PostView) {
  return {
    version: view.version,
    status: view.status,
    policy: view.policy,
    siret: view.structure.siret,
    department: view.structure.department,
    trainingOrgId: view.trainingOrgId,
    structure: view.structure,
    contact: view.contact,
    advisor: view.advisor,
    deadlines: view.deadlines,
    nextDeadlineOn: view.deadlines.map((d) => d.dueOn).sort()[0] ?? null,
    convention: view.convention,
    tranches: view.tranches,
    contract: view.contract,
    absence: view.absence,
    outcome: view.outcome,
    actionsByRole: view.actionsByRole,
    transferredFrom: view.transferredFrom,
    transferredTo: view.transferredTo,
  };
}
