import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config/config';
import { prettyLogStream } from './pretty-log-line';
import { redactLogLine, secretValuesOf } from './redact-log-line';

/**
 * Structured JSON logs on stdout, one line per record, readable lines instead when stdout is a
 * terminal. Every line goes through `redactLogLine` just before it is written: pino's `redact`
 * paths only reach fixed places, and a credential may sit anywhere (a header, an error's message,
 * a URL). The values of the configuration's own secrets (OIDC_CLIENT_SECRET) are looked for in
 * every line too, whatever prints them.
 */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'> & Partial<Config>, name: string, destination?: DestinationStream): Logger {
  const secrets = secretValuesOf(config);
  const options = { name, level: config.LOG_LEVEL, hooks: { streamWrite: (line: string) => redactLogLine(line, secrets) } };
  const stream = destination ?? (process.stdout.isTTY ? prettyLogStream() : undefined);
  return stream ? pino(options, stream) : pino(options);
}
