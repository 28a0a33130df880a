import { ticketsCheckInRoute } from '#functions/route-specs.ts';
import { ok } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { checkIn } from '#shared/tickets/tickets.ts';

export const handler = httpHandler(ticketsCheckInRoute, async (req) =>
  ok(await checkIn(deps(), req.body.qrPayload, req.body.sessionId)),
);
