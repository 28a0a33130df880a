export const TICKET_STATUSES = ['VALID', 'USED', 'VOID'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export interface TicketRecord {
  ticketCode: string;
  orderNumber: string;
  sessionId: string;
  seatId: string;
  section: string;
  row: number;
  col: number;
  buyerName: string;
  buyerIdNumber: string;
  qrPayload: string;
  status: TicketStatus;
  issuedAt: string;
  usedAt?: string;
}

export interface TicketRecords {
  /**
   * Every ticket of a PAID order and the order's move to TICKETED, in one transaction: a
   * refund that moved the order first leaves no valid ticket behind. False when the order
   * was not PAID (nothing written).
   */
  issueAll(orderNumber: string, tickets: TicketRecord[], issuedAtIso: string): Promise<boolean>;
  list(orderNumber: string): Promise<TicketRecord[]>;
  /**
   * VALID → USED once, in one transaction with a check-in counted on the order, on the
   * condition that the order is still sold (PAID or TICKETED): a refund and a check-in
   * racing have exactly one winner. `ORDER_NOT_SOLD` when the order was refunded or is being.
   */
  markUsed(
    orderNumber: string,
    seatId: string,
    nowIso: string,
  ): Promise<{ used: true } | { used: false; status: TicketStatus | 'MISSING' | 'ORDER_NOT_SOLD' }>;
  /** VALID → VOID for every ticket of the order; a USED ticket stays USED. */
  voidAll(orderNumber: string): Promise<void>;
}
