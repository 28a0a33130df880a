import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OutboxNotifier } from '#features/notifications/index.ts';
import type { SandboxPaymentProvider } from '#shared/payments/sandbox-provider.ts';
import { signBody } from '#shared/payments/signature.ts';
import type { ExtraRoute } from './api-gateway.ts';

/**
 * `POST /sandbox/pay/{paymentId}[?status=FAILED][&callback=0]` (no auth, local only): the customer pays at
 * the sandbox gateway, which then sends the signed callback to the API, as a real gateway
 * would. The response tells what the callback got back.
 */
export function sandboxPayRoute(opts: {
  provider: () => SandboxPaymentProvider;
  secret: string;
  callbackUrl: () => string;
}): ExtraRoute {
  return {
    method: 'POST',
    pattern: /^\/sandbox\/pay\/([\w-]{1,64})$/,
    handle: async (req: IncomingMessage, res: ServerResponse, match: RegExpExecArray) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const status = url.searchParams.get('status') === 'FAILED' ? 'FAILED' : 'SUCCESS';
      const result = await opts.provider().settle(match[1]!, status, Date.now());
      if (!result) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'No such sandbox payment' } }));
        return;
      }
      const body = JSON.stringify(result);
      // `?callback=0` pays without notifying: a lost callback, for payment-check to recover.
      // A closed trade takes no money, so there is nothing to notify either.
      if (url.searchParams.get('callback') === '0' || result.status === 'CLOSED') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ paymentId: result.paymentId, status: result.status, callbackStatus: null }));
        return;
      }
      const callback = await fetch(opts.callbackUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': signBody(opts.secret, body) },
        body,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          paymentId: result.paymentId,
          status: result.status,
          callbackStatus: callback.status,
        }),
      );
    },
  };
}

/**
 * `GET /sandbox/outbox?to=<mobile or email>` (no auth, local only): what the buyer was sent
 * (the SNS/SES stand-in), newest first: `{items: [{to, channel, template, data, at}]}`.
 */
export function sandboxOutboxRoute(outbox: () => OutboxNotifier): ExtraRoute {
  return {
    method: 'GET',
    pattern: /^\/sandbox\/outbox$/,
    handle: async (req: IncomingMessage, res: ServerResponse) => {
      const to = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('to') ?? '';
      if (!/^[\w.+@-]{3,254}$/.test(to)) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: {
              code: 'VALIDATION_FAILED',
              message: 'Give ?to= a mobile number or an email address',
              details: { fields: [{ path: 'query.to', message: 'a mobile number or an email address' }] },
            },
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: await outbox().read(to) }));
    },
  };
}

/**
 * `POST /sandbox/faults/event-bus?down=1|0` (local runtime only): the local EventBridge
 * refuses every publish while down, as a bus that fails would, for the outbox drill.
 */
export function sandboxEventBusFaultRoute(bus: { down: boolean }): ExtraRoute {
  return {
    method: 'POST',
    pattern: /^\/sandbox\/faults\/event-bus$/,
    handle: async (req: IncomingMessage, res: ServerResponse) => {
      const down = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('down');
      if (down !== '0' && down !== '1') {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: {
              code: 'VALIDATION_FAILED',
              message: 'Give ?down=1 or ?down=0',
              details: { fields: [{ path: 'query.down', message: '1 or 0' }] },
            },
          }),
        );
        return;
      }
      bus.down = down === '1';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ down: bus.down }));
    },
  };
}
