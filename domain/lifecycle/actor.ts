import { z } from 'zod';
import { departmentCodeSchema } from '../identity/department';
import { siretSchema } from '../identity/siret';

/** Staff roles of RULES.md §1, plus `system`: the workflow's own timers. */
export const staffRoleSchema = z.enum(['structure', 'prefecture', 'anct', 'bdt', 'training_org', 'auditor']);
export type StaffRole = z.infer<typeof staffRoleSchema>;
export type Role = StaffRole | 'system';

/**
 * Who sends an event. The scope is the territory of the role: the SIRET of a structure, the
 * département of a prefecture, the identifier of a training organisation.
 */
export const actorSchema = z.discriminatedUnion('role', [
  z.object({ id: z.string().min(1), role: z.literal('structure'), siret: siretSchema }),
  z.object({ id: z.string().min(1), role: z.literal('prefecture'), department: departmentCodeSchema }),
  z.object({ id: z.string().min(1), role: z.literal('training_org'), trainingOrgId: z.string().min(1) }),
  z.object({ id: z.string().min(1), role: z.enum(['anct', 'bdt', 'auditor']) }),
  z.object({ id: z.literal('system'), role: z.literal('system') }),
]);
export type Actor = z.infer<typeof actorSchema>;

export const systemActor: Actor = { id: 'system', role: 'system' };
