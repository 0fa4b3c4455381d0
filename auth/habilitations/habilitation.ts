import { z } from 'zod';
import type { Actor } from '../../domain/lifecycle/actor';
import { departmentCodeSchema } from '../../domain/identity/department';
import { siretSchema } from '../../domain/identity/siret';

/**
 * Habilitations: what a person or a program may do in the programme. The identity provider says
 * who someone is; only a habilitation, recorded and managed here, gives a role and a scope.
 */

/** RFC 5321 §4.5.3.1.1: the part before the `@` has 64 characters at most. */
export const EMAIL_LOCAL_PART_MAX = 64;

/** A professional email, the key ProConnect recommends (its `sub` differs for each identity provider). */
export const professionalEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .check(z.email())
  .refine((email) => email.indexOf('@') <= EMAIL_LOCAL_PART_MAX, `${EMAIL_LOCAL_PART_MAX} caractères au plus avant le @`);

/** An OAuth client id. Never an email, so that a person and a program can never be mistaken. */
export const clientIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'lettres, chiffres et . _ : - (100 au plus)');

export const principalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('person'), email: professionalEmailSchema }),
  z.object({ kind: z.literal('program'), clientId: clientIdSchema }),
]);
export type Principal = z.infer<typeof principalSchema>;

const trainingOrgId = z.string().trim().min(1).max(100);

/** A role and its scope (RULES.md §1): the SIRET of a structure, the département of a prefecture… */
export const roleScopeSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('structure'), siret: siretSchema }),
  z.object({ role: z.literal('prefecture'), department: departmentCodeSchema }),
  z.object({ role: z.literal('training_org'), trainingOrgId }),
  z.object({ role: z.enum(['anct', 'bdt', 'auditor']) }),
]);
export type RoleScope = z.infer<typeof roleScopeSchema>;

export function principalId(principal: Principal): string {
  return principal.kind === 'person' ? principal.email : principal.clientId;
}

/** The actor a habilitation lets its holder act as: its id is the email or the client id. */
export function actorOf(principal: Principal, scope: RoleScope): Actor {
  const id = principalId(principal);
  switch (scope.role) {
    case 'structure':
      return { id, role: 'structure', siret: scope.siret };
    case 'prefecture':
      return { id, role: 'prefecture', department: scope.department };
    case 'training_org':
      return { id, role: 'training_org', trainingOrgId: scope.trainingOrgId };
    default:
      return { id, role: scope.role };
  }
}

/** The scope's own key, so that one principal holds one role on one territory once. */
export function scopeKey(scope: RoleScope): string {
  switch (scope.role) {
    case 'structure':
      return `structure:${scope.siret}`;
    case 'prefecture':
      return `prefecture:${scope.department}`;
    case 'training_org':
      return `training_org:${scope.trainingOrgId}`;
    default:
      return scope.role;
  }
}

/** The role and scope of an actor that acts for staff (never `system`). */
export function roleScopeOf(actor: Actor): RoleScope {
  switch (actor.role) {
    case 'structure':
      return { role: 'structure', siret: actor.siret };
    case 'prefecture':
      return { role: 'prefecture', department: actor.department };
    case 'training_org':
      return { role: 'training_org', trainingOrgId: actor.trainingOrgId };
    case 'system':
      throw new Error('the system actor holds no habilitation');
    default:
      return { role: actor.role };
  }
}

/** French words for a role and scope, in messages and on the local sign-in page. */
export function describeRoleScope(scope: RoleScope): string {
  switch (scope.role) {
    case 'structure':
      return `structure (SIRET ${scope.siret})`;
    case 'prefecture':
      return `préfecture (département ${scope.department})`;
    case 'training_org':
      return `organisme de formation ${scope.trainingOrgId}`;
    case 'anct':
      return 'ANCT';
    case 'bdt':
      return 'Banque des Territoires';
    case 'auditor':
      return 'contrôle (lecture seule)';
  }
}

export type HabilitationDecision = { ok: true } | { ok: false; code: string; message: string };

/**
 * Who may grant or revoke what (issue 13): ANCT grants and revokes any habilitation; a structure's
 * habilitated staff invite colleagues, people only, for the same SIRET, and may withdraw them.
 */
export function mayManage(actor: Actor, principal: Principal, scope: RoleScope, verb: 'grant' | 'revoke'): HabilitationDecision {
  if (actor.role === 'anct') return { ok: true };
  const what = verb === 'grant' ? 'habiliter' : 'retirer une habilitation à';
  if (actor.role !== 'structure') {
    return { ok: false, code: 'habilitation.forbidden', message: `Seule l’ANCT, ou une structure pour ses propres agents, peut ${what} quelqu’un.` };
  }
  if (scope.role !== 'structure' || scope.siret !== actor.siret) {
    return {
      ok: false,
      code: 'habilitation.scope',
      message: `Une structure ne peut ${what} que pour sa propre structure (SIRET ${actor.siret}) ; seule l’ANCT accorde les autres rôles.`,
    };
  }
  if (principal.kind !== 'person') {
    return { ok: false, code: 'habilitation.program', message: 'Seule l’ANCT habilite un programme (client OAuth).' };
  }
  return { ok: true };
}

/** Which habilitations an actor may list: all for ANCT and auditors, its own SIRET's for a structure. */
export function readableHabilitations(actor: Actor): { ok: true; siret?: string } | { ok: false; code: string; message: string } {
  if (actor.role === 'anct' || actor.role === 'auditor') return { ok: true };
  if (actor.role === 'structure') return { ok: true, siret: actor.siret };
  return { ok: false, code: 'habilitation.forbidden', message: 'Seuls l’ANCT, le contrôle et les structures (pour leurs agents) consultent les habilitations.' };
}

/**
 * The French answer to a valid identity that holds no habilitation: whom to ask. A person whose
 * organisation (ProConnect's `siret`) already has habilitated staff is told their emails; anyone
 * else is sent to ANCT.
 */
export function noHabilitationMessage(args: { principal: Principal; siret?: string | null; colleagues: string[] }): string {
  if (args.principal.kind === 'program') {
    return `Le programme ${args.principal.clientId} est authentifié mais n’a aucune habilitation sur cnum-orchestrator : demandez à l’ANCT d’habiliter ce client OAuth.`;
  }
  const who = `Vous êtes connecté(e) en tant que ${args.principal.email}, mais vous n’avez aucune habilitation sur cnum-orchestrator.`;
  if (args.siret && args.colleagues.length > 0) {
    return `${who} Demandez à un agent déjà habilité de votre structure (SIRET ${args.siret}) de vous inviter : ${args.colleagues.join(', ')} ; ou à l’ANCT.`;
  }
  if (args.siret) {
    return `${who} Aucun agent de votre structure (SIRET ${args.siret}) n’est encore habilité : demandez votre habilitation à l’ANCT, ou déposez la candidature de votre structure, ce qui vous habilite pour elle.`;
  }
  return `${who} Demandez votre habilitation à l’ANCT.`;
}
