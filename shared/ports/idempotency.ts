/** The first answer to a key; `T` is its body (a replay answers the very same). */
export interface StoredResponse<T = unknown> {
  status: number;
  body: T;
}

export type BeginOutcome =
  | { kind: 'new' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'conflict' }
  | { kind: 'in-progress' };

/** Idempotency-Key records: the first response for a key and body, kept for a day. */
export interface IdempotencyStore {
  begin(scope: string, key: string, requestHash: string, nowMs: number): Promise<BeginOutcome>;
  complete(scope: string, key: string, response: StoredResponse, nowMs: number): Promise<void>;
  /** Forgets a key whose request failed, so the client can retry with it. */
  abandon(scope: string, key: string): Promise<void>;
}
