import { type ChildProcess, spawn } from 'node:child_process';
import { stopChild } from '../../infra/local/redis-server.ts';

/**
 * Limits far above what a test file's clients do from 127.0.0.1: for runtimes whose tests are
 * about something else. The limits themselves are tested on a runtime with the defaults.
 */
export const GENEROUS_LIMITS = {
  RATE_IP_AUTH_PER_MINUTE: '1000000',
  RATE_IP_LOGIN_FAILURES_PER_HOUR: '1000000',
  RATE_USER_BUY_PER_SECOND: '100000',
  RATE_USER_BUY_BURST: '100000',
  CAPTCHA_REGISTRATIONS_PER_MINUTE: '1000000',
  // Captchas that tests solve in milliseconds.
  CAPTCHA_MAX_NUMBER: '2000',
};

export interface RuntimeChild {
  url: string;
  redisUrl: string;
  dynamoDbUrl: string;
  sqsUrl: string;
  /** The Alipay stand-in's gateway (…/gateway.do); its origin serves the cashier and the switches. */
  alipayUrl: string;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts the local runtime as `npm start` does (tsx infra/local/main.ts) in a child process,
 * on a free port, and waits for its READY line. Tests then speak HTTP to it, black-box.
 */
export async function spawnRuntime(env: Record<string, string> = {}): Promise<RuntimeChild> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
    // A REDIS_URL left in this process's environment (a test's in-process container) would
    // point the runtime at that Redis: only a test that asks for it gets it.
    env: { ...withoutRedis(process.env), PORT: '0', CONTRACT_CHECK: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`runtime not ready in 90 s:\n${out}`)), 90_000);
    const check = () => {
      const m = /^READY (\S+) (\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`runtime exited with ${code}:\n${out}`));
    });
  });
  const dynamo = /DynamoDB Local: (\S+)/.exec(out)?.[1] ?? '';
  const sqs = /SQS: (\S+)/.exec(out)?.[1] ?? '';
  const alipay = /Alipay: (\S+)/.exec(out)?.[1] ?? '';
  return {
    url: ready[1]!,
    redisUrl: ready[2]!,
    dynamoDbUrl: dynamo,
    sqsUrl: sqs,
    alipayUrl: alipay,
    output: () => out,
    stop: () => stopChild(child),
  };
}

function withoutRedis(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { REDIS_URL: _url, REDIS_CLUSTER: _cluster, ...rest } = env;
  return rest;
}
