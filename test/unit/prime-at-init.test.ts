import { describe, expect, it, vi } from 'vitest';
import { logger } from '#kernel/observability/logger.ts';
import { primeAtInit } from '#shared/app/prime.ts';

const inLambda = { AWS_LAMBDA_INITIALIZATION_TYPE: 'provisioned-concurrency' };

describe('priming at init', () => {
  it('runs only in Lambda: the tests and the local runtime import the functions without it', async () => {
    const steps = vi.fn(async () => undefined);
    await primeAtInit(steps, { env: {} });
    expect(steps).not.toHaveBeenCalled();
    await primeAtInit(steps, { env: inLambda });
    expect(steps).toHaveBeenCalledOnce();
  });

  it('never fails init: a failed step is logged and left to the first request', async () => {
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    await expect(
      primeAtInit(() => Promise.reject(new Error('secrets extension down')), { env: inLambda }),
    ).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith(
      'init priming failed; the first request retries it',
      expect.objectContaining({ error: expect.any(Error) }),
    );
    warn.mockRestore();
  });

  it('never holds init past its time: a step that hangs is left running for the first request', async () => {
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const started = Date.now();
    await primeAtInit(() => new Promise(() => undefined), { env: inLambda, timeoutMs: 50 });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('did not finish in time'), { timeoutMs: 50 });
    warn.mockRestore();
  });
});
