import { checkJobPostingDelay } from '../../../../domain/policies/job-posting-delay';

describe('checkJobPostingDelay', () => {
  it('accepts a 2021 public contract signed 30 days after the job was published (001_6dade1b22e1aa482.txt)', () => {
    expect(checkJobPostingDelay('2021-public', '2021-03-01', '2021-03-31')).toEqual({ ok: true });
    expect(checkJobPostingDelay('2021-public', '2021-01-10', '2021-06-01')).toEqual({ ok: true });
  });

  it('refuses a 2021 public contract signed 29 days after publication (001_6dade1b22e1aa482.txt)', () => {
    const check = checkJobPostingDelay('2021-public', '2021-03-01', '2021-03-30');
    expect(check).toMatchObject({ ok: false, code: 'contract.job_posting_too_recent' });
    expect(!check.ok && check.message).toContain('29 jour(s)');
    expect(!check.ok && check.message).toContain('guide 2021 des structures publiques');
  });

  it('refuses a 2021 public contract signed before the job was published (001_6dade1b22e1aa482.txt)', () => {
    expect(checkJobPostingDelay('2021-public', '2021-04-01', '2021-03-30')).toMatchObject({
      ok: false,
      code: 'contract.job_posting_too_recent',
    });
  });

  it('refuses a 2021 public contract when no publication is recorded (001_6dade1b22e1aa482.txt)', () => {
    const check = checkJobPostingDelay('2021-public', undefined, '2021-03-30');
    expect(check).toMatchObject({ ok: false, code: 'contract.job_offer_not_published' });
    expect(!check.ok && check.message).toContain('emploi-territorial.fr');
  });

  it.each(['2021-private', '2022-public', '2022-private', '2025-renewal'] as const)(
    'does not apply to %s, whose documents have no such rule (000_478a79800a90412a.txt, 002_ba07e18f5cc1ad7d.txt, 004_de92c4ad36fd347a.txt)',
    (policy) => {
      expect(checkJobPostingDelay(policy, undefined, '2022-03-30')).toEqual({ ok: true });
      expect(checkJobPostingDelay(policy, '2022-03-29', '2022-03-30')).toEqual({ ok: true });
    },
  );
});
