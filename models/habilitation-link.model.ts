import { type Connection, type Model, Schema } from 'mongoose';

/**
 * Which habilitations a principal holds, found by `_id` alone. FerretDB 1.x's SQLite backend
 * uses an index only for `_id`, and the filter on the principal scanned every habilitation at each
 * authenticated request (275 ms at 4 000 habilitations). Each link `<principal>#<n>` names one
 * habilitation of that principal, n = 1, 2, 3… as they come; links are inserted and never changed,
 * since FerretDB updates a document by reading then writing it and an array pushed to by two
 * grants at once could lose one. The document `LINKS_BACKFILLED` says that every habilitation
 * written before the links existed has its link (auth/auth-storage.ts).
 */
export interface HabilitationLinkDocument {
  _id: string;
  habilitationId: string;
}

export const LINKS_BACKFILLED = 'backfilled';

const habilitationLinkSchema = new Schema<HabilitationLinkDocument>(
  {
    _id: { type: String, required: true },
    habilitationId: { type: String, required: true },
  },
  { collection: 'habilitation_links', versionKey: false },
);

export function habilitationLinkModel(connection: Connection): Model<HabilitationLinkDocument> {
  return (connection.models.HabilitationLink as Model<HabilitationLinkDocument> | undefined) ?? connection.model<HabilitationLinkDocument>('HabilitationLink', habilitationLinkSchema);
}
