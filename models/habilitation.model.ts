import { type Connection, type InferSchemaType, type Model, Schema } from 'mongoose';

/**
 * One principal (a person by professional email, or a program by OAuth client id) holding one role
 * on one scope. `_id` is derived from the three, so the same habilitation granted twice, or again
 * after a revocation, is the same document: no unique index on a filter is needed (FerretDB 1.x
 * has none), and its whole history stays in one place. Each grant and revocation is pushed onto
 * `changes` in the same single-document write that changes `active`: the state and its history
 * cannot disagree, without a transaction.
 */
const changeSchema = new Schema(
  {
    _id: { type: String, required: true },
    change: { type: String, required: true, enum: ['granted', 'revoked'] },
    at: { type: Date, required: true },
    /** Who changed it: an actor (`id`, `role`), the configuration, an application, a local tool. */
    by: {
      id: { type: String, required: true },
      role: { type: String, default: null },
      via: { type: String, required: true, enum: ['api', 'bootstrap', 'application', 'local-development'] },
    },
    /** The post whose application habilitated its applicant (`via: application`). */
    postId: { type: String, default: null },
  },
  { _id: false },
);

const seenSubSchema = new Schema({ sub: String, idpId: { type: String, default: null } }, { _id: false });

export const habilitationSchema = new Schema(
  {
    _id: { type: String, required: true },
    principalKind: { type: String, required: true, enum: ['person', 'program'] },
    /** The lower-cased email of a person, the client id of a program. */
    principalId: { type: String, required: true },
    role: { type: String, required: true },
    siret: { type: String, default: null },
    department: { type: String, default: null },
    trainingOrgId: { type: String, default: null },
    active: { type: Boolean, required: true },
    /** The `sub`s ProConnect gave this person at sign-in (one per identity provider). */
    seenSubs: { type: [seenSubSchema], default: [] },
    changes: { type: [changeSchema], default: [] },
  },
  { collection: 'habilitations', timestamps: true, versionKey: false },
);
habilitationSchema.index({ principalKind: 1, principalId: 1, active: 1 });
habilitationSchema.index({ siret: 1, active: 1 });

export type HabilitationDocument = InferSchemaType<typeof habilitationSchema>;

export function habilitationModel(connection: Connection): Model<HabilitationDocument> {
  return (connection.models.Habilitation as Model<HabilitationDocument> | undefined) ?? connection.model('Habilitation', habilitationSchema);
}
