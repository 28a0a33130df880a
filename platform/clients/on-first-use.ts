/**
 * A value made on first use, once (a failed attempt is retried on the next use). For AWS SDK
 * clients: every function's container composes the same dependencies, and most functions call
 * few of them, so the SDK packages (SQS, SNS, SESv2, DynamoDB, EventBridge, Scheduler) are
 * imported when first needed, not when the function loads (ARCHITECTURE.md, bundles).
 */
export function onFirstUse<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make().catch((err: unknown) => {
      made = undefined;
      throw err;
    });
    return made;
  };
}
