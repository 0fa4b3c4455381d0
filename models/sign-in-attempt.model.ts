import { type Collection, type Connection, type InferSchemaType, type Model, Schema } from 'mongoose';

/**
 * A sign-in or a sign-out under way at the identity provider: the PKCE verifier, `state` and
 * `nonce` of a login, the `state` of a logout. `_id` is the sha256 of a short-lived cookie that
 * binds it to the browser that started it; it is used once, then deleted.
 */
export const signInAttemptSchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: ['login', 'logout'] },
    state: { type: String, required: true },
    nonce: { type: String, default: null },
    codeVerifier: { type: String, default: null },
    /** Where to send the browser once signed in: a path of this site only. */
    returnTo: { type: String, default: null },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'sign_in_attempts', versionKey: false },
);

export type SignInAttemptDocument = InferSchemaType<typeof signInAttemptSchema>;

export function signInAttemptModel(connection: Connection): Model<SignInAttemptDocument> {
  return (connection.models.SignInAttempt as Model<SignInAttemptDocument> | undefined) ?? connection.model('SignInAttempt', signInAttemptSchema);
}

/**
 * An index that lets MongoDB delete documents once `expiresAt` has passed. FerretDB 1.x does not
 * implement TTL indexes: there a plain index is built, and readers refuse (and delete) what has
 * expired, as they do everywhere, since MongoDB's TTL monitor runs only once a minute.
 */
export async function ensureExpiryIndex(model: { collection: Collection }): Promise<'ttl' | 'plain'> {
  try {
    await model.collection.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0, name: 'expiresAt_ttl' });
    return 'ttl';
  } catch (error) {
    if (!/not implemented|expireAfterSeconds/i.test((error as Error).message)) throw error;
    await model.collection.createIndex({ expiresAt: 1 }, { name: 'expiresAt_1' });
    return 'plain';
  }
}
