import { type ChildProcess, spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort, waitFor } from './free-port.ts';

export interface ChildServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}

/**
 * Starts a private, non-persistent redis-server on 127.0.0.1 and a free port. `under` runs it
 * inside another program (the instruction counter's valgrind), which may need longer to start.
 */
export async function startRedisServer({
  under = [],
  readyTimeoutMs,
}: {
  under?: string[];
  readyTimeoutMs?: number;
} = {}): Promise<ChildServer & { pid: number }> {
  const port = await freePort();
  const [command, ...prefix] = [...under, 'redis-server'];
  const child = spawn(
    command!,
    [
      ...prefix,
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--save',
      '',
      '--appendonly',
      'no',
      '--protected-mode',
      'yes',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`redis-server exited early with code ${code}`))),
  );
  const url = `redis://127.0.0.1:${port}`;
  await Promise.race([
    exited,
    waitFor(
      'redis-server',
      async () => {
        const probe = new Redis(url, {
          lazyConnect: true,
          maxRetriesPerRequest: 0,
          retryStrategy: () => null,
        });
        probe.on('error', () => undefined); // refused while starting: keep probing
        try {
          await probe.connect();
          return (await probe.ping()) === 'PONG';
        } finally {
          probe.disconnect();
        }
      },
      readyTimeoutMs,
    ),
  ]);
  exited.catch(() => undefined);
  // With `under`, the wrapper's process, which runs the server in place (valgrind does).
  return { url, port, pid: child.pid!, stop: () => stopChild(child) };
}
