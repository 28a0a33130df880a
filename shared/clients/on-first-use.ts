/**
 * A value made on first use, once (a failed attempt is retried on the next use). For AWS SDK
 * clients: every function's container composes the same dependencies, and most functions never
 * enqueue or notify, so the SQS, SNS and SESv2 packages are imported when first needed, not
 * when the function loads (loading them cost the hold function's cold start ~100–200 ms here).
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
