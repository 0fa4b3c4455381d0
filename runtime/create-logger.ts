import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config/config';
import { prettyLogStream } from './pretty-log-line';
import { redactLogLine } from './redact-log-line';

/**
 * Structured JSON logs on stdout, one line per record, readable lines instead when stdout is a
 * terminal. Every line goes through `redactLogLine` just before it is written: pino's `redact`
 * paths only reach fixed places, and a credential may sit anywhere (a header, an error's message,
 * a URL).
 */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, name: string, destination?: DestinationStream): Logger {
  const options = { name, level: config.LOG_LEVEL, hooks: { streamWrite: redactLogLine } };
  const stream = destination ?? (process.stdout.isTTY ? prettyLogStream() : undefined);
  return stream ? pino(options, stream) : pino(options);
}
