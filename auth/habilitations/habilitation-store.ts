import { createHash, randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from '../../models/duplicate-key-error';
import { habilitationLinkModel, LINKS_BACKFILLED } from '../../models/habilitation-link.model';
import { type HabilitationDocument, habilitationModel } from '../../models/habilitation.model';
import { type Principal, principalId, type RoleScope, roleScopeSchema, scopeKey } from './habilitation';

export type ChangeVia = 'api' | 'bootstrap' | 'application' | 'local-development';

/** Who grants or revokes: an actor of the API, or the product itself (configuration, an application). */
export interface ChangeAuthor {
  id: string;
  role: string | null;
  via: ChangeVia;
}

export interface HabilitationChange {
  id: string;
  change: 'granted' | 'revoked';
  at: Date;
  by: ChangeAuthor;
  postId: string | null;
}

export interface Habilitation {
  id: string;
  principal: Principal;
  scope: RoleScope;
  active: boolean;
  seenSubs: { sub: string; idpId: string | null }[];
  changes: HabilitationChange[];
  createdAt: Date;
  updatedAt: Date;
}

export interface HabilitationFilter {
  siret?: string;
  principal?: Principal;
  role?: RoleScope['role'];
  active?: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
}

type Stored = HabilitationDocument & { _id: string; createdAt: Date; updatedAt: Date };

const principalOf = (doc: Pick<Stored, 'principalKind' | 'principalId'>): Principal =>
  doc.principalKind === 'person' ? { kind: 'person', email: doc.principalId } : { kind: 'program', clientId: doc.principalId };

function toHabilitation(doc: Stored): Habilitation {
  return {
    id: doc._id,
    principal: principalOf(doc),
    scope: roleScopeSchema.parse({ role: doc.role, siret: doc.siret ?? undefined, department: doc.department ?? undefined, trainingOrgId: doc.trainingOrgId ?? undefined }),
    active: doc.active,
    seenSubs: (doc.seenSubs ?? []).map((s) => ({ sub: String(s.sub), idpId: s.idpId ?? null })),
    changes: (doc.changes ?? []).map((c) => ({ id: c._id, change: c.change as HabilitationChange['change'], at: c.at, by: { id: c.by!.id, role: c.by!.role ?? null, via: c.by!.via as ChangeVia }, postId: c.postId ?? null })),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

/** The same principal, role and scope always give the same id. */
export function habilitationId(principal: Principal, scope: RoleScope): string {
  return createHash('sha256').update(`${principal.kind}\n${principalId(principal)}\n${scopeKey(scope)}`).digest('base64url').slice(0, 32);
}

function scopeFields(scope: RoleScope) {
  return {
    role: scope.role,
    siret: scope.role === 'structure' ? scope.siret : null,
    department: scope.role === 'prefecture' ? scope.department : null,
    trainingOrgId: scope.role === 'training_org' ? scope.trainingOrgId : null,
  };
}

function toQuery(filter: HabilitationFilter): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  if (filter.siret) query.siret = filter.siret;
  if (filter.role) query.role = filter.role;
  if (filter.active !== undefined) query.active = filter.active;
  if (filter.principal) {
    query.principalKind = filter.principal.kind;
    query.principalId = principalId(filter.principal);
  }
  return query;
}

export type HabilitationStore = ReturnType<typeof createHabilitationStore>;

/**
 * Habilitations in MongoDB. Every habilitation is read from the database at each request, so a
 * revocation holds from the next one, whatever server answers it; only their insert-only links
 * are remembered.
 */
export function createHabilitationStore(connection: Connection) {
  const Habilitation = habilitationModel(connection);
  const change = (kind: HabilitationChange['change'], by: ChangeAuthor, postId?: string) => ({
    _id: randomUUID(),
    change: kind,
    at: new Date(),
    by,
    postId: postId ?? null,
  });
  const principalFields = (principal: Principal) => ({ principalKind: principal.kind, principalId: principalId(principal) });

  async function find(id: string): Promise<Habilitation | null> {
    const doc = await Habilitation.findById(id).lean<Stored>();
    return doc ? toHabilitation(doc) : null;
  }

  // models/habilitation-link.model.ts: a principal's habilitations, by `_id` alone.
  const Link = habilitationLinkModel(connection);
  const linkKey = (principal: Principal) => createHash('sha256').update(`${principal.kind}\n${principalId(principal)}`).digest('base64url').slice(0, 32);

  /**
   * Links are never changed nor removed: those this process has read stay true, so it remembers
   * them (for the most recent principals) and reads only from the next number on. The
   * habilitations themselves are read at every request.
   */
  const knownLinks = new Map<string, readonly string[]>();
  const KNOWN_PRINCIPALS = 10_000;
  const remember = (key: string, ids: readonly string[]) => {
    knownLinks.delete(key);
    knownLinks.set(key, ids);
    if (knownLinks.size > KNOWN_PRINCIPALS) knownLinks.delete(knownLinks.keys().next().value!);
  };

  /** The ids of the habilitations linked to the principal after the `known` ones, in the order they were linked. */
  async function linksAfter(key: string, known: readonly string[]): Promise<string[]> {
    const ids: string[] = [];
    for (let n = known.length + 1; ; n++) {
      const link = await Link.findById(`${key}#${n}`).lean();
      if (!link) return ids;
      ids.push(link.habilitationId);
    }
  }

  /** The ids of the habilitations linked to the principal, in the order they were linked. */
  async function linkedIds(principal: Principal): Promise<string[]> {
    const key = linkKey(principal);
    const known = knownLinks.get(key) ?? [];
    const ids = [...known, ...(await linksAfter(key, known))];
    remember(key, ids);
    return ids;
  }

  /** Links habilitation `id` to its principal, once; called before the habilitation is written, so that none lacks its link. */
  async function link(principal: Principal, id: string): Promise<void> {
    for (;;) {
      const ids = await linkedIds(principal);
      if (ids.includes(id)) return;
      try {
        await Link.create({ _id: `${linkKey(principal)}#${ids.length + 1}`, habilitationId: id });
        return;
      } catch (error) {
        // Another grant took that number: read the links again.
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
  }

  let linksComplete = false;
  const everyHabilitationLinked = async () => (linksComplete ||= (await Link.exists({ _id: LINKS_BACKFILLED })) !== null);

  return {
    model: Habilitation,
    find,

    /**
     * The principal's habilitations in force, oldest first: read through its links, or, in a
     * database whose older habilitations are not all linked yet, by the filter on the principal.
     */
    async activeFor(principal: Principal): Promise<Habilitation[]> {
      if (!(await everyHabilitationLinked())) {
        const docs = await Habilitation.find({ ...principalFields(principal), active: true }).sort({ createdAt: 1, _id: 1 }).lean<Stored[]>();
        return docs.map(toHabilitation);
      }
      // The habilitations already known are read while the links are looked for a new one.
      const known = knownLinks.get(linkKey(principal)) ?? [];
      const read = (ids: readonly string[]) => Promise.all([...new Set(ids)].map((id) => Habilitation.findById(id).lean<Stored>()));
      const [ids, knownDocs] = await Promise.all([linkedIds(principal), read(known)]);
      const fresh = ids.slice(known.length).filter((id) => !known.includes(id));
      const docs = [...knownDocs, ...(await read(fresh))].filter(
        (doc): doc is Stored => doc !== null && doc.active === true && doc.principalKind === principal.kind && doc.principalId === principalId(principal),
      );
      docs.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
      return docs.map(toHabilitation);
    },

    /**
     * Links every habilitation written before the links existed, once per database (then
     * `LINKS_BACKFILLED` is written): one scan of the habilitations, at the API's start.
     */
    async linkEveryHabilitation(): Promise<number> {
      if (await everyHabilitationLinked()) return 0;
      let linked = 0;
      for await (const doc of Habilitation.find({}, { principalKind: 1, principalId: 1 }).lean<Pick<Stored, '_id' | 'principalKind' | 'principalId'>>().cursor()) {
        await link(principalOf(doc), doc._id);
        linked += 1;
      }
      await Link.create({ _id: LINKS_BACKFILLED, habilitationId: LINKS_BACKFILLED }).catch((error: unknown) => {
        if (!isDuplicateKeyError(error)) throw error;
      });
      linksComplete = true;
      return linked;
    },

    /**
     * Grants, or grants again after a revocation; `changed: false` when it was already in force
     * (nothing is written then). One write: the state and its history change together.
     */
    async grant(principal: Principal, scope: RoleScope, by: ChangeAuthor, options: { postId?: string } = {}): Promise<{ habilitation: Habilitation; changed: boolean }> {
      const id = habilitationId(principal, scope);
      await link(principal, id);
      try {
        const doc = await Habilitation.findOneAndUpdate(
          { _id: id, active: { $ne: true } },
          { $set: { ...principalFields(principal), ...scopeFields(scope), active: true }, $push: { changes: change('granted', by, options.postId) } },
          { upsert: true, new: true },
        ).lean<Stored>();
        return { habilitation: toHabilitation(doc!), changed: true };
      } catch (error) {
        // The document exists and is active: the upsert's insert collided with it.
        if (!isDuplicateKeyError(error)) throw error;
        return { habilitation: (await find(id))!, changed: false };
      }
    },

    /**
     * Grants only if this principal never held this habilitation: what configuration and local
     * tools use, so that a revocation made by ANCT is not undone at the next start.
     */
    async grantUnlessEverHeld(principal: Principal, scope: RoleScope, by: ChangeAuthor): Promise<boolean> {
      const id = habilitationId(principal, scope);
      await link(principal, id);
      const result = await Habilitation.updateOne(
        { _id: id },
        {
          $setOnInsert: { ...principalFields(principal), ...scopeFields(scope), active: true, seenSubs: [], changes: [change('granted', by)] },
        },
        { upsert: true },
      ).catch((error: unknown) => {
        if (isDuplicateKeyError(error)) return { upsertedCount: 0 };
        throw error;
      });
      return result.upsertedCount === 1;
    },

    /** Revokes; `changed: false` when it was not in force; null when unknown. */
    async revoke(id: string, by: ChangeAuthor): Promise<{ habilitation: Habilitation; changed: boolean } | null> {
      const doc = await Habilitation.findOneAndUpdate({ _id: id, active: true }, { $set: { active: false }, $push: { changes: change('revoked', by) } }, { new: true }).lean<Stored>();
      if (doc) return { habilitation: toHabilitation(doc), changed: true };
      const existing = await find(id);
      return existing && { habilitation: existing, changed: false };
    },

    async list(filter: HabilitationFilter, page: { page: number; pageSize: number }): Promise<Page<Habilitation>> {
      const query = toQuery(filter);
      const [docs, total] = await Promise.all([
        Habilitation.find(query)
          .sort({ createdAt: -1, _id: 1 })
          .skip((page.page - 1) * page.pageSize)
          .limit(page.pageSize)
          .lean<Stored[]>(),
        Habilitation.countDocuments(query),
      ]);
      return { items: docs.map(toHabilitation), total };
    },

    /** Every grant and revocation of the habilitations that match, newest first. */
    async history(filter: HabilitationFilter, page: { page: number; pageSize: number }): Promise<Page<{ habilitation: Habilitation; change: HabilitationChange }>> {
      const query = toQuery(filter);
      // FerretDB 1.x's $unwind keeps only `_id` and the unwound field: the page of changes is
      // found first, then the habilitations they belong to.
      const [rows, counted] = await Promise.all([
        Habilitation.aggregate<{ _id: string; changes: { _id: string } }>([
          { $match: query },
          { $unwind: '$changes' },
          { $sort: { 'changes.at': -1, 'changes._id': 1 } },
          { $skip: (page.page - 1) * page.pageSize },
          { $limit: page.pageSize },
        ]),
        Habilitation.aggregate<{ n: number }>([{ $match: query }, { $unwind: '$changes' }, { $count: 'n' }]),
      ]);
      const owners = await Habilitation.find({ _id: { $in: [...new Set(rows.map((row) => row._id))] } }).lean<Stored[]>();
      const byId = new Map(owners.map((doc) => [doc._id, toHabilitation(doc)]));
      return {
        items: rows.flatMap((row) => {
          const habilitation = byId.get(row._id);
          const change = habilitation?.changes.find((c) => c.id === row.changes._id);
          return habilitation && change ? [{ habilitation: { ...habilitation, changes: [] }, change }] : [];
        }),
        total: counted[0]?.n ?? 0,
      };
    },

    /** Records the `sub` a person signed in with, on each habilitation of theirs. */
    async recordSignIn(email: string, sub: string, idpId: string | null): Promise<void> {
      await Habilitation.updateMany({ principalKind: 'person', principalId: email }, { $addToSet: { seenSubs: { sub, idpId } } });
    },

    /** Up to `limit` people habilitated for this SIRET: whom a colleague without habilitation may ask. */
    async colleaguesOf(siret: string, limit = 3): Promise<string[]> {
      const docs = await Habilitation.find({ siret, role: 'structure', active: true, principalKind: 'person' }).sort({ createdAt: 1 }).limit(limit).lean<Stored[]>();
      return docs.map((d) => d.principalId);
    },
  };
}
