import { Schema } from 'mongoose';

/**
 * What the statistics read of one outbox row (stats/post-figures.ts `NoticeFigure`): a document of
 * its own, so that two of a post's mails changing state at once never write the same document
 * (FerretDB 1.24 updates a document by reading it and writing it whole, with nothing in between to
 * stop a second writer).
 */
export const noticeFigureSchema = new Schema(
  {
    /** The outbox row's key. */
    _id: { type: String, required: true },
    postId: { type: String, required: true },
    createdOn: { type: String, required: true },
    /** Null for a row written before email delivery existed. */
    state: { type: String, default: null },
  },
  { collection: 'notice_figures' },
);
noticeFigureSchema.index({ postId: 1 });
