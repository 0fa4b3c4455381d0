import type { Writable } from 'node:stream';

/** The download went away (client gone): the export stops reading the database. */
export class ExportAbortedError extends Error {
  override name = 'ExportAbortedError';
}

/**
 * Waits while `out` holds more than its buffer: the export reads the next rows from the database
 * only as fast as the client takes them, so memory stays flat whatever the number of posts.
 */
export async function drain(out: Writable): Promise<void> {
  if (out.destroyed) throw new ExportAbortedError('the client closed the download');
  if (!out.writableNeedDrain) return;
  // Both listeners go once either fires: a download waits thousands of times.
  await new Promise<void>((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
  if (out.destroyed) throw new ExportAbortedError('the client closed the download');
}
