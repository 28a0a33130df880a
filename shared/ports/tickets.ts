export type TicketStatus = 'VALID' | 'USED' | 'VOID';

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
  /** Idempotent on orderNumber + seatId: false when that seat's ticket already exists. */
  issue(ticket: TicketRecord): Promise<boolean>;
  list(orderNumber: string): Promise<TicketRecord[]>;
  /** VALID → USED, once. Returns the status it found when that was not VALID. */
  markUsed(
    orderNumber: string,
    seatId: string,
    nowIso: string,
  ): Promise<{ used: true } | { used: false; status: TicketStatus | 'MISSING' }>;
  voidAll(orderNumber: string): Promise<void>;
}
