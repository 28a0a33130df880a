import { paymentsAlipayNotifyRoute } from '#functions/route-specs.ts';
import { plainText } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { handleAlipayNotify } from '#shared/payments/alipay/alipay-notify.ts';

/** Alipay's notify: verified over the posted form fields before anything is believed. */
export const handler = httpHandler(paymentsAlipayNotifyRoute, async (req) =>
  plainText(await handleAlipayNotify(deps(), req.rawBody)),
);
