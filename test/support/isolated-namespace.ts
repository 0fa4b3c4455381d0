import { randomUUID } from 'node:crypto';
import type { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { missingPostSearchAttributes, registerPostSearchAttributes } from '../../runtime/post-search-attributes';
import { eventually } from './eventually';

/**
 * A Temporal namespace of a test's own on the run's dev server, for what looks at a whole
 * namespace (`npm run audit -- --all`, visibility queries): the other test files' posts are not
 * in it. With `searchAttributes: false` it has none of the post workflow's, like a cluster where
 * nobody registered them.
 */
export async function isolatedNamespace(connection: Connection, { searchAttributes = true } = {}): Promise<string> {
  const namespace = `test-${randomUUID().slice(0, 8)}`;
  await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
  await eventually(`namespace ${namespace} is known`, async () => Boolean(await connection.workflowService.describeNamespace({ namespace })));
  if (searchAttributes) {
    await registerPostSearchAttributes(connection.operatorService, namespace);
    await eventually(`search attributes of ${namespace}`, async () => (await missingPostSearchAttributes(connection.operatorService, namespace)).length === 0);
  }
  return namespace;
}
