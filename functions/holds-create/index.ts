// Loaded at init, not on the first request: every hold schedules its release, and with
// provisioned concurrency init runs before the sale opens. The other SDK clients (DynamoDB,
// EventBridge, SQS...) load on first use: a hold calls none of them.
import '@aws-sdk/client-scheduler';
import { holdsCreateRoute } from '#functions/route-specs.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { createHold } from '#shared/booking/holds.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { created } from '#shared/http/responses.ts';

export const handler = httpHandler(holdsCreateRoute, async (req) =>
  created(
    await createHold(coreDeps(), caller(req), req.params.sessionId, req.body, {
      admissionToken: req.headers['x-admission-token'],
    }),
  ),
);
