/** What the benches share: their command-line numbers and the made-up structures they apply with. */

/** The contact a bench structure applies with: the API requires one for a new post (issue 11). */
export const BENCH_CONTACT = { name: 'Référente du banc d’essai', email: 'referente@example.fr' } as const;

/** `--name <number>` from the command line, or `fallback`. */
export function benchArg(name: string, fallback: number): number {
  return Number(benchOption(name, String(fallback)));
}

/** `--name <word>` from the command line, or `fallback`. */
export function benchOption(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

/** A SIRET made Luhn-valid by its last digit, one per bench post; `first` tells public (2) from private (4). */
export function benchSiret(n: number, first: '2' | '4'): string {
  const body = `${first}${String(n).padStart(12, '0')}`;
  for (let check = 0; check <= 9; check++) {
    const digits = `${body}${check}`;
    const sum = [...digits].reverse().reduce((acc, c, i) => {
      const d = Number(c) * (i % 2 ? 2 : 1);
      return acc + (d > 9 ? d - 9 : d);
    }, 0);
    if (sum % 10 === 0) return digits;
  }
  throw new Error('unreachable');
}

/** The p-th percentile of `sorted` (ascending), nearest rank. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** What a bench has started, each with its stop: run in reverse order however the bench ends. */
export type Cleanups = (() => Promise<unknown>)[];

/** Runs a bench's `main`, stops what it started, and exits 0, or 1 with the error printed. */
export function runBench(main: (cleanups: Cleanups) => Promise<void>): void {
  const cleanups: Cleanups = [];
  const stopAll = async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn().catch((e) => process.stderr.write(`cleanup: ${String(e)}\n`));
  };
  main(cleanups)
    .finally(stopAll)
    .then(
      () => process.exit(0),
      (error) => {
        process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exit(1);
      },
    );
}
