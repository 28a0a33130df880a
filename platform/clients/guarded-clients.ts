import type { InitializeMiddleware, MetadataBearer, MiddlewareStack } from '@smithy/types';
import type { RedisClient } from '#platform/clients/redis.ts';
import { reportBreakerChange } from '#platform/resilience/breaker-reports.ts';
import { type Dependency, DependencyBreaker } from '#platform/resilience/circuit-breaker.ts';

/** The client each guarded Redis proxy stands for: callers that must bypass the breaker use it. */
const unguardedOf = new WeakMap<object, RedisClient>();

type AnyFn = (...args: unknown[]) => unknown;

/**
 * A Redis client whose every command (scripts included) and pipeline goes through `breaker`: a proxy,
 * so every adapter (inventory, rate limits, waiting room, caches) is covered in one place.
 * Everything else (events, status, duplicate) reaches the client itself.
 */
export function guardRedis<T extends RedisClient>(
  client: T,
  breaker = new DependencyBreaker('redis', reportBreakerChange),
): T {
  const commands = new Set([...client.getBuiltinCommands(), 'call']);
  // Scripts run as EVALSHA/EVAL (platform/lua/scripts.ts): builtin commands too.
  const isCommand = (name: string) => commands.has(name) || commands.has(name.replace(/Buffer$/, ''));
  const wrapped = new Map<PropertyKey, AnyFn>();
  const proxy = new Proxy(client, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      let fn = wrapped.get(prop);
      if (fn) return fn;
      const method = value as AnyFn;
      if (prop === 'pipeline' || prop === 'multi') {
        fn = (...args) => guardExec(method.apply(target, args) as { exec: AnyFn }, breaker);
      } else if (typeof prop === 'string' && isCommand(prop)) {
        fn = (...args) => breaker.run(() => method.apply(target, args) as PromiseLike<unknown>);
      } else {
        fn = method.bind(target);
      }
      wrapped.set(prop, fn);
      return fn;
    },
  });
  unguardedOf.set(proxy, client);
  return proxy;
}

function guardExec<P extends { exec: AnyFn }>(pipeline: P, breaker: DependencyBreaker): P {
  const exec = pipeline.exec.bind(pipeline);
  pipeline.exec = (...args: unknown[]) => breaker.run(() => exec(...args) as PromiseLike<unknown>);
  return pipeline;
}

/**
 * The client behind a guarded proxy (or the client itself). Only for a call that must be sent
 * even while the breaker is open: the release queued behind a hold whose outcome is unknown
 * (shared/booking/holds.ts), which has to follow that hold on the same connection.
 */
export function unguarded(client: RedisClient): RedisClient {
  return unguardedOf.get(client) ?? client;
}

/**
 * Puts `dependency`'s breaker around every command of an AWS SDK client, outside the SDK's own
 * retries (the initialize step): the breaker counts a call that failed its whole retry budget.
 */
export function guardAwsClient<
  I extends object,
  O extends MetadataBearer,
  C extends { middlewareStack: MiddlewareStack<I, O> },
>(client: C, dependency: Dependency, breaker = new DependencyBreaker(dependency, reportBreakerChange)): C {
  const middleware: InitializeMiddleware<I, O> = (next) => (args) => breaker.run(() => next(args));
  client.middlewareStack.add(middleware, {
    step: 'initialize',
    name: 'circuitBreaker',
    priority: 'high',
    override: true,
  });
  return client;
}
