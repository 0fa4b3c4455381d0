/**
 * `npx tsx scripts/complete-lockfile.ts`: adds to package-lock.json the optional platform packages
 * (`@swc/core-darwin-arm64`, `@unrs/resolver-binding-win32-x64-msvc`, …) that the registry reached
 * from here does not serve. `npm install` leaves them out of the lock; `npm ci` then refuses to run
 * ("package.json and package-lock.json … are not in sync … Missing: … from lock file").
 *
 * Each entry gets its version (from its parent's `optionalDependencies`) and its `os` / `cpu` /
 * `libc`, read from its name: npm skips it on any other platform and never fetches it.
 * Run it after every `npm install` that changes the lock.
 */
import fs from 'node:fs';
import path from 'node:path';

interface LockEntry {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  optionalDependencies?: Record<string, string>;
  [key: string]: unknown;
}

const operatingSystems = ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openharmony', 'netbsd', 'openbsd', 'sunos', 'aix'];
const cpus = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el'];

export function completeLockfile(lock: { packages: Record<string, LockEntry> }): string[] {
  const added: string[] = [];
  for (const [, entry] of Object.entries(lock.packages)) {
    for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
      const key = `node_modules/${name}`;
      if (lock.packages[key]) continue;
      const parts = (name.split('/').pop() ?? name).split('-');
      const os = parts.find((p) => operatingSystems.includes(p));
      const cpu = parts.find((p) => cpus.includes(p));
      if (!os || !cpu) {
        process.stderr.write(`left out ${name}: no platform in its name\n`);
        continue;
      }
      const added_: LockEntry = { version, ...(entry.dev ? { dev: true } : {}), optional: true, os: [os], cpu: [cpu] };
      if (os === 'linux' && parts.some((p) => p.startsWith('musl'))) added_.libc = ['musl'];
      else if (os === 'linux' && parts.some((p) => p.startsWith('gnu'))) added_.libc = ['glibc'];
      lock.packages[key] = added_;
      added.push(name);
    }
  }
  // npm keeps the root entry first, then the paths in order.
  lock.packages = Object.fromEntries(
    Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)),
  );
  return added;
}

if (require.main === module) {
  const file = path.resolve(__dirname, '..', 'package-lock.json');
  const lock = JSON.parse(fs.readFileSync(file, 'utf8')) as { packages: Record<string, LockEntry> };
  const added = completeLockfile(lock);
  fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(added.length ? `added ${added.length} entries: ${added.join(' ')}` : 'package-lock.json already complete');
}
