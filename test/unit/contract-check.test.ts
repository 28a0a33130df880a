import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { contractViolation } from '../../infra/local/contract-check.ts';

/**
 * The check the local gateway runs on every answer under CONTRACT_CHECK=1 (every HTTP test):
 * it must catch what a client generated from docs/openapi.json would trip over.
 */
const json = (statusCode: number, body: unknown) => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const hold = {
  holdId: 's1_0123456789ab',
  sessionId: 's1',
  status: 'ACTIVE',
  seats: [{ seatId: '1-1-1', section: 'A', row: 1, col: 1, tierId: 'A', priceCents: 100, buyerId: 'b1' }],
  together: true,
  totalCents: 100,
  orderNumber: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2026-01-01T00:10:00.000Z',
};

describe('contract check', () => {
  it('passes an answer the contract describes, errors included', () => {
    expect(contractViolation('holds-create', json(201, hold))).toBeUndefined();
    expect(
      contractViolation('holds-create', json(409, { error: { code: 'SEAT_UNAVAILABLE', message: 'x' } })),
    ).toBeUndefined();
    expect(contractViolation('holds-delete', { statusCode: 204 })).toBeUndefined();
  });

  it('names an undocumented field, a missing one and a wrong type', () => {
    expect(contractViolation('holds-create', json(201, { ...hold, secret: 1 }))).toMatch(
      /Unrecognized key.*secret/,
    );
    const { totalCents: _t, ...missing } = hold;
    expect(contractViolation('holds-create', json(201, missing))).toMatch(/totalCents/);
    expect(contractViolation('holds-create', json(201, { ...hold, totalCents: '100' }))).toMatch(
      /totalCents/,
    );
    expect(
      contractViolation('holds-get', json(200, { ...hold, seats: [{ ...hold.seats[0], row: 'one' }] })),
    ).toMatch(/seats\.0\.row/);
  });

  it('refuses a status the route does not list, a body where none is promised, and a malformed error', () => {
    expect(contractViolation('holds-get', json(201, hold))).toMatch(/answered 201/);
    expect(contractViolation('holds-get', json(422, { error: { code: 'X', message: 'y' } }))).toMatch(/422/);
    expect(contractViolation('holds-delete', json(204, {}))).toMatch(/has a body/);
    expect(contractViolation('holds-create', json(409, { code: 'SEAT_UNAVAILABLE' }))).toMatch(/error/);
  });

  it('reads a gzipped seat map, and a 304 without a body', () => {
    const map = {
      sessionId: 's1',
      status: 'ON_SALE',
      seatCount: 2,
      tiers: [{ tierId: 'A', name: 'A', priceCents: 1 }],
      sections: [{ sectionIndex: 0, name: 'A', tierId: 'A', rows: 1, seatsPerRow: 2 }],
      rows: [[0, 1, 0, 2]],
      seats: { encoding: 'row-major-status-v1', statuses: '01' },
    };
    const gz = {
      statusCode: 200,
      headers: { 'content-encoding': 'gzip' },
      isBase64Encoded: true,
      body: gzipSync(JSON.stringify(map)).toString('base64'),
    };
    expect(contractViolation('seat-map', gz)).toBeUndefined();
    expect(
      contractViolation('seat-map', {
        ...gz,
        body: gzipSync(JSON.stringify({ ...map, rows: [[0]] })).toString('base64'),
      }),
    ).toMatch(/rows/);
    expect(contractViolation('seat-map', { statusCode: 304 })).toBeUndefined();
  });
});
