import { Schema } from 'mongoose';
import { directoryKinds } from '../mail/directory/directory-entry';

/**
 * One entry of the directory of addresses (mail/directory/directory-entry.ts), keyed by its kind
 * and scope (`prefecture:971`, `mailbox:anct`, `training-org:OF-PARIS-1`). Each change is pushed
 * onto `changes` in the same single-document write that makes it, with who made it: the entry and
 * its history cannot disagree, without a transaction (FerretDB 1.x has none).
 */
const recipientSchema = new Schema({ name: { type: String, required: true }, email: { type: String, required: true } }, { _id: false });

const changeSchema = new Schema(
  {
    change: { type: String, required: true, enum: ['set', 'removed'] },
    at: { type: String, required: true },
    by: { id: { type: String, required: true }, role: { type: String, required: true } },
    recipients: { type: [recipientSchema], default: [] },
  },
  { _id: false },
);

export const directoryEntrySchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: directoryKinds },
    scope: { type: String, required: true },
    /** Empty once removed: notices for it are then `no_recipient`. */
    recipients: { type: [recipientSchema], default: [] },
    changedAt: { type: String, required: true },
    changedBy: { id: { type: String, required: true }, role: { type: String, required: true } },
    changes: { type: [changeSchema], default: [] },
  },
  { collection: 'directory_entries', strict: 'throw', versionKey: false },
);
directoryEntrySchema.index({ kind: 1, scope: 1 });
