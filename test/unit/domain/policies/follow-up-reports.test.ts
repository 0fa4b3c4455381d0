import { contractSignatureDeadline } from '../../../../domain/policies/contract-signature-deadline';
import { firstFollowUpReports, nextFollowUpReportOn } from '../../../../domain/policies/follow-up-reports';

describe('2021 follow-up reports (001_6dade1b22e1aa482.txt, 002_ba07e18f5cc1ad7d.txt)', () => {
  it('asks a 2021 public structure for the use of the subsidy every quarter and a half-yearly follow-up (001_6dade1b22e1aa482.txt)', () => {
    expect(firstFollowUpReports('2021-public', '2021-06-15')).toEqual({ 'subsidy-use': '2021-09-15', 'hosting-conditions': '2021-12-15' });
  });

  it('asks a 2021 private structure for a half-yearly report on the hosting conditions (002_ba07e18f5cc1ad7d.txt)', () => {
    expect(firstFollowUpReports('2021-private', '2021-06-15')).toEqual({ 'hosting-conditions': '2021-12-15' });
  });

  it.each(['2022-public', '2022-private', '2025-renewal'] as const)('asks nothing beyond the activity reports under %s (000_478a79800a90412a.txt, 004_de92c4ad36fd347a.txt, 003_0395d5c6dd79564e.txt)', (policy) => {
    expect(firstFollowUpReports(policy, '2022-06-15')).toEqual({});
  });

  it('counts each next report from the signature, so month ends do not drift (001_6dade1b22e1aa482.txt)', () => {
    expect(nextFollowUpReportOn('2021-public', 'subsidy-use', '2021-01-31', '2021-04-30')).toBe('2021-07-31');
    expect(nextFollowUpReportOn('2021-public', 'subsidy-use', '2021-01-31', '2021-07-31')).toBe('2021-10-31');
    expect(nextFollowUpReportOn('2021-public', 'hosting-conditions', '2021-08-31', '2022-02-28')).toBe('2022-08-31');
  });
});

describe('contractSignatureDeadline (001_6dade1b22e1aa482.txt)', () => {
  it('expects the 2021 public contract within 15 days of the subsidy’s validation (001_6dade1b22e1aa482.txt)', () => {
    expect(contractSignatureDeadline('2021-public', '2021-04-20')).toBe('2021-05-05');
  });

  it.each(['2021-private', '2022-public', '2022-private'] as const)('sets no such day under %s (002_ba07e18f5cc1ad7d.txt, 000_478a79800a90412a.txt)', (policy) => {
    expect(contractSignatureDeadline(policy, '2022-04-20')).toBeNull();
  });
});
