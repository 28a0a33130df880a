import { caller } from '#platform/http/handler.ts';
import { ok, plainText } from '#platform/http/responses.ts';
import { type DepsOf, defineRoute, returns } from '#platform/http/route.ts';
import { parseWith } from '#platform/http/validation.ts';
import type * as R from '#shared/api/responses.ts';
import { IdempotencyKey, OrderParams, PaymentBody, RefundBody } from '#shared/api/schemas.ts';
import { refundOrder } from '#shared/orders/order-changes.ts';
import { handleAlipayNotify } from '#shared/payments/alipay/alipay-notify.ts';
import { handleCallback, paymentCheck, startPayment } from '#shared/payments/payments.ts';

/*
 * The payments feature's routes: pay links, the providers' notifies, the buyer's payment check
 * and refunds. Their use cases and the providers are still in shared/payments/.
 */

export const paymentsCreate = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/v1/orders/{orderNumber}/payments',
  auth: 'user',
  params: OrderParams,
  body: PaymentBody,
  rateLimit: 'USER_BUY',
  response: /* @__PURE__ */ returns<typeof R.PaymentStarted>(),
  needs: { table: 'readWrite', payments: true },
  run: async (req, d: DepsOf<typeof startPayment>) => {
    const key = parseWith(IdempotencyKey, req.headers['idempotency-key'], 'header.idempotency-key');
    return startPayment(d, caller(req), req.params.orderNumber, req.body, key);
  },
});

/** The gateway's callback: the signature is checked over the raw body before anything is parsed. */
export const paymentsCallback = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/v1/payments/callback',
  auth: 'none',
  response: /* @__PURE__ */ returns<typeof R.CallbackAck>(),
  needs: { table: 'readWrite', scheduler: true, events: true, payments: true, secrets: ['sandboxCallback'] },
  run: async (req, d: DepsOf<typeof handleCallback>) =>
    ok(await handleCallback(d, req.rawBody, req.headers['x-signature'])),
});

/** Alipay's notify: verified over the posted form fields before anything is believed. */
export const paymentsAlipayNotify = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/v1/payments/alipay/notify',
  auth: 'none',
  // A late notify's refund goes out through Alipay from here (its credentials: the payment secret).
  needs: { table: 'readWrite', scheduler: true, events: true, payments: true },
  run: async (req, d: DepsOf<typeof handleAlipayNotify>) =>
    plainText(await handleAlipayNotify(d, req.rawBody)),
});

export const ordersPaymentCheck = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/v1/orders/{orderNumber}/payment-check',
  auth: 'user',
  params: OrderParams,
  response: /* @__PURE__ */ returns<typeof R.Order>(),
  needs: { table: 'readWrite', scheduler: true, events: true, payments: true },
  run: async (req, d: DepsOf<typeof paymentCheck>) =>
    ok(await paymentCheck(d, caller(req), req.params.orderNumber)),
});

export const ordersRefund = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/v1/orders/{orderNumber}/refund',
  auth: 'user',
  params: OrderParams,
  body: RefundBody,
  response: /* @__PURE__ */ returns<typeof R.Order>(),
  needs: { table: 'readWrite', events: true, payments: true },
  run: async (req, d: DepsOf<typeof refundOrder>) =>
    ok(await refundOrder(d, caller(req), req.params.orderNumber)),
});

/** The feature's routes by the function that serves each (functions/<name>/index.ts). */
export const PAYMENTS_ROUTES = {
  'payments-create': paymentsCreate,
  'payments-callback': paymentsCallback,
  'payments-alipay-notify': paymentsAlipayNotify,
  'orders-payment-check': ordersPaymentCheck,
  'orders-refund': ordersRefund,
};
