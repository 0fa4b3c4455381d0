import type { Actor } from '../domain/lifecycle/actor';
import type { Training } from '../domain/lifecycle/post-context';
import { type AccessCheck, actorCoversPost } from '../domain/lifecycle/post-access';
import type { Structure } from '../domain/lifecycle/post-events';
import type { ListPostsQuery, PostResource } from './post-api-schemas';

/** A post as the read model stores it (`models/post.model.ts`), read with `.lean()`. */
export interface PostDocument {
  _id: string;
  version: number;
  status: string;
  policy: string;
  siret: string;
  department: string;
  trainingOrgId?: string | null;
  structure: unknown;
  contact?: { name: string; email: string } | null;
  advisor?: unknown;
  deadlines?: { kind?: string | null; dueOn?: string | null }[];
  nextDeadlineOn?: string | null;
  convention?: unknown;
  tranches?: unknown[];
  contract?: unknown;
  absence?: unknown;
  outcome?: unknown;
  transferredFrom?: string | null;
  transferredTo?: string | null;
  createdAt?: Date | null;
  updatedAt?: Date | null;
}

/**
 * Who may read a post: the same territory check as for acting on it (RULES.md §1, "may see"), the
 * shared `actorCoversPost`. The read model keeps only the training organisation's id of the
 * training, which is all the check reads.
 */
export function actorMaySee(actor: Actor, post: Pick<PostDocument, 'structure' | 'trainingOrgId'>): AccessCheck {
  const training = post.trainingOrgId ? ({ trainingOrgId: post.trainingOrgId } as Training) : null;
  return actorCoversPost(actor, { structure: post.structure as Structure, training });
}

/**
 * The same territory as a MongoDB filter, for lists: the read model's `siret`, `department` and
 * `trainingOrgId` fields are the structure's SIRET and département and the training organisation
 * of `actorCoversPost`. The list test checks that every post listed passes `actorMaySee`.
 */
export function visibleToFilter(actor: Actor): Record<string, string> {
  switch (actor.role) {
    case 'structure':
      return { siret: actor.siret };
    case 'prefecture':
      return { department: actor.department };
    case 'training_org':
      return { trainingOrgId: actor.trainingOrgId };
    case 'anct':
    case 'bdt':
    case 'auditor':
    case 'system':
      return {};
  }
}

/** The list's filters (`listPostsQuerySchema`), without its page. */
export type PostFilters = Pick<ListPostsQuery, 'status' | 'department' | 'siret' | 'policy' | 'deadlineBefore'>;

/**
 * The MongoDB filter of a list of posts: the caller's territory and the filters asked for. The
 * list and the exports share it, so an export holds what the list shows, page after page.
 */
export function postsFilter(actor: Actor, { status, department, siret, policy, deadlineBefore }: PostFilters): Record<string, unknown> {
  const wanted: Record<string, unknown> = {};
  if (status) wanted.status = status;
  if (department) wanted.department = department;
  if (siret) wanted.siret = siret;
  if (policy) wanted.policy = policy;
  if (deadlineBefore) wanted.nextDeadlineOn = { $lt: deadlineBefore, $ne: null };
  const conditions = [visibleToFilter(actor), wanted].filter((c) => Object.keys(c).length > 0);
  return conditions.length > 1 ? { $and: conditions } : (conditions[0] ?? {});
}

const iso = (d: Date | null | undefined) => (d instanceof Date ? d.toISOString() : null);

export function toPostResource(doc: PostDocument): PostResource {
  return {
    id: doc._id,
    version: doc.version,
    status: doc.status as PostResource['status'],
    policy: doc.policy as PostResource['policy'],
    structure: doc.structure as PostResource['structure'],
    contact: doc.contact ?? null,
    advisor: (doc.advisor ?? null) as PostResource['advisor'],
    trainingOrgId: doc.trainingOrgId ?? null,
    deadlines: (doc.deadlines ?? []).map((d) => ({ kind: String(d.kind), dueOn: String(d.dueOn) })),
    nextDeadlineOn: doc.nextDeadlineOn ?? null,
    convention: (doc.convention ?? null) as PostResource['convention'],
    tranches: ((doc.tranches ?? []) as PostResource['tranches']).map((t) => ({
      number: t.number,
      percent: t.percent,
      amountCents: t.amountCents,
      dueOn: t.dueOn,
      status: t.status,
      paidOn: t.paidOn ?? null,
    })),
    contract: (doc.contract ?? null) as PostResource['contract'],
    absence: (doc.absence ?? null) as PostResource['absence'],
    outcome: (doc.outcome ?? null) as PostResource['outcome'],
    transferredFrom: doc.transferredFrom ?? null,
    transferredTo: doc.transferredTo ?? null,
    createdAt: iso(doc.createdAt),
    updatedAt: iso(doc.updatedAt),
  };
}
