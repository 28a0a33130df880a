import { DomainError } from '#kernel/errors.ts';
import type { SessionGeometry } from '#kernel/session-layout.ts';
import { ScriptCode } from '#platform/lua/script-codes.ts';

type Reply = (string | number | null)[];

/** 409 `SALE_CLOSED`: the organiser closed the sale, or its closing time (`saleClosesAt`) passed. */
export function saleClosed(saleClosesAt?: string): DomainError {
  return new DomainError('SALE_CLOSED', 'The sale of this session has closed', {
    status: 'CLOSED',
    ...(saleClosesAt ? { saleClosesAt } : {}),
  });
}

const csvSeats = (csv: unknown, geometry: SessionGeometry): string[] =>
  String(csv)
    .split(',')
    .filter(Boolean)
    .map((i) => geometry.seatId(Number(i)));

/** Turns a failed hold script reply into the API's domain error (`buyerIds` in request order). */
export function holdFailure(reply: Reply, geometry: SessionGeometry, buyerIds: string[]): DomainError {
  const [code, a, b, c] = reply;
  switch (code) {
    case ScriptCode.NotOnSale:
      if (a === 'CLOSED') return saleClosed();
      return new DomainError('INVALID_STATE', 'This session is not on sale', { status: a || 'NOT_ON_SALE' });
    case ScriptCode.SaleClosed:
      return saleClosed(new Date(Number(a)).toISOString());
    case ScriptCode.SaleNotStarted:
      return new DomainError('INVALID_STATE', 'The sale has not started yet', {
        status: 'SCHEDULED',
        saleOpensAt: new Date(Number(a)).toISOString(),
      });
    case ScriptCode.UnknownSeat:
      return new DomainError('VALIDATION_FAILED', 'Unknown or repeated seat', {
        fields: [{ path: 'seatIds', message: `seat ${geometry.seatId(Number(a))} is unknown or repeated` }],
      });
    case ScriptCode.SeatsUnavailable:
      return new DomainError('SEAT_UNAVAILABLE', 'Some seats are no longer available', {
        seatIds: csvSeats(a, geometry),
      });
    case ScriptCode.SoldOut:
      return new DomainError('SOLD_OUT', 'Not enough seats left in this tier', { remaining: Number(a) });
    case ScriptCode.NoAdjacentSeats:
      return new DomainError('NO_ADJACENT_SEATS', 'No row of this tier has that many adjacent seats');
    case ScriptCode.TooManySeats:
      return new DomainError('PURCHASE_LIMIT_EXCEEDED', 'Too many seats for one order', {
        maxPerOrder: Number(a),
      });
    case ScriptCode.PurchaseLimit:
      // '*': the session's limit over all its tiers.
      return String(a) === '*'
        ? new DomainError('PURCHASE_LIMIT_EXCEEDED', 'Purchase limit for this show reached', {
            scope: 'SESSION',
            limit: Number(b),
            alreadyHeldOrBought: Number(c),
          })
        : new DomainError('PURCHASE_LIMIT_EXCEEDED', 'Purchase limit for this session reached', {
            tierId: String(a),
            limit: Number(b),
            alreadyHeldOrBought: Number(c),
          });
    case ScriptCode.PriceMismatch:
      return new DomainError('PRICE_MISMATCH', 'The price has changed', { actualTotalCents: Number(a) });
    case ScriptCode.UnknownTier:
      return new DomainError('VALIDATION_FAILED', 'Unknown tier', {
        fields: [{ path: 'tierId', message: `tier ${String(a)} does not exist in this session` }],
      });
    case ScriptCode.IdAlreadyUsed:
      return new DomainError(
        'ID_ALREADY_USED',
        'An identity document may be on only one ticket of this show',
        {
          buyerIds: String(a)
            .split(',')
            .filter(Boolean)
            .map((i) => buyerIds[Number(i) - 1]),
        },
      );
    case ScriptCode.SlowedDown:
      return new DomainError(
        'RATE_LIMITED',
        'Several of your holds expired unpaid; wait before holding seats again',
        { limit: 'EXPIRED_HOLDS' },
        { retryAfterSeconds: Math.max(1, Math.ceil(Number(a) / 1000)) },
      );
    default:
      return new DomainError('INTERNAL', `Unexpected hold script reply ${String(code)}`);
  }
}
