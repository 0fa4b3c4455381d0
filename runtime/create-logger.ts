import pino, { type Logger } from 'pino';
import type { Config } from '../config/config';

/** Structured JSON logs on stdout, one line per record. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, name: string): Logger {
  return pino({ name, level: config.LOG_LEVEL });
}
