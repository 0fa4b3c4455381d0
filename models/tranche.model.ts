import { Schema } from 'mongoose';

/** One tranche of a convention period. Key `post:<id>:period:<p>:tranche:<n>`. */
export const trancheSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** The same business key as `_id`, kept readable for clients. */
    key: { type: String, required: true },
    postId: { type: String, required: true },
    period: { type: Number, required: true, min: 1 },
    number: { type: Number, required: true, min: 1 },
    percent: { type: Number, required: true },
    amountCents: { type: Number, required: true, min: 0, validate: Number.isInteger },
    dueOn: { type: String, required: true },
    /** Payable from this day, before `dueOn` (2021 private tranche 1, rules revision 3). */
    payableFrom: { type: String },
    status: { type: String, required: true, enum: ['scheduled', 'due', 'paid', 'suspended'] },
    paidOn: { type: String, default: null },
  },
  { collection: 'tranches', timestamps: true },
);
trancheSchema.index({ postId: 1 });
trancheSchema.index({ status: 1, dueOn: 1 });
