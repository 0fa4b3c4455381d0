import { Schema } from 'mongoose';

/**
 * Programme settings changed through the API (RULES.md §2.5): one document per setting, keyed by
 * its name (`_id: 'attribution-phase'`), with every change kept in it, so that a change and its
 * record are one atomic write (FerretDB 1.x has no transactions).
 */
const changeSchema = new Schema(
  {
    open: { type: Boolean, required: true },
    reason: { type: String, default: null },
    changedBy: { type: Schema.Types.Mixed, required: true },
    changedAt: { type: String, required: true },
  },
  { _id: false },
);

export const programmeSettingSchema = new Schema(
  {
    _id: { type: String, required: true },
    open: { type: Boolean, required: true },
    reason: { type: String, default: null },
    changedBy: { type: Schema.Types.Mixed, required: true },
    changedAt: { type: String, required: true },
    changes: { type: [changeSchema], default: [] },
  },
  { collection: 'programme_settings', strict: 'throw' },
);
