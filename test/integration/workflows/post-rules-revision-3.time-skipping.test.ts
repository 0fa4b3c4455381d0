import { addCalendarMonths, addDays } from '../../../domain/calendar/business-date';
import { actors, structures } from '../../support/post-fixtures';
import { days, timeSkippingSuite } from '../../support/time-skipping-suite';

/**
 * Rules revision 3 (RULES.md §8) through the workflow's durable timers, months passing in seconds:
 * the deadlines the seeds say must be watched, and who is told when they fall.
 */
describe('rules revision 3 under time skipping', () => {
  const suite = timeSkippingSuite();
  const { serverToday } = suite;
  const told = async (postId: string, topic: string) =>
    (await suite.drive.notificationsOf(postId)).filter((n) => n.topic === topic).map((n) => n.recipientRole);

  const candidate = { type: 'VALIDATE_CANDIDATE', advisor: { firstName: 'Inès', lastName: 'Roux', email: 'ines.roux@example.fr' } };

  it('2. reminds a 2021 private structure until the contract is signed, then sends the post overdue to ANCT (002_ba07e18f5cc1ad7d.txt)', async () => {
    const structure = structures.association;
    const t0 = await serverToday();
    const postId = await suite.drive.grant(structure, t0, '2021-private');
    await suite.drive.send(postId, actors.structureOf(structure), candidate);
    expect((await suite.harness.posts.view(postId)).deadlines).toContainEqual({ kind: 'recruitment', dueOn: addCalendarMonths(t0, 3) });
    await suite.env.sleep(days(95));
    const overdue = await suite.harness.posts.view(postId);
    expect(overdue.status).toBe('recruitment_overdue');
    const reminders = (await suite.drive.notificationsOf(postId)).filter((n) => n.topic === 'recruitment-deadline-reminder');
    expect(reminders.map((n) => n.key.split(':').at(-3)).sort()).toEqual(['d-1', 'd-30', 'd-7']);
    expect(reminders[0]!.body).toContain('la signature du contrat de travail');
    expect((await told(postId, 'recruitment-overdue')).sort()).toEqual(['anct', 'structure']);

    const grantedOn = await serverToday();
    await suite.drive.send(postId, actors.anct, { type: 'GRANT_DEROGATION', grantedOn });
    expect(await suite.harness.posts.view(postId)).toMatchObject({ status: 'onboarding', deadlines: [{ kind: 'recruitment', dueOn: addCalendarMonths(grantedOn, 1) }] });
    await suite.drive.send(postId, actors.structureOf(structure), { type: 'SIGN_CONTRACT', contractType: 'private-cdi', signedOn: grantedOn, startsOn: grantedOn });
    expect((await suite.harness.posts.view(postId)).deadlines.map((d) => d.kind)).not.toContain('recruitment');
  });

  it('4, 6. holds tranche 1 until the contract is transmitted, telling the structure what is missing, and watches the CDD’s end (002_ba07e18f5cc1ad7d.txt)', async () => {
    const structure = structures.association;
    const s = actors.structureOf(structure);
    const t0 = await serverToday();
    const postId = await suite.drive.grant(structure, t0, '2021-private');
    await suite.drive.send(postId, s, candidate);
    await suite.drive.send(postId, s, { type: 'ENROL_IN_TRAINING', trainingOrgId: 'OF-PARIS-1', enrolledOn: t0 });
    await suite.drive.send(postId, s, { type: 'SUBMIT_SUBSIDY_REQUEST', dossierNumber: 'D-T1', submittedOn: t0 });
    await suite.drive.send(postId, actors.bdt, { type: 'VALIDATE_CONFORMITY', validatedOn: t0 });
    await suite.drive.send(postId, s, { type: 'SIGN_CONTRACT', contractType: 'private-cdd', signedOn: t0, startsOn: t0, endsOn: addDays(t0, 45) });
    await suite.drive.send(postId, actors.bdt, { type: 'SIGN_CONVENTION', signedOn: t0 });

    await suite.env.sleep(days(40));
    expect(await told(postId, 'tranche-conditions-missing')).toEqual(['structure']);
    expect(await told(postId, 'tranche-due')).toEqual([]);
    expect(await told(postId, 'contract-end-reminder')).toEqual(['structure']);
    expect((await suite.harness.posts.view(postId)).tranches[0]).toMatchObject({ status: 'scheduled', payableFrom: t0 });

    await suite.drive.send(postId, s, { type: 'TRANSMIT_CONTRACT', transmittedOn: addDays(t0, 40) });
    await suite.env.sleep(days(1));
    expect((await suite.harness.posts.view(postId)).tranches[0]!.status).toBe('due');
    expect(await told(postId, 'tranche-due')).toEqual(['bdt']);
    await suite.env.sleep(days(10));
    expect(await told(postId, 'contract-ended')).toEqual(['structure']);
  });

  it('7. tells the structure the earliest day and follows up with bdt after a month of instruction, not counting the wait for documents (001_6dade1b22e1aa482.txt)', async () => {
    const structure = structures.association;
    const s = actors.structureOf(structure);
    const t0 = await serverToday();
    const postId = await suite.drive.grant(structure, t0);
    await suite.drive.send(postId, s, candidate);
    await suite.drive.send(postId, s, { type: 'SUBMIT_SUBSIDY_REQUEST', dossierNumber: 'D-INSTR', submittedOn: t0 });
    expect(await told(postId, 'subsidy-request-received')).toEqual(['structure']);
    await suite.env.sleep(days(5));
    await suite.drive.send(postId, actors.bdt, { type: 'REQUEST_DOCUMENTS', documents: ['RIB'], requestedOn: addDays(t0, 5) });
    await suite.env.sleep(days(30));
    await suite.drive.send(postId, s, { type: 'PROVIDE_DOCUMENTS', providedOn: addDays(t0, 35) });
    await suite.env.sleep(days(10));
    expect(await told(postId, 'subsidy-instruction-follow-up')).toEqual([]);
    expect((await suite.harness.posts.view(postId)).deadlines).toContainEqual({ kind: 'subsidy-instruction-follow-up', dueOn: addDays(addCalendarMonths(t0, 1), 30) });
    await suite.env.sleep(days(25));
    expect(await told(postId, 'subsidy-instruction-follow-up')).toEqual(['bdt']);
    expect(await told(postId, 'subsidy-instruction-overdue')).toEqual([]);
  });

  it('6, 8. lets the trainee whose contract ends finish, holds the vacant post’s tranche with a word to bdt, pays it once the replacement signs (003_0395d5c6dd79564e.txt, 002_ba07e18f5cc1ad7d.txt)', async () => {
    const structure = structures.guadeloupeCommune;
    const t0 = await serverToday();
    const postId = await suite.drive.grant(structure, t0);
    await suite.drive.onboard(postId, structure, t0);
    await suite.drive.send(postId, actors.trainingOrg, { type: 'START_TRAINING', startedOn: t0 });
    await suite.drive.send(postId, actors.structureOf(structure), { type: 'DECLARE_CONTRACT_RUPTURE', endedOn: addDays(t0, 2), reason: 'cdd-not-renewed' });
    expect(await suite.harness.posts.view(postId)).toMatchObject({ status: 'vacant', trainingOrgId: 'OF-PARIS-1' });
    await suite.drive.send(postId, actors.trainingOrg, { type: 'COMPLETE_TRAINING', completedOn: addDays(t0, 20), ccp1: 'passed', pix: true });
    expect((await told(postId, 'departed-trainee-completed')).sort()).toEqual(['anct', 'structure']);

    await suite.env.sleep(days(40));
    expect(await told(postId, 'tranche-waits-for-advisor')).toEqual(['bdt']);
    expect((await suite.harness.posts.view(postId)).tranches[0]!.status).toBe('scheduled');
    await suite.drive.onboard(postId, structure, addDays(t0, 40), { contractType: 'public-cdi' }, 'relais@example.fr');
    await suite.env.sleep(days(1));
    expect((await suite.harness.posts.view(postId)).tranches[0]!.status).toBe('due');
    expect(await told(postId, 'tranche-due')).toEqual(['bdt']);
  });

  it('10. tells ANCT of an absence, which ends by itself on its last day, and resumes the activity reports (003_0395d5c6dd79564e.txt)', async () => {
    const structure = structures.reunionCommune;
    const t0 = await serverToday();
    const postId = await suite.drive.grant(structure, t0);
    await suite.drive.onboard(postId, structure, t0);
    await suite.drive.send(postId, actors.trainingOrg, { type: 'START_TRAINING', startedOn: t0 });
    await suite.drive.send(postId, actors.trainingOrg, { type: 'COMPLETE_TRAINING', completedOn: t0, ccp1: 'passed' });
    await suite.env.sleep(days(32));
    expect(await told(postId, 'activity-report-due')).toEqual(['structure']);
    const to = addDays(t0, 60);
    await suite.drive.send(postId, actors.structureOf(structure), { type: 'DECLARE_ABSENCE', kind: 'sick', from: addDays(t0, 32), to });
    expect(await told(postId, 'absence-declared')).toEqual(['anct']);
    await suite.env.sleep(days(30));
    const back = await suite.harness.posts.view(postId);
    expect(back.absence).toBeNull();
    expect(back.deadlines).toContainEqual({ kind: 'activity-report', dueOn: addCalendarMonths(to, 1) });
    await suite.env.sleep(days(32));
    expect(await told(postId, 'activity-report-due')).toEqual(['structure', 'structure']);
  });

  it('9, 16. stops the convention-end reminders once the renewal is requested; bdt may refuse it, and the post ends (003_0395d5c6dd79564e.txt)', async () => {
    const structure = structures.reunionCommune;
    const t0 = await serverToday();
    const postId = await suite.drive.grant(structure, t0);
    await suite.drive.onboard(postId, structure, t0);
    await suite.drive.send(postId, actors.trainingOrg, { type: 'START_TRAINING', startedOn: t0 });
    await suite.drive.send(postId, actors.structureOf(structure), { type: 'REQUEST_RENEWAL', requestedOn: addDays(t0, 1) });
    await suite.env.sleep(days(740));
    expect(await told(postId, 'convention-end-reminder')).toEqual([]);
    expect((await told(postId, 'convention-ended')).sort()).toEqual(['anct', 'bdt', 'structure']);
    expect((await suite.harness.posts.view(postId)).status).toBe('renewal_pending');
    await suite.drive.send(postId, actors.bdt, { type: 'REFUSE_RENEWAL', reasons: 'Comptes rendus d’activité absents' });
    const closed = await suite.harness.posts.view(postId);
    expect(closed).toMatchObject({ status: 'closed', outcome: { kind: 'closed', reason: 'Comptes rendus d’activité absents' } });
    expect((await told(postId, 'renewal-refused')).sort()).toEqual(['anct', 'structure']);
  });
});
