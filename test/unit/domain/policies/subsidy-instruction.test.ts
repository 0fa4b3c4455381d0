import {
  SUBSIDY_INSTRUCTION_MIN_DAYS,
  subsidyInstructionReminderOn,
} from '../../../../domain/policies/subsidy-instruction';

describe('subsidyInstructionReminderOn', () => {
  it('reminds bdt once the 3 weeks minimum of instruction have passed (000_478a79800a90412a.txt, 002_ba07e18f5cc1ad7d.txt, 004_de92c4ad36fd347a.txt)', () => {
    expect(SUBSIDY_INSTRUCTION_MIN_DAYS).toBe(21);
    expect(subsidyInstructionReminderOn('2022-03-01')).toBe('2022-03-22');
    expect(subsidyInstructionReminderOn('2024-02-20')).toBe('2024-03-12');
    expect(subsidyInstructionReminderOn('2021-12-20')).toBe('2022-01-10');
  });
});
