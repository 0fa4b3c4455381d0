import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Connection } from 'mongoose';
import { type SessionDocument, sessionModel } from '../../models/session.model';
import { ensureExpiryIndex, type SignInAttemptDocument, signInAttemptModel } from '../../models/sign-in-attempt.model';

/** What ProConnect said about the person, verified at sign-in (ID token and signed userinfo). */
export interface SignedInIdentity {
  email: string;
  sub: string;
  idpId: string | null;
  givenName: string | null;
  usualName: string | null;
  siret: string | null;
  uid: string | null;
}

export interface Session extends SignedInIdentity {
  idToken: string;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
}

/** How long a sign-in may take at the provider before its attempt is forgotten. */
export const SIGN_IN_ATTEMPT_MS = 10 * 60_000;

const randomValue = () => randomBytes(32).toString('base64url');
const hashOf = (cookieValue: string) => createHash('sha256').update(cookieValue).digest('base64url');

/** Constant-time comparison of a CSRF token sent with a request and the session's. */
export function sameToken(sent: string | undefined, expected: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export type SessionStore = ReturnType<typeof createSessionStore>;

/**
 * Sessions and sign-in attempts in MongoDB, found by the sha256 of their cookie. Expired ones are
 * refused when read, deleted then, and removed by MongoDB's TTL index where the server has one.
 */
export function createSessionStore(connection: Connection, options: { ttlMinutes: number }) {
  const Session = sessionModel(connection);
  const Attempt = signInAttemptModel(connection);
  const ttlMs = options.ttlMinutes * 60_000;

  return {
    /** Builds the indexes that expire sessions and attempts. */
    async prepare(): Promise<void> {
      await Promise.all([ensureExpiryIndex(Session), ensureExpiryIndex(Attempt)]);
    },

    async create(identity: SignedInIdentity, idToken: string): Promise<{ cookieValue: string; session: Session }> {
      const cookieValue = randomValue();
      const now = new Date();
      const session: Session = { ...identity, idToken, csrfToken: randomValue(), createdAt: now, expiresAt: new Date(now.getTime() + ttlMs) };
      await Session.create({ _id: hashOf(cookieValue), ...session });
      // Where no TTL index runs (FerretDB), sign-ins sweep what has expired.
      await Promise.all([Session.deleteMany({ expiresAt: { $lt: now } }), Attempt.deleteMany({ expiresAt: { $lt: now } })]);
      return { cookieValue, session };
    },

    async find(cookieValue: string): Promise<Session | null> {
      const id = hashOf(cookieValue);
      const doc = await Session.findById(id).lean<SessionDocument & { _id: string }>();
      if (!doc) return null;
      if (doc.expiresAt.getTime() <= Date.now()) {
        await Session.deleteOne({ _id: id });
        return null;
      }
      const { _id, ...session } = doc;
      return session as Session;
    },

    async destroy(cookieValue: string): Promise<Session | null> {
      const doc = await Session.findOneAndDelete({ _id: hashOf(cookieValue) }).lean<SessionDocument & { _id: string }>();
      if (!doc) return null;
      const { _id, ...session } = doc;
      return session as Session;
    },

    async startAttempt(attempt: Omit<SignInAttemptDocument, '_id' | 'expiresAt'>): Promise<string> {
      const cookieValue = randomValue();
      await Attempt.create({ ...attempt, _id: hashOf(cookieValue), expiresAt: new Date(Date.now() + SIGN_IN_ATTEMPT_MS) });
      return cookieValue;
    },

    /** The attempt this cookie started, deleted as it is read: a callback is used once. */
    async takeAttempt(cookieValue: string, kind: 'login' | 'logout'): Promise<SignInAttemptDocument | null> {
      const doc = await Attempt.findOneAndDelete({ _id: hashOf(cookieValue), kind }).lean<SignInAttemptDocument>();
      return doc && doc.expiresAt.getTime() > Date.now() ? doc : null;
    },
  };
}
