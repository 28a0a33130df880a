import { paymentsCallbackRoute } from '#functions/route-specs.ts';
import { ok } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { handleCallback } from '#shared/payments/payments.ts';

/** The gateway's callback: the signature is checked over the raw body before anything is parsed. */
export const handler = httpHandler(paymentsCallbackRoute, async (req) =>
  ok(await handleCallback(deps(), req.rawBody, req.headers['x-signature'])),
);
