import { runFaultDrill } from '../../../bench/fault-drill';
import { testIdentityProvider } from '../../support/test-identity-provider';

/**
 * `npm run bench:faults`, small: posts driven through the API (a real process) while the worker,
 * FerretDB and the Temporal dev server of this test's own are SIGKILLed and restarted, one after
 * the other. Every request answered 2xx is in the workflow, the timeline and the read model once.
 * Its callers get their tokens from the test run's local OpenID Connect provider.
 */
describe('faults under load', () => {
  it('loses nothing, doubles nothing, and answers only 2xx and 503 across the three kills', async () => {
    const { tokenIssuer, registrationToken } = testIdentityProvider();
    const report = await runFaultDrill({ rate: 4, calmMs: 3_000, outageMs: 2_000, identityProvider: { issuer: tokenIssuer, registrationToken } });
    const recoveries = report.recoveries.map((r) => `${r.what} ${(r.downMs / 1000).toFixed(1)} s down, ${r.recoveredMs === null ? 'never back' : `${(r.recoveredMs / 1000).toFixed(1)} s to a 2xx`}`);
    process.stdout.write(
      `faults: ${report.sent} sent, ${report.ok} 2xx, ${report.unavailable} 503, ${report.other} other, lost ${report.lost}, doubled ${report.doubled}; ${recoveries.join('; ')}\n`,
    );
    expect({ lost: report.lost, doubled: report.doubled, other: report.otherAnswers, problems: report.problems, unexpected: report.unexpected }).toEqual({
      lost: 0,
      doubled: 0,
      other: {},
      problems: [],
      unexpected: [],
    });
    expect(report.recoveries.map((r) => [r.what, r.recoveredMs !== null])).toEqual([
      ['the worker', true],
      ['FerretDB', true],
      ['the Temporal dev server', true],
    ]);
    expect(report.transitions).toBeGreaterThan(20);
  }, 300_000);
});
