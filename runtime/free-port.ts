import net from 'node:net';

/**
 * A TCP port that is free on `host` right now, chosen by the kernel. Another process may still take
 * it before the caller binds it: the launchers retry with a new port when a server reports the
 * address in use.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error(`no free port on ${host}`))));
    });
  });
}

/** Whether nothing listens on `host:port` and this process could bind it. */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** `preferred` when it is free on `host`, otherwise a free port chosen by the kernel. */
export async function preferredOrFreePort(preferred: number, host = '127.0.0.1'): Promise<number> {
  return (await isPortFree(preferred, host)) ? preferred : freePort(host);
}

/**
 * The port a launcher should start its server on: `preferred` when it is free (and not in
 * `avoid`), else a free one when `fallback` allows it; no preference means any free port.
 */
export async function choosePort(
  host: string,
  preferred: number | undefined,
  fallback = false,
  avoid: readonly number[] = [],
): Promise<number> {
  if (preferred === undefined || preferred === 0) {
    for (;;) {
      const port = await freePort(host);
      if (!avoid.includes(port)) return port;
    }
  }
  if (!avoid.includes(preferred) && (await isPortFree(preferred, host))) return preferred;
  if (!fallback) throw new Error(`port ${host}:${preferred} is taken`);
  return choosePort(host, undefined, false, avoid);
}

/**
 * Whether a server that failed to start lost the race for a port this process chose (another
 * process bound it in between): then starting again on a new port is right, up to three times.
 */
export function lostPortRace(serverOutput: string, portWasChosenHere: boolean, attempt: number): boolean {
  return /address already in use/i.test(serverOutput) && portWasChosenHere && attempt < 3;
}
