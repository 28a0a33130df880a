import * as z from 'zod/mini';

/**
 * Domain events carried by the event bus (EventBridge in AWS), each as one zod schema: the
 * publishers' types derive from it and every consumer parses the event's detail with it
 * (platform/lambda/message-handlers.ts), so a field cannot be sent that a consumer drops.
 */

/** Why seats went back on sale. */
export const RELEASE_REASONS = ['RELEASED', 'EXPIRED', 'CANCELLED', 'REFUNDED'] as const;

/**
 * Built by a call marked free of side effects, so a bundle that only publishes (the hold path)
 * carries none of the schemas it never parses with.
 */
// @__NO_SIDE_EFFECTS__
function eventSchemas() {
  const text = z.string().check(z.minLength(1));
  const natural = z.int().check(z.minimum(0));
  return {
    /** Seats went back on sale (a release, an expiry, a cancel, a refund); the waitlist listens. */
    SeatsReleased: z.object({
      sessionId: text,
      holdId: text,
      reason: z.enum(RELEASE_REASONS),
      seats: natural,
    }),
    /** A payment moved an order to PAID; the ticket issuer listens. */
    OrderPaid: z.object({ orderNumber: text, userId: text, sessionId: text }),
    /** Released seats were offered to a waitlisted user (a hold placed for them, or a notice). */
    WaitlistOffered: z.object({
      waitlistId: text,
      userId: text,
      sessionId: text,
      tierId: text,
      count: natural,
      offerExpiresAt: text,
      holdId: z.optional(text),
    }),
    /** Tickets were written for a paid order; the buyer is told. */
    TicketsIssued: z.object({ orderNumber: text, userId: text, sessionId: text, tickets: natural }),
    /** The provider confirmed a refund; the buyer is told. */
    RefundCompleted: z.object({ orderNumber: text, userId: text, paymentId: text, amountCents: natural }),
    /** The organiser cancelled the session of this order; the buyer is told (the refund follows). */
    SessionCancelled: z.object({
      orderNumber: text,
      userId: text,
      sessionId: text,
      reason: z.string(),
      /** Whether money was taken (and is on its way back). */
      refund: z.boolean(),
    }),
  };
}

export const EVENT_SCHEMAS = eventSchemas();

export type DomainEvents = { [K in keyof typeof EVENT_SCHEMAS]: z.infer<(typeof EVENT_SCHEMAS)[K]> };
export type EventType = keyof DomainEvents;

export type SeatsReleased = DomainEvents['SeatsReleased'];
export type OrderPaid = DomainEvents['OrderPaid'];
export type WaitlistOffered = DomainEvents['WaitlistOffered'];
export type TicketsIssued = DomainEvents['TicketsIssued'];
export type RefundCompleted = DomainEvents['RefundCompleted'];
export type SessionCancelled = DomainEvents['SessionCancelled'];

export type DomainEvent = {
  [K in EventType]: { type: K; detail: DomainEvents[K] };
}[EventType];

/** The event of this type with this detail, if the detail is what the type's schema says. */
export function parseEvent(type: string, detail: unknown): DomainEvent | undefined {
  if (!Object.hasOwn(EVENT_SCHEMAS, type)) return undefined;
  const parsed = EVENT_SCHEMAS[type as EventType].safeParse(detail);
  return parsed.success ? ({ type, detail: parsed.data } as DomainEvent) : undefined;
}

export interface EventBus {
  publish(events: DomainEvent[]): Promise<void>;
}

export const EVENT_SOURCE = 'ticketing';
