import { DefaultLogger, type LogLevel, Runtime } from '@temporalio/worker';
import type { Logger } from 'pino';

const levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** The Temporal SDK's own logs (worker, workflow `log`) as pino records, redacted like the others. */
export function temporalRuntimeLogger(logger: Logger): DefaultLogger {
  return new DefaultLogger('INFO', (entry) => {
    logger[levels[entry.level]]({ ...entry.meta, sdk: 'temporal' }, entry.message);
  });
}

/** Sends the Temporal SDK's logs through pino; installed once per process. */
export function installTemporalRuntimeLogger(logger: Logger): void {
  Runtime.install({ logger: temporalRuntimeLogger(logger) });
}
