import { type Connection, type InferSchemaType, type Model, Schema } from 'mongoose';

/**
 * A signed-in person's session. `_id` is the sha256 of the cookie's value: the database never holds
 * a value that would let someone act as the person. The identity is ProConnect's, as verified at
 * sign-in; what the person may do is read from the habilitations at each request, so that a
 * revocation takes effect at once.
 */
export const sessionSchema = new Schema(
  {
    _id: { type: String, required: true },
    email: { type: String, required: true },
    sub: { type: String, required: true },
    idpId: { type: String, default: null },
    givenName: { type: String, default: null },
    usualName: { type: String, default: null },
    siret: { type: String, default: null },
    uid: { type: String, default: null },
    /** Sent back to the provider at logout (`id_token_hint`), never shown. */
    idToken: { type: String, required: true },
    /** The synchronizer token that cookie-authenticated changes must carry. */
    csrfToken: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'sessions', versionKey: false },
);

export type SessionDocument = InferSchemaType<typeof sessionSchema>;

export function sessionModel(connection: Connection): Model<SessionDocument> {
  return (connection.models.Session as Model<SessionDocument> | undefined) ?? connection.model('Session', sessionSchema);
}
