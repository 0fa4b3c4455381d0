import { z } from 'zod';
import { businessDateSchema } from '../domain/calendar/business-date';
import { departmentCodeSchema } from '../domain/identity/department';
import { siretSchema } from '../domain/identity/siret';
import { staffRoleSchema } from '../domain/lifecycle/actor';
import {
  advisorSchema,
  contactSchema,
  type StaffEventType,
  staffEventSchemas,
  staffEventTypes,
  structureSchema,
  systemEventTypes,
} from '../domain/lifecycle/post-events';
import { postStatuses } from '../domain/lifecycle/post-status';
import { deliveryStates } from '../mail/delivery/delivery-state';
import { contractTypeSchema, policyIdSchema } from '../domain/policies/policy';
import { eventRules } from './openapi-constraints';

/**
 * The API's own schemas: what its routes accept besides events (whose schemas are the domain's,
 * `staffEventSchemas`), and what they answer. The routes parse with them and the OpenAPI document
 * is generated from them, so the document cannot drift from the code. `.meta({ id })` names the
 * components of the document.
 */

// ---------------------------------------------------------------- requests

/** `POST /api/v1/posts`: the application. The API adds `type` and `appliedOn` (today in Paris). */
export const createPostBodySchema = z
  .strictObject({
    structure: structureSchema,
    contact: contactSchema.meta({ description: 'La personne de la structure à qui le programme écrit au sujet du poste (rappels et avis par courriel).' }),
    policy: policyIdSchema.optional(),
  })
  .meta({ id: 'CreatePostRequest', description: 'Candidature d’une structure (RULES.md §4.1). Le jour de la candidature est fixé par l’API.' });

const pascal = (type: string) =>
  type
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

/** Events sent to an existing post: every staff event but the application, which creates the post. */
export const postEventTypesForRoute = staffEventTypes.filter((type) => type !== 'SUBMIT_APPLICATION') as Exclude<
  StaffEventType,
  'SUBMIT_APPLICATION'
>[];

/** Documentation only: the route hands the body to the shared decision function, which parses it with these very schemas. */
export const postEventBodySchema = z
  .discriminatedUnion(
    'type',
    postEventTypesForRoute.map((type) => staffEventSchemas[type].meta({ id: `${pascal(type)}Event`, ...eventRules[type] })) as unknown as [
      (typeof staffEventSchemas)[Exclude<StaffEventType, 'SUBMIT_APPLICATION'>],
      ...(typeof staffEventSchemas)[Exclude<StaffEventType, 'SUBMIT_APPLICATION'>][],
    ],
  )
  .meta({ id: 'PostEventRequest', description: 'Un événement de RULES.md §4, avec sa charge utile (§4.1). Champs inconnus refusés.' });

export const postIdParamsSchema = z.strictObject({
  id: z.string().min(1).max(128).meta({ description: 'Identifiant du poste (UUID attribué à la candidature).' }),
});

/** A whole number in a query string; the document shows the number zod checks, not the digits it reads. */
export const queryNumber = (min: number, max: number, fallback: number, description: string) =>
  z
    .string()
    .regex(/^[0-9]{1,6}$/, 'nombre entier attendu')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional()
    .transform((n) => n ?? fallback)
    .meta({ type: 'integer', minimum: min, maximum: max, default: fallback, description });

/** `GET /api/v1/posts`: every filter optional; a repeated or unknown parameter is refused. */
export const listPostsQuerySchema = z.strictObject({
  status: z.enum(postStatuses).optional().meta({ description: 'Statut public (RULES.md §3.1).' }),
  department: departmentCodeSchema.optional().meta({ description: 'Code département de la structure.' }),
  siret: siretSchema.optional().meta({ description: 'SIRET de la structure.' }),
  policy: policyIdSchema.optional(),
  deadlineBefore: businessDateSchema
    .optional()
    .meta({ description: 'Postes dont la prochaine échéance en cours (`nextDeadlineOn`) tombe strictement avant ce jour (AAAA-MM-JJ).' }),
  page: queryNumber(1, 100_000, 1, 'Page, à partir de 1 (défaut 1).'),
  pageSize: queryNumber(1, 100, 20, 'Taille de page, 1 à 100 (défaut 20).'),
});
export type ListPostsQuery = z.infer<typeof listPostsQuerySchema>;

// ---------------------------------------------------------------- responses

const date = z.string().meta({ format: 'date', description: 'Jour calendaire AAAA-MM-JJ' });
const instant = z.string().meta({ format: 'date-time' });
const cents = z.number().int().meta({ description: 'Montant en centimes d’euro' });

export const deadlineResourceSchema = z.object({ kind: z.string(), dueOn: date }).meta({ id: 'Deadline' });

export const trancheResourceSchema = z
  .object({
    number: z.number().int().min(1),
    percent: z.number().int(),
    amountCents: cents,
    dueOn: date,
    status: z.enum(['scheduled', 'due', 'paid', 'suspended']),
    paidOn: date.nullable(),
  })
  .meta({ id: 'Tranche' });

export const conventionResourceSchema = z
  .object({
    amountCents: cents,
    months: z.number().int(),
    signedOn: date,
    endsOn: date,
    period: z.number().int().min(1),
    policy: policyIdSchema,
  })
  .meta({ id: 'Convention' });

export const contractResourceSchema = z
  .object({
    contractType: contractTypeSchema,
    signedOn: date,
    startsOn: date,
    endsOn: date.nullable(),
    otherAidCents: cents,
    transmittedOn: date.nullable(),
  })
  .meta({ id: 'Contract' });

export const postResourceSchema = z
  .object({
    id: z.string(),
    version: z.number().int().min(1).meta({ description: 'Nombre d’événements acceptés' }),
    status: z.enum(postStatuses),
    policy: policyIdSchema,
    structure: structureSchema,
    contact: contactSchema
      .nullable()
      .meta({ description: 'À qui les avis de la structure sont envoyés ; null pour un poste ouvert avant les contacts (CHANGE_CONTACT le donne).' }),
    advisor: advisorSchema.nullable(),
    trainingOrgId: z.string().nullable(),
    deadlines: z.array(deadlineResourceSchema),
    nextDeadlineOn: date.nullable(),
    convention: conventionResourceSchema.nullable(),
    tranches: z.array(trancheResourceSchema),
    contract: contractResourceSchema.nullable(),
    absence: z.object({ kind: z.enum(['sick', 'maternity', 'parental']), from: date, to: date }).nullable(),
    outcome: z
      .object({
        kind: z.enum(['rejected', 'withdrawn', 'closed', 'exited_early', 'returned', 'transferred']),
        on: date.nullable(),
        reason: z.string().nullable(),
      })
      .nullable(),
    transferredFrom: z.string().nullable().meta({ description: 'Le poste dont celui-ci vient, quand l’ANCT l’a transféré (RULES.md §4)' }),
    transferredTo: z.string().nullable().meta({ description: 'Le poste créé pour la structure cible du transfert (RULES.md §4)' }),
    createdAt: instant.nullable(),
    updatedAt: instant.nullable(),
  })
  .meta({ id: 'PostSummary', description: 'Un poste, tel que le modèle de lecture MongoDB le garde.' });
export type PostResource = z.infer<typeof postResourceSchema>;

export const postDetailSchema = postResourceSchema
  .extend({
    allowedEvents: z
      .array(z.enum(staffEventTypes as [StaffEventType, ...StaffEventType[]]))
      .nullable()
      .meta({
        description:
          'Les événements que l’appelant peut envoyer maintenant (requête au workflow). null seulement si Temporal ne répond plus juste après une transition réussie : redemander par GET.',
      }),
  })
  .meta({ id: 'Post' });
export type PostDetail = z.infer<typeof postDetailSchema>;

export const postListSchema = z
  .object({
    items: z.array(postResourceSchema),
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1),
    total: z.number().int().min(0),
  })
  .meta({ id: 'PostList' });

const actorResourceSchema = z
  .object({
    id: z.string(),
    role: z.union([staffRoleSchema, z.literal('system')]),
    siret: z.string().optional(),
    department: z.string().optional(),
    trainingOrgId: z.string().optional(),
  })
  .meta({ id: 'Actor' });

const issueSchema = z.object({ path: z.string(), message: z.string() }).meta({ id: 'FieldIssue' });
const anyEventType = z.enum([...staffEventTypes, ...systemEventTypes] as [string, ...string[]]);

export const refusalResourceSchema = z
  .object({
    kind: z.enum(['invalid_payload', 'forbidden', 'not_allowed']),
    code: z.string(),
    message: z.string(),
    issues: z.array(issueSchema).optional(),
    allowedEvents: z.array(anyEventType).optional(),
  })
  .meta({ id: 'Refusal' });

export const historyEntrySchema = z
  .object({
    outcome: z.enum(['accepted', 'refused']),
    version: z.number().int().nullable().meta({ description: 'Version atteinte (événement accepté) ; null pour un refus' }),
    requestId: z.string(),
    actor: actorResourceSchema,
    type: z.string(),
    payload: z.record(z.string(), z.unknown()).nullable(),
    rulesRevision: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'Révision des règles qui a décidé l’événement accepté ; null pour un refus ou un événement enregistré avant les révisions' }),
    receivedAt: instant,
    statusBefore: z.enum(postStatuses).nullable(),
    status: z.enum(postStatuses).nullable().meta({ description: 'Statut après l’événement ; inchangé pour un refus' }),
    refusal: refusalResourceSchema.nullable(),
  })
  .meta({ id: 'HistoryEntry' });

/** RULES.md §6: the accepted events replayed with today's rules, for auditors to check the record. */
export const timelineReplaySchema = z
  .object({
    consistent: z.boolean(),
    replayedEvents: z.number().int(),
    finalStatus: z.enum(postStatuses).nullable(),
    divergences: z.array(
      z.object({
        version: z.number().int(),
        recorded: z.enum(postStatuses),
        replayed: z.union([z.enum(postStatuses), z.literal('refused')]),
        reason: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'TimelineReplay', description: 'Les événements acceptés rejoués avec les règles d’aujourd’hui (RULES.md §6)' });

export const historySchema = z
  .object({ postId: z.string(), items: z.array(historyEntrySchema), replay: timelineReplaySchema })
  .meta({ id: 'PostHistory' });

export const deliveryResourceSchema = z
  .object({
    state: z.enum(deliveryStates).meta({
      description: 'pending : en cours d’envoi (nouvelles tentatives pendant trois jours) ; sent : remis au serveur SMTP, jamais renvoyé ; failed : refusé par le serveur ou abandonné ; no_recipient : aucune adresse connue.',
    }),
    attempts: z.number().int().min(0),
    lastError: z.string().nullable().meta({ description: 'La réponse du serveur SMTP, ou pourquoi aucune adresse n’est connue' }),
    lastAttemptAt: instant.nullable(),
    sentAt: instant.nullable(),
    messageId: z.string().nullable().meta({ description: 'Dérivé de la clé de la notification : le même à chaque envoi' }),
    to: z.array(z.string()),
    cc: z.array(z.string()),
    resends: z.array(z.object({ at: instant, by: z.object({ id: z.string(), role: z.string() }) })).meta({ description: 'Chaque renvoi demandé par l’ANCT' }),
  })
  .meta({ id: 'NotificationDelivery', description: 'L’envoi de la notification par courriel.' });

export const notificationResourceSchema = z
  .object({
    key: z.string(),
    postId: z.string(),
    topic: z.string(),
    recipientRole: staffRoleSchema,
    recipientScope: z.string().nullable(),
    subject: z.string(),
    body: z.string(),
    deadlineKind: z.string().nullable(),
    dueOn: date.nullable(),
    createdAt: instant,
    delivery: deliveryResourceSchema
      .nullable()
      .meta({ description: 'null : écrite avant l’envoi des courriels et jamais envoyée ; l’ANCT peut l’envoyer (POST /api/v1/notifications/{key}/resend).' }),
  })
  .meta({ id: 'Notification' });

export const notificationsSchema = z
  .object({ postId: z.string(), items: z.array(notificationResourceSchema) })
  .meta({ id: 'PostNotifications' });

export const problemSchema = z
  .object({
    type: z.string().meta({ description: 'urn:cnum-orchestrator:problem:<code>' }),
    code: z.string().meta({ description: 'Code stable, pour les programmes' }),
    title: z.string().meta({ description: 'Titre, en français' }),
    status: z.number().int(),
    detail: z.string().meta({ description: 'Explication, en français' }),
    instance: z.string().optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 (application/problem+json)' });

export const validationProblemSchema = problemSchema
  .extend({ issues: z.array(issueSchema) })
  .meta({ id: 'ValidationProblem', description: 'Données invalides : chaque champ refusé, avec son chemin.' });

export const notAllowedProblemSchema = problemSchema
  .extend({
    rule: z.string().meta({ description: 'La règle qui refuse l’événement (même valeur que code)' }),
    allowedEvents: z.array(anyEventType),
  })
  .meta({ id: 'NotAllowedProblem', description: 'Événement impossible maintenant : la règle, et ce qui est possible.' });

export const healthSchema = z
  .object({
    status: z.enum(['up']),
    dependencies: z.record(z.string(), z.object({ status: z.enum(['up', 'down']), error: z.string().optional() })),
  })
  .meta({ id: 'Health' });
