import { z } from 'zod';

/**
 * The audit's report on one post (issue 12), one schema for the CLI's `--json`, the API's
 * `GET /api/v1/posts/:id/audit` and the OpenAPI document. `ok` is true only when everything agrees.
 */
export const auditDifferenceSchema = z
  .object({
    /** Where the difference is: what today's code recorded while replaying, against… */
    against: z.enum(['history', 'timeline', 'read_model', 'refusals']).meta({
      description:
        '`history` : ce que le rejeu recalcule contre ce que l’historique Temporal a enregistré ; `timeline` : contre la chronologie MongoDB ; `read_model` : contre le document du poste ; `refusals` : la chaîne des tentatives refusées.',
    }),
    /** The version of the accepted event (or the sequence of the refusal); null for the read model. */
    version: z.number().int().nullable(),
    field: z.string(),
    workflowValue: z.unknown(),
    storedValue: z.unknown(),
    message: z.string(),
  })
  .meta({ id: 'AuditDifference' });

export const chainVerdictSchema = z
  .object({
    /** Entries written before the chain existed: "unchained up to version N" (not a failure). */
    unchainedUpTo: z.number().int().nullable(),
    chainedFrom: z.number().int().nullable(),
    head: z.object({ version: z.number().int(), hash: z.string() }).nullable(),
    /** The first entry where the chain does not hold, and why. */
    firstBreak: z
      .object({ version: z.number().int(), reason: z.enum(['content', 'link', 'missing', 'duplicate', 'unchained_after_chain']), message: z.string() })
      .nullable(),
  })
  .meta({ id: 'AuditChainVerdict' });

export const postAuditReportSchema = z
  .object({
    postId: z.string(),
    /** `temporal`: read from the servers; `file`: an exported history, offline. */
    source: z.enum(['temporal', 'file']),
    ok: z.boolean(),
    deterministic: z.boolean(),
    /** The first run given continues earlier ones that were not given (one run's file): the chain is checked from it on. */
    earlierRunsMissing: z.boolean(),
    runs: z.array(
      z.object({
        runId: z.string(),
        events: z.number().int(),
        deterministic: z.boolean(),
        error: z
          .object({
            name: z.string(),
            message: z.string(),
            eventId: z.number().int().nullable(),
            eventType: z.string().nullable(),
            during: z.string().nullable(),
          })
          .nullable(),
      }),
    ),
    /** The status today's code reaches after each accepted event, in order. */
    statuses: z.array(
      z.object({
        version: z.number().int(),
        type: z.string(),
        actorRole: z.string().nullable(),
        receivedAt: z.string(),
        rulesRevision: z.number().int().nullable(),
        statusBefore: z.string().nullable(),
        status: z.string(),
        hash: z.string().nullable(),
        runId: z.string(),
      }),
    ),
    /** The chain as the workflow computes it, and as MongoDB holds it (null offline). */
    chain: z.object({ workflow: chainVerdictSchema, stored: chainVerdictSchema.nullable() }),
    /** Refused attempts and their own chain (null offline: Temporal keeps no refusal). */
    refusals: z
      .object({ count: z.number().int(), unchained: z.number().int(), chain: chainVerdictSchema })
      .nullable(),
    /** False offline: the timeline and the read model were not compared. */
    comparedWithStorage: z.boolean(),
    differences: z.array(auditDifferenceSchema),
  })
  .meta({ id: 'PostAuditReport' });

export type AuditDifference = z.infer<typeof auditDifferenceSchema>;
export type ChainVerdict = z.infer<typeof chainVerdictSchema>;
export type PostAuditReport = z.infer<typeof postAuditReportSchema>;
