import { Schema } from 'mongoose';

/** One convention period of a post: the first one, then one per renewal. Key `post:<id>:period:<n>`. */
export const conventionSchema = new Schema(
  {
    key: { type: String, required: true },
    postId: { type: String, required: true },
    period: { type: Number, required: true, min: 1 },
    policy: { type: String, required: true },
    amountCents: { type: Number, required: true, min: 1, validate: Number.isInteger },
    months: { type: Number, required: true, min: 1 },
    signedOn: { type: String, required: true },
    endsOn: { type: String, required: true },
  },
  { collection: 'conventions', timestamps: true },
);
conventionSchema.index({ key: 1 }, { unique: true });
conventionSchema.index({ postId: 1 });
