import { Schema } from 'mongoose';

/** One convention period of a post: the first one, then one per renewal. Key `post:<id>:period:<n>`. */
export const conventionSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** The same business key as `_id`, kept readable for clients. */
    key: { type: String, required: true },
    postId: { type: String, required: true },
    period: { type: Number, required: true, min: 1 },
    policy: { type: String, required: true },
    amountCents: { type: Number, required: true, min: 1, validate: Number.isInteger },
    months: { type: Number, required: true, min: 1 },
    signedOn: { type: String, required: true },
    endsOn: { type: String, required: true },
    /** The contract type whose subsidy it pays, signed or planned (rules revision 3). */
    contractType: { type: String },
  },
  { collection: 'conventions', timestamps: true },
);
conventionSchema.index({ postId: 1 });
