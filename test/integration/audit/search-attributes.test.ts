import { execFile } from 'node:child_process';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Structure } from '../../../domain/lifecycle/post-events';
import { addDays } from '../../../domain/calendar/business-date';
import { registerPostSearchAttributes, missingPostSearchAttributes } from '../../../runtime/post-search-attributes';
import { postSearchAttributes } from '../../../workflows/post-search-attributes';
import { eventually } from '../../support/eventually';
import { isolatedNamespace } from '../../support/isolated-namespace';
import { createPostDriver } from '../../support/post-driver';
import { actors, structures, today } from '../../support/post-fixtures';
import { type PostHarness, startPostHarness } from '../../support/post-harness';

/**
 * Operators find posts in the Temporal UI (issue 12): the workflow upserts PostStatus, Department,
 * Policy, Siret and NextDeadline at every change, and the worker will not run on a namespace that
 * lacks them. Visibility is eventually consistent: the queries wait for what they assert.
 */
describe('the post workflow’s search attributes', () => {
  let connection: Connection;
  let nativeConnection: NativeConnection;
  let harness: PostHarness;
  let client: Client;
  beforeAll(async () => {
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    nativeConnection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    const namespace = await isolatedNamespace(connection);
    client = new Client({ connection, namespace });
    harness = await startPostHarness({ client, connection: nativeConnection, namespace });
  });
  afterAll(async () => {
    await harness?.stop();
    await nativeConnection?.close();
    await connection?.close();
  });

  const listed = async (query: string) => {
    const ids: string[] = [];
    for await (const execution of client.workflow.list({ query })) ids.push(execution.workflowId);
    return ids.sort();
  };

  it('lists the posts of PostStatus="in_training" AND Department="971", and keeps them across a renewal’s continue-as-new', async () => {
    const drive = createPostDriver(harness);
    const t = today();
    const inTraining = async (structure: Structure) => {
      const postId = await drive.grant(structure, t);
      await drive.onboard(postId, structure, t);
      await drive.send(postId, actors.trainingOrg, { type: 'START_TRAINING', startedOn: t });
      return postId;
    };
    const first = await inTraining(structures.guadeloupeCommune);
    const renewed = await inTraining(structures.guadeloupeCommune);
    const elsewhere = await inTraining(structures.reunionCommune);
    const onboarding = await drive.grant(structures.guadeloupeCommune, t);
    await drive.send(onboarding, actors.structureOf(structures.guadeloupeCommune), { type: 'VALIDATE_CANDIDATE', advisor: { firstName: 'Ana', lastName: 'Roy', email: 'ana.roy@example.fr' } });

    const firstRun = (await client.workflow.getHandle(renewed).describe()).runId;
    await drive.send(renewed, actors.structureOf(structures.guadeloupeCommune), { type: 'REQUEST_RENEWAL', requestedOn: t });
    await drive.send(renewed, actors.bdt, { type: 'VALIDATE_RENEWAL', signedOn: t, amountCents: 4_000_000, months: 24 });
    await eventually('the renewal continued the workflow as new', async () => (await client.workflow.getHandle(renewed).describe()).runId !== firstRun);

    // Every run of a post is in the list; the continued run keeps the attributes it was given.
    const wanted = [first, renewed].sort();
    await eventually(
      'PostStatus="in_training" AND Department="971" lists exactly those posts',
      async () => JSON.stringify([...new Set(await listed(`PostStatus="in_training" AND Department="971" AND ExecutionStatus="Running"`))]) === JSON.stringify(wanted),
    );
    expect(await listed(`PostStatus="in_training" AND Department="974"`)).toEqual([elsewhere]);
    expect(await listed(`PostStatus="onboarding" AND Siret="${structures.guadeloupeCommune.siret}"`)).toEqual([onboarding]);

    const { typedSearchAttributes } = await client.workflow.getHandle(renewed).describe();
    const { PostStatus, Department, Policy, Siret, NextDeadline } = postSearchAttributes;
    expect({
      status: typedSearchAttributes.get(PostStatus),
      department: typedSearchAttributes.get(Department),
      policy: typedSearchAttributes.get(Policy),
      siret: typedSearchAttributes.get(Siret),
    }).toEqual({ status: 'in_training', department: '971', policy: '2022-public', siret: structures.guadeloupeCommune.siret });
    const view = await harness.posts.view(renewed);
    expect(typedSearchAttributes.get(NextDeadline)?.toISOString().slice(0, 10)).toBe(view.deadlines.map((d) => d.dueOn).sort()[0]);
    expect(await listed(`NextDeadline < "${addDays(t, 10_000)}T00:00:00Z" AND Department="974"`)).toEqual([elsewhere]);
  });
});

describe('worker.ts on a namespace without the search attributes', () => {
  const repoRoot = path.resolve(__dirname, '../../..');
  const startWorker = (namespace: string) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const env = { ...process.env, TEMPORAL_NAMESPACE: namespace, TEMPORAL_TASK_QUEUE: `sa-${namespace}`, LOG_LEVEL: 'silent' };
      execFile(process.execPath, ['--import', 'tsx', 'worker.ts'], { cwd: repoRoot, env, timeout: 60_000 }, (error, _stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr }),
      );
    });

  it('finds them in the default namespace of the dev server that the test setup (and npm start) starts', async () => {
    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    try {
      expect(await missingPostSearchAttributes(connection.operatorService, 'default')).toEqual([]);
    } finally {
      await connection.close();
    }
  });

  it('refuses to start, naming each missing attribute and the command that registers it', async () => {
    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    try {
      const namespace = await isolatedNamespace(connection, { searchAttributes: false });
      const bare = await startWorker(namespace);
      expect(bare.code).toBe(1);
      expect(bare.stderr).toContain(`The Temporal namespace ${namespace} lacks the search attributes PostStatus, Department, Policy, Siret, NextDeadline`);
      expect(bare.stderr).toContain(`temporal operator search-attribute create --namespace ${namespace} --name NextDeadline --type Datetime`);

      await registerPostSearchAttributes(connection.operatorService, namespace, ['PostStatus', 'Department']);
      await eventually('two attributes registered', async () => (await missingPostSearchAttributes(connection.operatorService, namespace)).length === 3);
      const partial = await startWorker(namespace);
      expect(partial.code).toBe(1);
      expect(partial.stderr).toContain('lacks the search attributes Policy, Siret, NextDeadline');
      expect(partial.stderr).not.toContain('--name PostStatus');
    } finally {
      await connection.close();
    }
  });
});
