import type { RouteDocs } from '#platform/http/route.ts';
import * as R from '#shared/api/responses.ts';
import type { PAYMENTS_ROUTES } from './routes.ts';

/** What the OpenAPI document and the contract check say of each payments route (tools only, never bundled). */
export const PAYMENTS_ROUTE_DOCS = {
  'payments-create': {
    summary: 'Start a payment for the order amount (Idempotency-Key required)',
    success: [201, '{paymentId, amountCents, channel, payUrl}'],
    response: R.PaymentStarted,
    errors: { 409: 'INVALID_STATE (the order is not PENDING_PAYMENT), IDEMPOTENCY_CONFLICT' },
    headers: {
      'idempotency-key': {
        required: true,
        description: '1–128 printable characters; a retry sends the same key',
      },
    },
  },
  'payments-callback': {
    summary: 'Payment provider callback, signed: x-signature = HMAC-SHA256 hex of the raw body',
    success: [200, '{ok: true}, also for repeats'],
    response: R.CallbackAck,
    errors: { 401: 'UNAUTHENTICATED: bad or missing x-signature' },
    headers: { 'x-signature': { required: true, description: 'HMAC-SHA256 hex of the raw body' } },
  },
  'payments-alipay-notify': {
    summary:
      "Alipay's asynchronous notify (form-encoded, RSA2-signed with Alipay's key); answers the text `success`",
    success: [200, 'text "success", also for repeats'],
    text: true,
    errors: { 401: 'UNAUTHENTICATED: bad or missing RSA2 signature' },
  },
  'orders-payment-check': {
    summary: 'Ask the provider about the payment and apply the answer (lost callbacks)',
    success: [200, 'the order'],
    response: R.Order,
    errors: { 409: 'INVALID_STATE: the order has no payment to ask about' },
  },
  'orders-refund': {
    summary: 'Refund a paid order before the show',
    success: [200, 'the order, REFUND_PENDING or REFUNDED'],
    response: R.Order,
    errors: {
      409: 'INVALID_STATE: not PAID/TICKETED (details.status), or details.reason SESSION_STARTED or TICKET_USED',
    },
  },
} satisfies Record<keyof typeof PAYMENTS_ROUTES, RouteDocs>;
