import { z } from 'zod';
import { businessDateSchema } from '../calendar/business-date';
import { departmentCodeSchema } from '../identity/department';
import { siretSchema } from '../identity/siret';
import { contractTypeSchema, policyIdSchema, sectorSchema, structureKindSchema } from '../policies/policy';
import { exemptionSchema } from '../policies/training-paths';

/**
 * One zod schema per event payload (RULES.md §4.1). They are the single source of the events'
 * types, of the API's validation and of its OpenAPI document. Unknown fields are refused.
 */

const text = z.string().trim().min(1).max(4000);
const cents = z.number().int().nonnegative();
const positiveCents = z.number().int().positive();

const PUBLIC_KINDS = ['territorial-authority', 'grouping', 'gip', 'other-public'] as const;

export const structureSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(300),
    siret: siretSchema,
    sector: sectorSchema,
    kind: structureKindSchema,
    department: departmentCodeSchema,
    // AMI 2021 (002_ba07e18f5cc1ad7d.txt): a national network covers ≥ 4 regions, ≥ 5 départements, ≥ 1 000 beneficiaries.
    nationalNetwork: z
      .strictObject({
        regions: z.number().int().min(4, 'un réseau national couvre au moins 4 régions (AMI 2021)'),
        departments: z.number().int().min(5, 'un réseau national couvre au moins 5 départements (AMI 2021)'),
        beneficiaries: z
          .number()
          .int()
          .min(1000, 'un réseau national accompagne directement au moins 1 000 bénéficiaires (AMI 2021)'),
      })
      .optional(),
  })
  .refine((s) => (PUBLIC_KINDS as readonly string[]).includes(s.kind) === (s.sector === 'public'), {
    message: 'la nature de la structure ne correspond pas à son secteur (public ou privé)',
    path: ['kind'],
  });
export type Structure = z.infer<typeof structureSchema>;

export const advisorSchema = z.strictObject({
  firstName: z.string().trim().min(1).max(200),
  lastName: z.string().trim().min(1).max(200),
  email: z.email(),
});
export type Advisor = z.infer<typeof advisorSchema>;

export const staffEventSchemas = {
  SUBMIT_APPLICATION: z.strictObject({
    type: z.literal('SUBMIT_APPLICATION'),
    structure: structureSchema,
    policy: policyIdSchema.optional(),
    appliedOn: businessDateSchema,
  }),
  REQUEST_INFORMATION: z.strictObject({ type: z.literal('REQUEST_INFORMATION'), questions: text }),
  PROVIDE_INFORMATION: z.strictObject({ type: z.literal('PROVIDE_INFORMATION'), answers: text }),
  GIVE_PREFECTURE_OPINION: z.strictObject({
    type: z.literal('GIVE_PREFECTURE_OPINION'),
    opinion: z.enum(['favorable', 'unfavorable']),
    reasons: text,
  }),
  COMMITTEE_DECISION: z.strictObject({
    type: z.literal('COMMITTEE_DECISION'),
    decision: z.enum(['validated', 'rejected']),
    decidedOn: businessDateSchema,
    notifiedOn: businessDateSchema.optional(),
    reasons: text.optional(),
  }),
  VALIDATE_CANDIDATE: z.strictObject({ type: z.literal('VALIDATE_CANDIDATE'), advisor: advisorSchema }),
  PUBLISH_JOB_OFFER: z.strictObject({ type: z.literal('PUBLISH_JOB_OFFER'), publishedOn: businessDateSchema }),
  SUBMIT_SUBSIDY_REQUEST: z.strictObject({
    type: z.literal('SUBMIT_SUBSIDY_REQUEST'),
    dossierNumber: z.string().trim().min(1).max(100),
    submittedOn: businessDateSchema,
  }),
  REQUEST_DOCUMENTS: z.strictObject({
    type: z.literal('REQUEST_DOCUMENTS'),
    documents: z.array(z.string().trim().min(1).max(300)).min(1),
    // The day the instruction clock pauses (RULES.md §2.3); without it the pause counts from the last resumption.
    requestedOn: businessDateSchema.optional(),
  }),
  PROVIDE_DOCUMENTS: z.strictObject({ type: z.literal('PROVIDE_DOCUMENTS'), providedOn: businessDateSchema }),
  VALIDATE_CONFORMITY: z.strictObject({ type: z.literal('VALIDATE_CONFORMITY'), validatedOn: businessDateSchema }),
  ENROL_IN_TRAINING: z.strictObject({
    type: z.literal('ENROL_IN_TRAINING'),
    trainingOrgId: z.string().trim().min(1).max(100),
    enrolledOn: businessDateSchema,
  }),
  RECORD_POSITIONING: z
    .strictObject({
      type: z.literal('RECORD_POSITIONING'),
      hours: z.number().int().positive().optional(),
      exemption: exemptionSchema.optional(),
    })
    .refine((e) => (e.hours === undefined) !== (e.exemption === undefined), {
      message: 'indiquer soit un parcours en heures, soit une dispense, pas les deux',
      path: ['hours'],
    }),
  SIGN_CONTRACT: z
    .strictObject({
      type: z.literal('SIGN_CONTRACT'),
      contractType: contractTypeSchema,
      signedOn: businessDateSchema,
      startsOn: businessDateSchema,
      endsOn: businessDateSchema.optional(),
      otherAidCents: cents.optional(),
    })
    .refine((e) => e.endsOn === undefined || e.endsOn > e.startsOn, {
      message: 'la fin du contrat doit suivre son début',
      path: ['endsOn'],
    }),
  TRANSMIT_CONTRACT: z.strictObject({ type: z.literal('TRANSMIT_CONTRACT'), transmittedOn: businessDateSchema }),
  SIGN_CONVENTION: z.strictObject({
    type: z.literal('SIGN_CONVENTION'),
    signedOn: businessDateSchema,
    amountCents: positiveCents.optional(),
    // The planned contract's type, when the convention is signed before the contract: it fixes the amount.
    contractType: contractTypeSchema.optional(),
    // 2021 public guide: 24 to 36 months; elsewhere the policy's own length.
    months: z.number().int().min(1).max(36).optional(),
  }),
  START_TRAINING: z.strictObject({ type: z.literal('START_TRAINING'), startedOn: businessDateSchema }),
  COMPLETE_TRAINING: z.strictObject({
    type: z.literal('COMPLETE_TRAINING'),
    completedOn: businessDateSchema,
    ccp1: z.enum(['passed', 'failed', 'exempt']),
    pix: z.boolean().optional(),
  }),
  CONFIRM_TRANCHE_PAYMENT: z.strictObject({
    type: z.literal('CONFIRM_TRANCHE_PAYMENT'),
    tranche: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    paidOn: businessDateSchema,
    amountCents: positiveCents,
  }),
  SUSPEND_PAYMENTS: z.strictObject({ type: z.literal('SUSPEND_PAYMENTS'), reason: text }),
  RESUME_PAYMENTS: z.strictObject({ type: z.literal('RESUME_PAYMENTS'), reason: text }),
  DECLARE_ABSENCE: z
    .strictObject({
      type: z.literal('DECLARE_ABSENCE'),
      kind: z.enum(['sick', 'maternity', 'parental']),
      from: businessDateSchema,
      to: businessDateSchema,
      // FAQ (003_0395d5c6dd79564e.txt): "fournir les justificatifs ainsi que la durée de son indisponibilité".
      supportingDocuments: z.string().trim().min(1).max(300).optional(),
    })
    .refine((e) => e.to >= e.from, { message: 'la fin de l’absence doit suivre son début', path: ['to'] }),
  END_ABSENCE: z.strictObject({ type: z.literal('END_ABSENCE'), endedOn: businessDateSchema }),
  DECLARE_CONTRACT_RUPTURE: z.strictObject({
    type: z.literal('DECLARE_CONTRACT_RUPTURE'),
    endedOn: businessDateSchema,
    reason: z.enum(['dismissal', 'resignation', 'cdd-not-renewed', 'cdi-conversion', 'end-of-funding', 'other']),
  }),
  // Revision 3 asks for `grantedOn` and makes `newDeadline` optional: one month from the grant by default.
  GRANT_DEROGATION: z.strictObject({
    type: z.literal('GRANT_DEROGATION'),
    grantedOn: businessDateSchema.optional(),
    newDeadline: businessDateSchema.optional(),
  }),
  WITHDRAW_POST: z.strictObject({ type: z.literal('WITHDRAW_POST'), reason: text }),
  REQUEST_RENEWAL: z.strictObject({ type: z.literal('REQUEST_RENEWAL'), requestedOn: businessDateSchema }),
  VALIDATE_RENEWAL: z.strictObject({
    type: z.literal('VALIDATE_RENEWAL'),
    signedOn: businessDateSchema,
    amountCents: positiveCents,
    months: z.number().int().min(1).max(36),
  }),
  REFUSE_RENEWAL: z.strictObject({ type: z.literal('REFUSE_RENEWAL'), reasons: text }),
  DECLINE_RENEWAL: z.strictObject({ type: z.literal('DECLINE_RENEWAL') }),
  EXIT_EARLY: z.strictObject({ type: z.literal('EXIT_EARLY'), exitedOn: businessDateSchema, reason: text }),
  RETURN_POST: z.strictObject({ type: z.literal('RETURN_POST'), returnedOn: businessDateSchema, reason: text }),
  // Revision 3 asks for `transferredOn`: the day the target's post is granted, its recruitment deadline's start.
  TRANSFER_POST: z.strictObject({
    type: z.literal('TRANSFER_POST'),
    targetStructure: structureSchema,
    transferredOn: businessDateSchema.optional(),
  }),
} as const;

/** Events raised by the workflow's own timers: never accepted from staff. */
export const systemEventSchemas = {
  RECRUITMENT_DEADLINE_REACHED: z.strictObject({ type: z.literal('RECRUITMENT_DEADLINE_REACHED'), on: businessDateSchema }),
  TRANCHE_DUE: z.strictObject({
    type: z.literal('TRANCHE_DUE'),
    tranche: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    on: businessDateSchema,
  }),
  CONVENTION_END_REACHED: z.strictObject({ type: z.literal('CONVENTION_END_REACHED'), on: businessDateSchema }),
  FOLLOW_UP_DUE: z.strictObject({
    type: z.literal('FOLLOW_UP_DUE'),
    on: businessDateSchema,
    // Histories recorded before the 2021 follow-up reports only knew the monthly activity report.
    report: z.enum(['activity', 'subsidy-use', 'hosting-conditions']).default('activity'),
  }),
  ABSENCE_END_REACHED: z.strictObject({ type: z.literal('ABSENCE_END_REACHED'), on: businessDateSchema }),
} as const;

/**
 * The first event of a post that ANCT moved from another one (RULES.md §4, TRANSFER_POST): the
 * origin's workflow starts the target's with it, as an application starts any other post.
 */
export const transferredInEventSchema = z.strictObject({
  type: z.literal('TRANSFERRED_IN'),
  fromPostId: z.string().min(1).max(128),
  structure: structureSchema,
  policy: policyIdSchema,
  transferredOn: businessDateSchema,
});
export type TransferredInEvent = z.infer<typeof transferredInEventSchema>;

export type StaffEventType = keyof typeof staffEventSchemas;
export type SystemEventType = keyof typeof systemEventSchemas;
export type PostEventType = StaffEventType | SystemEventType;
export type StaffEvent = { [K in StaffEventType]: z.infer<(typeof staffEventSchemas)[K]> }[StaffEventType];
export type SystemEvent = { [K in SystemEventType]: z.infer<(typeof systemEventSchemas)[K]> }[SystemEventType];
export type PostEvent = StaffEvent | SystemEvent;

export const staffEventTypes = Object.keys(staffEventSchemas) as StaffEventType[];
export const systemEventTypes = Object.keys(systemEventSchemas) as SystemEventType[];
export const postEventTypes: PostEventType[] = [...staffEventTypes, ...systemEventTypes];

export function isStaffEventType(type: string): type is StaffEventType {
  return Object.hasOwn(staffEventSchemas, type);
}
