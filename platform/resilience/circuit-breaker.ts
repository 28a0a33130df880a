import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
} from 'cockatiel';
import { isDependencyFailure } from '#platform/resilience/dependency-failure.ts';

/** The dependencies a container calls, one breaker each (CloudWatch dimension `Dependency`). */
export const DEPENDENCIES = [
  'redis',
  'dynamodb',
  'sqs',
  'eventbridge',
  'scheduler',
  'sns',
  'ses',
  'opensearch',
  'secretsmanager',
] as const;
export type Dependency = (typeof DEPENDENCIES)[number];

/**
 * When a breaker opens and when it probes again (docs/ARCHITECTURE.md, "When a dependency
 * fails"). A Lambda container serves one request at a time, so "consecutive" is per
 * container: three requests in a row that could not reach the dependency (1.5 s of a frozen
 * Redis, well under a second of a dead one) and the rest fail in microseconds. Redis probes
 * every second because holds are the on-sale's critical path and a probe costs at most one
 * 500 ms command; the AWS services every two.
 */
export const BREAKER_SETTINGS = {
  consecutiveFailures: 3,
  halfOpenAfterMs: { redis: 1_000, other: 2_000 },
} as const;

export type BreakerState = 'closed' | 'open' | 'half-open';

/** What a breaker reports when it changes state (metrics and logs by default: breaker-reports.ts). */
export type BreakerObserver = (dependency: Dependency, state: BreakerState, reason?: unknown) => void;

/** A request refused without calling the dependency: its breaker is open (a 503 for the caller). */
export class CircuitOpenError extends Error {
  override readonly name = 'CircuitOpenError';
  constructor(readonly dependency: Dependency) {
    super(`${dependency} is failing; calls are paused for a moment (circuit open)`);
  }
}

const STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

/**
 * One dependency's circuit breaker (cockatiel): only failures that mean "the dependency did
 * not answer" count (a conditional-check failure or a script's refusal is an answer); three in
 * a row open it; open, every call fails at once with `CircuitOpenError`; after the pause one
 * call probes (half-open) while the others keep failing fast, and its outcome closes or
 * reopens the circuit.
 */
export class DependencyBreaker {
  private readonly policy: CircuitBreakerPolicy;

  constructor(
    readonly dependency: Dependency,
    observer: BreakerObserver,
    settings: { consecutiveFailures: number; halfOpenAfterMs: number } = {
      consecutiveFailures: BREAKER_SETTINGS.consecutiveFailures,
      halfOpenAfterMs:
        dependency === 'redis'
          ? BREAKER_SETTINGS.halfOpenAfterMs.redis
          : BREAKER_SETTINGS.halfOpenAfterMs.other,
    },
  ) {
    this.policy = circuitBreaker(
      handleWhen((err) => isDependencyFailure(err)),
      {
        halfOpenAfter: settings.halfOpenAfterMs,
        breaker: new ConsecutiveBreaker(settings.consecutiveFailures),
      },
    );
    this.policy.onBreak((reason) => observer(dependency, 'open', 'error' in reason ? reason.error : reason));
    this.policy.onHalfOpen(() => observer(dependency, 'half-open'));
    this.policy.onReset(() => observer(dependency, 'closed'));
  }

  get state(): BreakerState {
    return STATES[this.policy.state];
  }

  /**
   * Runs `call` through the breaker. The call starts synchronously (ioredis keeps the order in
   * which commands are issued, which the hold path's release-behind relies on).
   */
  async run<T>(call: () => PromiseLike<T>): Promise<T> {
    // cockatiel makes callers wait for the half-open probe's outcome; we want them to fail
    // fast instead: the probe alone may spend a timeout.
    if (this.policy.state === CircuitState.HalfOpen) throw new CircuitOpenError(this.dependency);
    try {
      return await this.policy.execute(call);
    } catch (err) {
      if (err instanceof BrokenCircuitError) throw new CircuitOpenError(this.dependency);
      throw err;
    }
  }
}
