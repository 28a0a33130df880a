/** Domain events carried by the event bus (EventBridge in AWS). */
export interface SeatsReleased {
  sessionId: string;
  holdId: string;
  reason: 'RELEASED' | 'EXPIRED' | 'CANCELLED' | 'REFUNDED';
  seats: number;
}

/** A payment moved an order to PAID; the ticket issuer listens. */
export interface OrderPaid {
  orderNumber: string;
  userId: string;
  sessionId: string;
}

/** Released seats were offered to a waitlisted user (a hold placed for them, or a notice). */
export interface WaitlistOffered {
  waitlistId: string;
  userId: string;
  sessionId: string;
  tierId: string;
  count: number;
  offerExpiresAt: string;
  holdId?: string;
}

/** Tickets were written for a paid order; the buyer is told. */
export interface TicketsIssued {
  orderNumber: string;
  userId: string;
  sessionId: string;
  tickets: number;
}

/** The provider confirmed a refund; the buyer is told. */
export interface RefundCompleted {
  orderNumber: string;
  userId: string;
  paymentId: string;
  amountCents: number;
}

/** The organiser cancelled the session of this order; the buyer is told (the refund follows). */
export interface SessionCancelled {
  orderNumber: string;
  userId: string;
  sessionId: string;
  reason: string;
  /** Whether money was taken (and is on its way back). */
  refund: boolean;
}

export interface DomainEvents {
  SeatsReleased: SeatsReleased;
  OrderPaid: OrderPaid;
  WaitlistOffered: WaitlistOffered;
  TicketsIssued: TicketsIssued;
  RefundCompleted: RefundCompleted;
  SessionCancelled: SessionCancelled;
}

export type DomainEvent = {
  [K in keyof DomainEvents]: { type: K; detail: DomainEvents[K] };
}[keyof DomainEvents];

export interface EventBus {
  publish(events: DomainEvent[]): Promise<void>;
}

export const EVENT_SOURCE = 'ticketing';
