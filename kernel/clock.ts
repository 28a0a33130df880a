/** The time, in epoch milliseconds: the system clock in production, a settable one in tests. */
export interface Clock {
  now(): number;
}
