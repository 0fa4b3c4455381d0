import { Connection } from '@temporalio/client';
import mongoose from 'mongoose';

// The servers come from test/setup/global-setup.ts: the Temporal dev server and FerretDB on free
// loopback ports (or TEMPORAL_ADDRESS / MONGODB_URI when they were set).
describe('integration servers', () => {
  it('the Temporal server answers GetSystemInfo', async () => {
    const address = process.env.TEMPORAL_ADDRESS;
    expect(address).toMatch(/^[^:\s]+:\d+$/);
    const connection = await Connection.connect({ address });
    try {
      const info = await connection.workflowService.getSystemInfo({});
      expect(info.capabilities).toBeTruthy();
      const namespace = await connection.workflowService.describeNamespace({ namespace: 'default' });
      expect(namespace.namespaceInfo?.name).toBe('default');
    } finally {
      await connection.close();
    }
  });

  it('the MongoDB-compatible server answers a ping through mongoose, on a database of this run', async () => {
    const uri = process.env.MONGODB_URI;
    expect(uri).toMatch(/^mongodb(\+srv)?:\/\/.+\/cnum_test_\d+_\d+/);
    const connection = await mongoose.createConnection(uri!, { serverSelectionTimeoutMS: 5_000 }).asPromise();
    try {
      const pong = await connection.db!.admin().ping();
      expect(pong.ok).toBe(1);
      expect(connection.db!.databaseName).toMatch(/^cnum_test_/);
    } finally {
      await connection.close();
    }
  });

  it('the time-skipping test server path is exported for createTimeSkippingEnv', () => {
    expect(process.env.TEMPORAL_TEST_SERVER_PATH).toMatch(/temporal-test-server$/);
  });
});
