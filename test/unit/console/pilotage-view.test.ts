import type { BusinessDate } from '../../../domain/calendar/business-date';
import { parsePilotageQuery, pilotageView } from '../../../console/view-models/pilotage-view';
import { programmeFigures } from '../../../stats/programme-figures';

describe('the Pilotage page’s view', () => {
  it('keeps the filters allowed and names those dropped', () => {
    expect(parsePilotageQuery({ departement: '971', politique: 'nope', du: '2025-01-01', au: '2025-02-30' })).toEqual({
      query: { department: '971', policy: undefined, from: '2025-01-01', to: undefined },
      dropped: ['politique', 'au'],
    });
  });

  it('gives the charts their series as DSFR Chart reads them, in euros, and the tables in French to the cent', () => {
    const figures = programmeFigures({
      posts: [
        {
          id: 'a',
          status: 'active',
          department: '2A',
          convention: { amountCents: 5_000_001, signedOn: '2025-01-02' as BusinessDate },
          tranches: [{ number: 1, amountCents: 1_000_001, dueOn: '2025-02-01' as BusinessDate, status: 'paid', paidOn: '2025-02-03' as BusinessDate }],
          stages: {},
          notices: [],
        },
      ],
      period: { from: null, to: null },
      today: '2026-03-15' as BusinessDate,
    });
    const view = pilotageView(figures, { query: {}, dropped: [], departmentFixed: null });
    expect(view.statusChart).toEqual({ x: '[["En poste"]]', y: '[[1]]' });
    expect(view.moneyChart).toEqual({ x: '[["février 2025"],["février 2025"]]', y: '[[10000.01],[0]]', name: '["Payé","À payer"]' });
    expect(view.money.total.committed).toBe('50\u00a0000,01\u00a0€');
    expect(view.departments).toEqual([{ department: '2A', region: 'Corse', total: 1, statuses: 'En poste : 1' }]);
    expect(view.delays[0]).toEqual({ label: 'De la candidature au comité', posts: 0, median: '—', p90: '—' });
    expect(view.period).toBe('depuis le début du programme');
  });
});
