// Loaded at init, not on the first request: every hold schedules its release, and with
// provisioned concurrency init runs before the sale opens. The other SDK clients (DynamoDB,
// EventBridge, SQS...) load on first use: a hold calls none of them.
import '@aws-sdk/client-scheduler';
import { holdsCreateRoute } from '#functions/route-specs.ts';
import { caller } from '#platform/http/handler.ts';
import { created } from '#platform/http/responses.ts';
import { holdPathDeps, primeHotPath } from '#shared/app/hold-path-container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { primeAtInit } from '#shared/app/prime.ts';
import { createHold } from '#shared/booking/holds.ts';

// In Lambda, the first request's setup (secrets, Redis, the token key) runs during init.
await primeAtInit(primeHotPath);

export const handler = httpHandler(holdsCreateRoute, async (req) =>
  created(
    await createHold(holdPathDeps(), caller(req), req.params.sessionId, req.body, {
      admissionToken: req.headers['x-admission-token'],
    }),
  ),
);
