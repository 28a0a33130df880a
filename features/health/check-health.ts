import type { HealthProbes } from './port.ts';

/** Runs each dependency probe with a deadline; healthy only when every probe answers. */
export async function checkHealth(probes: HealthProbes, timeoutMs = 2000) {
  const checks: Record<string, 'up' | 'down'> = {};
  await Promise.all(
    Object.entries(probes).map(async ([name, probe]) => {
      const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
      checks[name] = (await Promise.race([probe().catch(() => false), timeout])) ? 'up' : 'down';
    }),
  );
  return { ok: Object.values(checks).every((c) => c === 'up'), checks };
}
