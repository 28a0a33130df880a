/** Dependency probes for /health: each answers true when its dependency does. */
export type HealthProbes = Record<string, () => Promise<boolean>>;
