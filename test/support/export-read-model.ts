import type { Structure } from '../../domain/lifecycle/post-events';
import type { StoredPostSnapshot } from '../../domain/lifecycle/post-snapshot';
import { postView } from '../../domain/lifecycle/post-view';
import { siretWithCheckDigit } from '../../domain/identity/siret';
import type { Models } from '../../models/create-models';
import { encodePostFigures } from '../../models/post-figure.model';
import { postDocumentOf } from '../../models/post.model';
import { postFiguresOf, type StageMarks } from '../../stats/post-figures';
import type { BusinessDate } from '../../domain/calendar/business-date';
import { after, situations } from './post-situations';

/**
 * A read model of N posts at every stage of the machine, written straight through the Mongoose
 * models (Post, Tranche, Notification, PostFigure documents as the workflow's activity writes them), for the
 * exports' test and benchmark: no workflow needs to run for an export to read them.
 */
export interface ExportSeed {
  posts: number;
  departments: readonly string[];
  /** Prefix of the posts' ids, so that two seeds in one database do not meet. */
  prefix: string;
  /** The first post's creation; each next one a minute earlier (the exports list the newest first). */
  createdFrom?: Date;
}

const TOWNS = ['Sainte-Anne', 'Le Gosier', 'Baie-Mahault', 'Saint-François', 'Le Lamentin', 'Saint-Paul', 'Évry', 'Lyon', 'Marseille', 'Rennes'];
/** Delivery states of the notices, in turn; an undefined one is a row written before email delivery. */
const DELIVERIES = ['sent', 'failed', 'no_recipient', 'pending', undefined] as const;
const WRITE_BATCH = 500;

function stages(): StoredPostSnapshot[] {
  const s = situations();
  // A tranche paid and one suspended, beside the due and scheduled ones the situations hold.
  const paid = after(s.trancheDue, 'CONFIRM_TRANCHE_PAYMENT');
  const suspended = after(s.suspended, 'TRANCHE_DUE');
  return [...Object.values(s), paid, suspended];
}

/** Stage days of the n-th post, a different one for each stage and post; training ends for one post in four. */
function stagesOf(n: number): StageMarks {
  const day = (month: number) => `2025-${String(month).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}` as BusinessDate;
  return {
    applied: { version: 1, on: day(1) },
    committee: { version: 3, on: day(2) },
    granted: { version: 3, on: day(2) },
    candidateValidated: { version: 4, on: day(3) },
    contractSigned: { version: 6, on: day(4) },
    conformity: { version: 7, on: day(5) },
    trainingStarted: { version: 8, on: day(6) },
    ...(n % 4 === 0 ? { trainingCompleted: { version: 9, on: day(9) } } : {}),
  };
}

export function seedPostId(seed: ExportSeed, n: number): string {
  return `${seed.prefix}-${String(n).padStart(6, '0')}`;
}

export async function seedExportReadModel(models: Models, seed: ExportSeed): Promise<void> {
  const snapshots = stages();
  const from = (seed.createdFrom ?? new Date('2026-11-30T23:30:00Z')).getTime();
  for (let start = 0; start < seed.posts; start += WRITE_BATCH) {
    const posts: Record<string, unknown>[] = [];
    const tranches: Record<string, unknown>[] = [];
    const notifications: Record<string, unknown>[] = [];
    const figures: Record<string, unknown>[] = [];
    for (let n = start; n < Math.min(seed.posts, start + WRITE_BATCH); n++) {
      const postId = seedPostId(seed, n);
      const kind = n % 3 === 0 ? 'association' : 'territorial-authority';
      const structure: Structure = {
        name: `${kind === 'association' ? 'Association' : 'Commune'} de ${TOWNS[n % TOWNS.length]} ; « ${n} »`,
        siret: siretWithCheckDigit(`${kind === 'association' ? 4 : 2}${String(n).padStart(6, '0')}${seed.prefix.replace(/\D/g, '').padStart(6, '0').slice(-6)}`),
        sector: kind === 'association' ? 'private' : 'public',
        kind,
        department: seed.departments[n % seed.departments.length]!,
      };
      const state = snapshots[n % snapshots.length]!;
      const view = postView(postId, 1, { ...state, context: { ...state.context, postId, structure } });
      const createdAt = new Date(from - n * 60_000);
      posts.push({ _id: postId, ...postDocumentOf(view), createdAt, updatedAt: createdAt });
      // Every other post has its stages' days; the others stand for posts unchanged since the statistics' copy existed.
      if (n % 2 === 0) figures.push({ _id: postId, department: structure.department, figures: encodePostFigures(postFiguresOf(view, stagesOf(n))) });
      if (view.convention) {
        const { period } = view.convention;
        for (const tranche of view.tranches) {
          const key = `post:${postId}:period:${period}:tranche:${tranche.number}`;
          tranches.push({ _id: key, key, postId, period, ...tranche });
        }
      }
      for (let i = 0; i < n % 4; i++) {
        const key = `${postId}:notice:${i}`;
        const at = new Date(createdAt.getTime() + i * 3_600_000).toISOString();
        const state = DELIVERIES[(n + i) % DELIVERIES.length];
        notifications.push({
          _id: key,
          key,
          postId,
          topic: i % 2 ? 'tranche-due' : 'recruitment-deadline-reminder',
          recipientRole: i % 2 ? 'bdt' : 'structure',
          recipientScope: i % 2 ? null : structure.siret,
          subject: `Rappel ${i + 1} ; « ${structure.name} »`,
          body: 'Corps du message, que les exports ne lisent pas.',
          deadlineKind: i % 2 ? 'tranche-1' : 'recruitment',
          dueOn: '2027-01-15',
          createdAt: at,
          ...(state
            ? {
                delivery: {
                  state,
                  attempts: state === 'pending' ? 0 : 1,
                  lastAttemptAt: state === 'pending' ? null : at,
                  sentAt: state === 'sent' ? at : null,
                  to: state === 'no_recipient' ? [] : [`contact-${n}@example.fr`],
                },
              }
            : { delivery: null }),
        });
      }
    }
    await models.Post.insertMany(posts, { ordered: false });
    if (tranches.length) await models.Tranche.insertMany(tranches, { ordered: false });
    if (notifications.length) await models.Notification.insertMany(notifications, { ordered: false });
    if (figures.length) await models.PostFigure.insertMany(figures, { ordered: false });
  }
}
