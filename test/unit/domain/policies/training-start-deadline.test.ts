import {
  TRAINING_START_MAX_DAYS,
  checkContractBeforeTraining,
  trainingStartDeadline,
} from '../../../../domain/policies/training-start-deadline';

describe('trainingStartDeadline (000_478a79800a90412a.txt, 004_de92c4ad36fd347a.txt)', () => {
  it('lets training start at the latest 15 days after the contract starts (000_478a79800a90412a.txt)', () => {
    expect(TRAINING_START_MAX_DAYS).toBe(15);
    expect(trainingStartDeadline('2022-03-01')).toBe('2022-03-16');
    expect(trainingStartDeadline('2024-02-20')).toBe('2024-03-06');
    expect(trainingStartDeadline('2022-12-20')).toBe('2023-01-04');
  });
});

describe('checkContractBeforeTraining (000_478a79800a90412a.txt, 004_de92c4ad36fd347a.txt)', () => {
  it('accepts a contract signed before the departure in training (004_de92c4ad36fd347a.txt)', () => {
    expect(checkContractBeforeTraining('2022-02-20', '2022-03-01')).toEqual({ ok: true });
  });

  it('accepts a contract signed on the day training starts, dates having no hour (000_478a79800a90412a.txt)', () => {
    expect(checkContractBeforeTraining('2022-03-01', '2022-03-01')).toEqual({ ok: true });
  });

  it('refuses training before the contract is signed (000_478a79800a90412a.txt)', () => {
    const check = checkContractBeforeTraining('2022-03-02', '2022-03-01');
    expect(check).toMatchObject({ ok: false, code: 'training.contract_signed_after_start' });
    expect(!check.ok && check.message).toContain('guide 2022 des structures publiques');
  });

  it('refuses training without a signed contract (004_de92c4ad36fd347a.txt)', () => {
    const check = checkContractBeforeTraining(undefined, '2022-03-01');
    expect(check).toMatchObject({ ok: false, code: 'training.contract_not_signed' });
    expect(!check.ok && check.message).toContain("guide 2022 de l'employeur privé");
  });
});
