import { adminSessionsReconcileRoute } from '#functions/route-specs.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { reconcileSession } from '#shared/catalogue/reconcile.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';

export const handler = httpHandler(adminSessionsReconcileRoute, async ({ params, body }) =>
  ok(await reconcileSession(coreDeps(), params.sessionId, body?.repair ?? false)),
);
