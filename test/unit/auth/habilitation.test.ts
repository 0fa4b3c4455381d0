import { actorOf, mayManage, noHabilitationMessage, principalSchema, readableHabilitations, roleScopeOf, roleScopeSchema, scopeKey } from '../../../auth/habilitations/habilitation';
import type { Actor } from '../../../domain/lifecycle/actor';

const siret = '21971120100018';
const otherSiret = '21971120100034';
const person = { kind: 'person', email: 'noa.garcia@mairie-971.test' } as const;
const program = { kind: 'program', clientId: 'script-971' } as const;
const structureAgent: Actor = { id: 'alex.martin@mairie-971.test', role: 'structure', siret };

describe('habilitation rules', () => {
  it('recognises people by their lower-cased professional email, programs by a client id that is never an email', () => {
    expect(principalSchema.parse({ kind: 'person', email: ' Noa.Garcia@Mairie-971.TEST ' })).toEqual(person);
    expect(principalSchema.safeParse({ kind: 'program', clientId: 'x@y.fr' }).success).toBe(false);
    expect(principalSchema.safeParse({ kind: 'person', email: 'noa' }).success).toBe(false);
  });

  it('gives each role its scope, checked as the domain checks it', () => {
    expect(roleScopeSchema.safeParse({ role: 'structure', siret: '21971120100019' }).success).toBe(false);
    expect(roleScopeSchema.safeParse({ role: 'prefecture', department: '20' }).success).toBe(false);
    expect(roleScopeSchema.safeParse({ role: 'system' }).success).toBe(false);
    for (const scope of [{ role: 'structure', siret }, { role: 'prefecture', department: '971' }, { role: 'training_org', trainingOrgId: 'OF-1' }, { role: 'bdt' }] as const) {
      expect(roleScopeOf(actorOf(program, scope))).toEqual(scope);
    }
    expect(actorOf(person, { role: 'prefecture', department: '971' })).toEqual({ id: person.email, role: 'prefecture', department: '971' });
    expect(new Set([scopeKey({ role: 'structure', siret }), scopeKey({ role: 'structure', siret: otherSiret }), scopeKey({ role: 'anct' })]).size).toBe(3);
  });

  it('lets ANCT grant and revoke anything, a structure only people for its own SIRET, nobody else anything', () => {
    const anct: Actor = { id: 'a', role: 'anct' };
    expect(mayManage(anct, program, { role: 'anct' }, 'grant')).toEqual({ ok: true });
    expect(mayManage(structureAgent, person, { role: 'structure', siret }, 'grant')).toEqual({ ok: true });
    expect(mayManage(structureAgent, person, { role: 'structure', siret }, 'revoke')).toEqual({ ok: true });
    expect(mayManage(structureAgent, person, { role: 'structure', siret: otherSiret }, 'grant')).toMatchObject({ ok: false, code: 'habilitation.scope' });
    expect(mayManage(structureAgent, person, { role: 'anct' }, 'grant')).toMatchObject({ ok: false, code: 'habilitation.scope' });
    expect(mayManage(structureAgent, program, { role: 'structure', siret }, 'grant')).toMatchObject({ ok: false, code: 'habilitation.program' });
    for (const role of ['prefecture', 'bdt', 'auditor', 'training_org'] as const) {
      const actor = { id: 'x', role, department: '971', trainingOrgId: 'OF-1' } as Actor;
      expect(mayManage(actor, person, { role: 'structure', siret }, 'grant')).toMatchObject({ ok: false, code: 'habilitation.forbidden' });
    }
  });

  it('shows all habilitations to ANCT and auditors, its own SIRET’s to a structure, none to the others', () => {
    expect(readableHabilitations({ id: 'a', role: 'anct' })).toEqual({ ok: true });
    expect(readableHabilitations({ id: 'a', role: 'auditor' })).toEqual({ ok: true });
    expect(readableHabilitations(structureAgent)).toEqual({ ok: true, siret });
    expect(readableHabilitations({ id: 'p', role: 'prefecture', department: '971' })).toMatchObject({ ok: false });
  });

  it('tells a person without habilitation whom to ask, in French', () => {
    expect(noHabilitationMessage({ principal: person, siret, colleagues: ['alex.martin@mairie-971.test'] })).toBe(
      'Vous êtes connecté(e) en tant que noa.garcia@mairie-971.test, mais vous n’avez aucune habilitation sur cnum-orchestrator. Demandez à un agent déjà habilité de votre structure (SIRET 21971120100018) de vous inviter : alex.martin@mairie-971.test ; ou à l’ANCT.',
    );
    expect(noHabilitationMessage({ principal: person, siret, colleagues: [] })).toContain('demandez votre habilitation à l’ANCT, ou déposez la candidature de votre structure');
    expect(noHabilitationMessage({ principal: person, siret: null, colleagues: [] })).toMatch(/Demandez votre habilitation à l’ANCT\.$/);
    expect(noHabilitationMessage({ principal: program, colleagues: [] })).toContain('demandez à l’ANCT d’habiliter ce client OAuth');
  });
});
