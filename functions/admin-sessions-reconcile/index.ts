import { adminSessionsReconcileRoute } from '#functions/route-specs.ts';
import { ok } from '#platform/http/responses.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { reconcileSession } from '#shared/catalogue/reconcile.ts';

export const handler = httpHandler(adminSessionsReconcileRoute, async ({ params, body }) =>
  ok(await reconcileSession(coreDeps(), params.sessionId, body?.repair ?? false)),
);
