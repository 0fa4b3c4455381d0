import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { POLICIES } from '../../../domain/policies/policy';
import { SEED_TITLES, type SeedFile } from '../../../domain/policies/seed-file';

/**
 * Issue 10, point 18: a rule's one-line comment names the seed it comes from and quotes it; the
 * quote must be in that seed. The sources of the monthly activity report, the half-yearly
 * follow-up and the job-offer rule were wrong before rules revision 3.
 */
const root = join(__dirname, '../../..');
const sourceOf = (file: string) => readFileSync(join(root, file), 'utf8');
const machine = sourceOf('domain/lifecycle/post-lifecycle.machine.ts');
const rules = sourceOf('domain/lifecycle/post-rules.ts');

/** The comment line just above `name:` or `const name`. */
function commentAbove(source: string, name: string): string {
  const lines = source.split('\n');
  const at = lines.findIndex((line) => new RegExp(`^\\s*(const )?${name}\\b`).test(line));
  if (at < 1) throw new Error(`${name} not found`);
  return lines[at - 1]!.trim();
}

describe('sources named in the rules’ comments (issue 10, point 18)', () => {
  it('cites the 2021 public guide, not the FAQ, for the monthly activity follow-up (001_6dade1b22e1aa482.txt)', () => {
    const comment = commentAbove(machine, 'activityReportFallsDue');
    expect(comment).toContain('001_6dade1b22e1aa482.txt');
    expect(comment).toContain('tous les mois sur les activités du conseiller');
    expect(comment).not.toContain('003_');
  });

  it('names the 2021 public half-yearly follow-up as the guide does, not "hosting conditions" (001_6dade1b22e1aa482.txt)', () => {
    expect(commentAbove(machine, 'hostingConditionsReportFallsDue')).toContain('Suivi semestriel du conseiller numérique');
    expect(POLICIES['2021-public'].followUpReports.find((r) => r.report === 'hosting-conditions')?.label).toBe('suivi semestriel du conseiller numérique');
  });

  it('cites the 2021 public guide for the job-offer rules (001_6dade1b22e1aa482.txt)', () => {
    for (const rule of ['contractNotYetSigned', 'jobOfferPublishedLongEnough']) {
      expect({ rule, comment: commentAbove(rules, rule) }).toEqual({ rule, comment: expect.stringContaining('001_6dade1b22e1aa482.txt') });
    }
    expect(POLICIES['2021-public'].jobPosting?.source).toBe('001_6dade1b22e1aa482.txt');
  });

  const seedsDir = process.env.SEEDS_DIR ?? join(__dirname, '../../../../shared/seeds');
  // Skipped only on a developer's clone without shared/; in CI a missing folder fails the suite.
  const describeWithSeeds = existsSync(seedsDir) || process.env.CI ? describe : describe.skip;

  describeWithSeeds(`quotes found in the seed texts in ${seedsDir}`, () => {
    const normalise = (text: string) => text.replace(/[’‘]/g, "'").replace(/\s+/g, ' ').toLowerCase();
    const seedText = (file: SeedFile) => normalise(readFileSync(join(seedsDir, file), 'utf8'));
    const seedFiles = Object.keys(SEED_TITLES) as SeedFile[];

    /** Every comment line that names seed files (in full or as `00N_…`) and quotes them. */
    const citations = [...machine.split('\n'), ...rules.split('\n')].flatMap((line) => {
      const comment = /\/\/\s*(.*)$/.exec(line)?.[1];
      if (!comment) return [];
      const files = seedFiles.filter((file) => comment.includes(file) || comment.includes(`${file.slice(0, 4)}…`));
      const quotes = [...comment.matchAll(/"([^"]+)"|«\s*([^»]+?)\s*»/g)].map((m) => (m[1] ?? m[2])!);
      return files.length > 0 && quotes.length > 0 ? [[comment, files, quotes] as const] : [];
    });

    it('has quoted citations to check', () => {
      expect(citations.length).toBeGreaterThanOrEqual(15);
    });

    it.each(citations)('finds the quotes of « %s » in the seed it names', (_comment, files, quotes) => {
      for (const quote of quotes) {
        // "[…]" marks words left out of the quotation: each piece is in the seed.
        const pieces = quote.split('[…]').map((piece) => normalise(piece).trim()).filter(Boolean);
        const found = files.some((file) => pieces.every((piece) => seedText(file).includes(piece)));
        expect({ quote, found }).toEqual({ quote, found: true });
      }
    });

    it.each(Object.values(POLICIES).flatMap((p) => p.followUpReports.filter((r) => r.report === 'hosting-conditions').map((r) => [p.id, r.label, r.source] as const)))(
      'finds the %s half-yearly follow-up « %s » in %s',
      (_policy, label, source) => {
        expect(seedText(source)).toContain(normalise(label));
      },
    );
  });
});
