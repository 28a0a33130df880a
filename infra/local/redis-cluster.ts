import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cluster, Redis } from 'ioredis';
import { freePort, waitFor } from './free-port.ts';
import { stopChild } from './redis-server.ts';

export interface LocalCluster {
  /** The masters, `{host, port}` each (any one is a seed for a cluster client). */
  nodes: { host: string; port: number }[];
  /** A cluster client (ioredis), as the product builds one with REDIS_CLUSTER=true. */
  client(options?: { enableAutoPipelining?: boolean }): Cluster;
  stop(): Promise<void>;
}

/**
 * A Redis Cluster of `masters` private, non-persistent redis-servers on 127.0.0.1 and free
 * ports (`--cluster-enabled yes`), joined with `redis-cli --cluster create` (slots split
 * evenly, no replicas), ready once every node says `cluster_state:ok`. For the tests and
 * the bench: ElastiCache Serverless and cluster-mode ElastiCache are clusters, and move slots.
 */
export async function startRedisCluster(masters = 3): Promise<LocalCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'redis-cluster-'));
  const ports: number[] = [];
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map((c) => stopChild(c)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) {
      const port = await freePort();
      ports.push(port);
      children.push(
        spawn(
          'redis-server',
          [
            '--bind',
            '127.0.0.1',
            '--port',
            String(port),
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            join(dir, `nodes-${port}.conf`),
            '--cluster-node-timeout',
            '5000',
            '--save',
            '',
            '--appendonly',
            'no',
            '--dir',
            dir,
          ],
          { stdio: ['ignore', 'ignore', 'inherit'] },
        ),
      );
    }
    const ping = async (port: number) => {
      const probe = new Redis(port, '127.0.0.1', {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        return probe;
      } catch {
        probe.disconnect();
        return undefined;
      }
    };
    for (const port of ports) {
      await waitFor(`redis-server ${port}`, async () => {
        const p = await ping(port);
        p?.disconnect();
        return Boolean(p);
      });
    }
    await promisify(execFile)('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    for (const port of ports) {
      await waitFor(`cluster_state:ok on ${port}`, async () => {
        const p = await ping(port);
        if (!p) return false;
        try {
          return /cluster_state:ok/.test(String(await p.call('CLUSTER', 'INFO')));
        } finally {
          p.disconnect();
        }
      });
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const nodes = ports.map((port) => ({ host: '127.0.0.1', port }));
  return {
    nodes,
    client: (options = {}) =>
      new Cluster(nodes, { enableAutoPipelining: options.enableAutoPipelining ?? true, redisOptions: {} }),
    stop,
  };
}
