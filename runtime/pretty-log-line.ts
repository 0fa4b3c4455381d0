import { build, prettyFactory } from 'pino-pretty';

/**
 * Readable log lines for a person at a terminal; files, pipes and CI keep the JSON lines that log
 * tools parse. Used where the terminal is known: `createLogger` when a process's own stdout is
 * one, `npm start` for the lines of the worker and the API it echoes (their stdout is a pipe).
 */
const options = {
  colorize: true,
  translateTime: 'SYS:HH:MM:ss.l',
  ignore: 'pid,hostname',
  singleLine: true,
};

const prettify = prettyFactory(options);

/** A pino JSON line as one readable line; any other line unchanged. */
export function prettyLogLine(line: string): string {
  return prettify(line).replace(/\n$/, '');
}

/** A destination stream for pino that writes readable lines to stdout. */
export function prettyLogStream() {
  return build({ ...options, sync: true });
}
