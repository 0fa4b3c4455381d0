import { Schema } from 'mongoose';

/** A host structure, identified by its SIRET (RULES.md §2.5). */
export const structureSchema = new Schema(
  {
    /** The SIRET: unique by construction, and `_id` is the only key FerretDB's SQLite backend finds through an index. */
    _id: { type: String, required: true, match: /^\d{14}$/ },
    name: { type: String, required: true },
    sector: { type: String, required: true, enum: ['public', 'private'] },
    kind: { type: String, required: true },
    department: { type: String, required: true, match: /^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-6])$/ },
  },
  { collection: 'structures', timestamps: true, strict: 'throw' },
);
