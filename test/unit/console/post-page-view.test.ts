import { deadlineLabel } from '../../../console/view-models/console-labels';
import { postPageView } from '../../../console/view-models/post-page-view';
import type { HistoryEntry } from '../../../api/post-timeline';
import { toPostResource } from '../../../api/post-resource';
import type { Actor } from '../../../domain/lifecycle/actor';
import { allowedEvents } from '../../../domain/lifecycle/decide-post-event';
import type { StoredPostSnapshot } from '../../../domain/lifecycle/post-snapshot';
import type { StaffEventType } from '../../../domain/lifecycle/post-events';
import { postView } from '../../../domain/lifecycle/post-view';
import { structures } from '../../support/post-fixtures';
import { situations } from '../../support/post-situations';

/** The « Poste » page of a post in `stored`'s situation, for `actor`, as the console renders it from the read model. */
function page(stored: StoredPostSnapshot, actor: Actor, history: HistoryEntry[] = []) {
  const view = postView('post-1', 1, stored);
  const doc = { ...view, _id: view.id, siret: view.structure.siret, department: view.structure.department, createdAt: new Date(), updatedAt: new Date() };
  return postPageView({
    post: toPostResource(doc),
    history,
    notifications: [],
    allowedEvents: allowedEvents(stored, actor) as StaffEventType[],
    forms: {},
    newKey: () => 'key',
    contacts: [],
    today: '2026-12-01',
    done: null,
    auditHref: null,
    actionHref: (type) => `/console/postes/post-1/actions/${type}`,
    postHref: (id) => `/console/postes/${id}`,
  });
}

const bdt: Actor = { id: 'instructeur', role: 'bdt' };

describe('the « Poste » page under rules revision 3', () => {
  it('names every deadline of every situation in French, those of revision 3 too', () => {
    const kinds = new Set(Object.values(situations()).flatMap((stored) => postView('post-1', 1, stored).deadlines.map((d) => d.kind)));
    expect([...kinds]).toEqual(expect.arrayContaining(['subsidy-instruction-follow-up', 'tranche-1-on-hold', 'absence-end']));
    for (const kind of kinds) expect({ kind, label: deadlineLabel(kind) }).not.toEqual({ kind, label: kind });
  });

  it('says why the tranches of a vacant post wait (RULES.md §2.2)', () => {
    const { vacant } = situations();
    const tranches = page(vacant, bdt).tranches;
    expect(tranches.filter((t) => t.status.label === 'Programmée')).toEqual([]);
    expect(tranches.some((t) => t.status.label === 'En attente d’un conseiller sous contrat')).toBe(true);
  });

  it('offers bdt the refusal of a renewal, with its reasons labelled in French', () => {
    const form = page(situations().renewalPending, bdt).forms.find((f) => f.type === 'REFUSE_RENEWAL');
    expect(form).toMatchObject({ title: 'Refuser le renouvellement', action: '/console/postes/post-1/actions/REFUSE_RENEWAL' });
    expect(form!.fields.map((f) => [f.name, f.label, f.required])).toEqual([['reasons', 'Motifs du refus du renouvellement', true]]);
  });

  it('links the posts a transfer joins, and reads the first event of the transferred post in French', () => {
    const stored = situations().closed;
    const transferred = { ...stored, context: { ...stored.context, transferredFromPostId: 'post-0', transferredToPostId: 'post-1-transfer' } };
    const arrival: HistoryEntry = {
      outcome: 'accepted',
      version: 1,
      requestId: 'r',
      actor: { id: 'anct-agent', role: 'anct' },
      type: 'TRANSFERRED_IN',
      payload: { type: 'TRANSFERRED_IN', fromPostId: 'post-0', structure: structures.guadeloupeCommune, policy: '2022-public', transferredOn: '2026-11-02' },
      rulesRevision: 3,
      receivedAt: '2026-11-02T09:00:00Z',
      statusBefore: null,
      status: 'recruiting',
      refusal: null,
    };
    const view = page(transferred, bdt, [arrival]);
    expect(view.transfer).toEqual({ from: { id: 'post-0', href: '/console/postes/post-0' }, to: { id: 'post-1-transfer', href: '/console/postes/post-1-transfer' } });
    const entry = view.timeline[0]!;
    expect(entry.what).toBe('Poste attribué par transfert d’un autre poste');
    expect(entry.details).toEqual(
      expect.arrayContaining([
        { label: 'Poste d’origine', value: 'post-0' },
        { label: 'Politique du programme', value: 'Guide 2022, structures publiques' },
        { label: 'Date du transfert', value: '2 novembre 2026' },
      ]),
    );
  });
});
