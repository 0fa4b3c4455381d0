import { Schema } from 'mongoose';

/** An advisor recruited on a post; one row per post and recruitment, so a replacement adds a row. */
export const advisorSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** The same business key as `_id`, kept readable for clients. */
    key: { type: String, required: true },
    postId: { type: String, required: true },
    firstName: { type: String, required: true },
    lastName: { type: String, required: true },
    email: { type: String, required: true, lowercase: true },
  },
  { collection: 'advisors', timestamps: true },
);
advisorSchema.index({ postId: 1 });
