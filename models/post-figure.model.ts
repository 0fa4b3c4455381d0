import { Schema } from 'mongoose';
import type { PostFigures } from '../stats/post-figures';

/**
 * What the statistics read of a post (stats/post-figures.ts), one small document per post; its
 * outbox rows' are `notice_figures`. The figures are a JSON string rather than subdocuments:
 * FerretDB 1.24 decodes every field of every document it scans, and 4 000 posts read in 270 ms
 * this way against 1 000 ms as subdocuments (issue 15). The fields the territory and the filters
 * select on stay fields.
 */
export const postFigureSchema = new Schema(
  {
    _id: { type: String, required: true },
    version: { type: Number, min: 1 },
    policy: String,
    siret: String,
    department: String,
    trainingOrgId: String,
    /** `PostFigures` as JSON. */
    figures: { type: String, required: true },
  },
  { collection: 'post_figures' },
);
postFigureSchema.index({ department: 1, policy: 1 });
postFigureSchema.index({ policy: 1 });
postFigureSchema.index({ siret: 1 });
postFigureSchema.index({ trainingOrgId: 1 });

/** `figures` as stored, and back: the one place that knows it is JSON. */
export const encodePostFigures = (figures: PostFigures): string => JSON.stringify(figures);
export const decodePostFigures = (stored: string): PostFigures => JSON.parse(stored) as PostFigures;
