import { z } from 'zod';
import { businessDateSchema } from '../domain/calendar/business-date';
import { departmentCodeSchema } from '../domain/identity/department';
import { postStatuses } from '../domain/lifecycle/post-status';
import { policyIdSchema } from '../domain/policies/policy';
import { delayStages } from '../stats/programme-figures';

export const STATS_PATH = '/api/v1/stats';

/** `GET /api/v1/stats`: every filter optional; a repeated or unknown parameter is refused, as on the list. */
export const statsQuerySchema = z.strictObject({
  department: departmentCodeSchema.optional().meta({ description: 'Code département de la structure.' }),
  policy: policyIdSchema.optional(),
  from: businessDateSchema.optional().meta({ description: 'Premier jour de la période (AAAA-MM-JJ), inclus.' }),
  to: businessDateSchema
    .optional()
    .meta({ description: 'Dernier jour de la période (AAAA-MM-JJ), inclus. Avant `from`, la période ne contient aucun jour : les chiffres de la période sont nuls.' }),
});
export type StatsQuery = z.infer<typeof statsQuerySchema>;

const date = z.string().meta({ format: 'date', description: 'Jour calendaire AAAA-MM-JJ' });
const cents = (description: string) => z.number().int().min(0).meta({ description: `${description} En centimes d’euro.` });
const count = z.number().int().min(0);
const regionSchema = z
  .object({ code: z.string(), name: z.string() })
  .nullable()
  .meta({ id: 'Region', description: 'Région du département (code officiel géographique) ; 975 est compté à part ; null pour un code inconnu.' });
const statusCountSchema = z.object({ status: z.enum(postStatuses), posts: count }).meta({ id: 'StatusCount' });
const moneyFields = {
  committedCents: cents('Subventions des conventions signées dans la période.'),
  paidCents: cents('Tranches payées dans la période.'),
  dueWithin30DaysCents: cents('Tranches non payées, hors attente, dues au plus tard dans 30 jours (celles déjà dues comprises), des postes en cours (pas ceux clos, sortis, rendus, transférés, retirés ou refusés).'),
  dueWithin90DaysCents: cents('Idem, au plus tard dans 90 jours.'),
  waitingCents: cents('Tranches échues en attente : paiements suspendus, ou poste vacant (RULES.md §2.2).'),
};
const delaySchema = z
  .object({
    stage: z.enum(delayStages),
    posts: count.meta({ description: 'Postes dont l’étape s’est achevée dans la période.' }),
    medianDays: z.number().nullable().meta({ description: 'Médiane en jours (au dixième) ; null sans aucun poste.' }),
    p90Days: z.number().nullable().meta({ description: '90e centile en jours (interpolé, comme CENTILE d’un tableur) ; null sans aucun poste.' }),
  })
  .meta({ id: 'StageDelay' });

export const programmeFiguresSchema = z
  .object({
    today: date,
    period: z.object({ from: date.nullable(), to: date.nullable() }),
    posts: z.object({
      total: count,
      byStatus: z.array(statusCountSchema),
      byDepartment: z.array(z.object({ department: z.string(), region: regionSchema, total: count, byStatus: z.array(statusCountSchema) })),
      byRegion: z.array(z.object({ region: regionSchema, total: count, byStatus: z.array(statusCountSchema) })),
    }),
    money: z.object({
      ...moneyFields,
      byDepartment: z.array(z.object({ department: z.string(), region: regionSchema, ...moneyFields })),
      byMonth: z.array(
        z.object({
          month: z.string().regex(/^[0-9]{4}-[0-9]{2}$/),
          paidCents: cents('Tranches payées ce mois.'),
          dueCents: cents('Tranches non payées, hors attente, qui tombent ce mois.'),
        }),
      ),
    }),
    delays: z.array(delaySchema),
    recruitment: z.object({ overdue: count, byDepartment: z.array(z.object({ department: z.string(), overdue: count })) }),
    reminders: z.object({
      total: count,
      sent: count,
      failed: count,
      noRecipient: count.meta({ description: 'Sans adresse : aucun destinataire connu.' }),
      pending: count,
      beforeEmailDelivery: count.meta({ description: 'Lignes écrites avant l’envoi par courriel, jamais envoyées.' }),
    }),
  })
  .meta({ id: 'ProgrammeFigures' });
/** What the route answers; the route assigns the figures to it, so the compiler checks they fit the document. */
export type StatsResource = z.infer<typeof programmeFiguresSchema>;
