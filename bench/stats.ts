/** Small helpers for the benchmark: percentiles and a bounded-concurrency runner. */
export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return 0;
  const idx = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, idx)]!;
}

/**
 * Runs `total` tasks with `concurrency` in flight; returns elapsed seconds and each task's
 * latency (ms). `onProgress` is called every `every` completions.
 */
export async function runConcurrent(
  total: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
  onProgress?: (done: number) => void,
  every = 1000,
): Promise<{ seconds: number; latenciesMs: number[] }> {
  const latencies = new Array<number>(total);
  let next = 0;
  let done = 0;
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= total) return;
      const t0 = performance.now();
      await task(i);
      latencies[i] = performance.now() - t0;
      done++;
      if (onProgress && done % every === 0) onProgress(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  onProgress?.(done);
  return { seconds: (performance.now() - started) / 1000, latenciesMs: latencies };
}
