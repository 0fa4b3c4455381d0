import type { BusinessDate } from '../../../domain/calendar/business-date';
import { noticeFigureOf, type StageMarks, withStageEvent } from '../../../stats/post-figures';

const d = (s: string) => s as BusinessDate;

describe('the figures kept of a post', () => {
  it('keeps the first event of each stage, whatever order the events come in, and adds a retried event once', () => {
    const events = [
      { version: 5, type: 'SIGN_CONTRACT', payload: { signedOn: d('2026-01-01') } },
      { version: 1, type: 'SUBMIT_APPLICATION', payload: { appliedOn: d('2024-09-01') } },
      { version: 2, type: 'COMMITTEE_DECISION', payload: { decision: 'validated', decidedOn: d('2024-10-01') } },
      // A replacement advisor's contract, dated earlier by mistake, comes after: the first contract stays.
      { version: 9, type: 'SIGN_CONTRACT', payload: { signedOn: d('2025-12-01') } },
      { version: 1, type: 'SUBMIT_APPLICATION', payload: { appliedOn: d('2024-09-01') } },
      { version: 3, type: 'ASSIGN_TRAINING', payload: { startedOn: d('2024-11-01') } },
      // No date in its payload: the day in Paris the programme received it (23:15 UTC is past midnight there).
      { version: 4, type: 'VALIDATE_CANDIDATE', payload: { advisor: {} }, receivedAt: '2024-11-04T23:15:00.000Z' },
      { version: 12, type: 'COMPLETE_TRAINING', payload: { completedOn: d('2026-02-01') } },
    ];
    const stages = events.reduce<StageMarks>(withStageEvent, {});
    expect(stages).toEqual({
      applied: { version: 1, on: '2024-09-01' },
      committee: { version: 2, on: '2024-10-01' },
      granted: { version: 2, on: '2024-10-01' },
      candidateValidated: { version: 4, on: '2024-11-05' },
      contractSigned: { version: 5, on: '2026-01-01' },
      trainingCompleted: { version: 12, on: '2026-02-01' },
    });
  });

  it('counts a rejection as a committee and not as a grant', () => {
    expect(withStageEvent({}, { version: 2, type: 'COMMITTEE_DECISION', payload: { decision: 'rejected', decidedOn: d('2024-10-01') } })).toEqual({
      committee: { version: 2, on: '2024-10-01' },
    });
  });

  it('dates a notice by the day in Paris it was written, and tells a row from before email delivery', () => {
    // 23:30 UTC on 31 January is 00:30 on 1 February in Paris.
    expect(noticeFigureOf({ createdAt: '2026-01-31T23:30:00.000Z', delivery: { state: 'sent' } })).toEqual({ createdOn: '2026-02-01', state: 'sent' });
    expect(noticeFigureOf({ createdAt: '2026-07-31T21:59:00.000Z' })).toEqual({ createdOn: '2026-07-31', state: null });
  });
});
