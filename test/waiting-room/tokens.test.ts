import { describe, expect, it } from 'vitest';
import { AdmissionTokens } from '#features/waiting-room/admission-tokens.ts';

const tokens = new AdmissionTokens(new TextEncoder().encode('a'.repeat(32)));
const NOW = 1_900_000_000_000;

describe('queue tickets', () => {
  it('name a place for one user and session, and nothing else reads them', () => {
    const t = tokens.ticket('u1', 's1', 42, NOW);
    expect(tokens.readTicket(t, 'u1', 's1', NOW + 1000)).toBe(42);
    expect(tokens.readTicket(t, 'u2', 's1', NOW)).toBeUndefined();
    expect(tokens.readTicket(t, 'u1', 's2', NOW)).toBeUndefined();
    expect(tokens.readTicket(t, 'u1', 's1', NOW + 24 * 3600_000 + 1)).toBeUndefined();
    const [v, body, mac] = t.split('.') as [string, string, string];
    const forged = Buffer.from(JSON.stringify({ u: 'u1', s: 's1', p: 1, e: NOW + 1e9 })).toString(
      'base64url',
    );
    expect(tokens.readTicket(`${v}.${forged}.${mac}`, 'u1', 's1', NOW)).toBeUndefined();
    expect(tokens.readTicket(`${v}.${body}.${mac.slice(0, -2)}AA`, 'u1', 's1', NOW)).toBeUndefined();
    expect(tokens.readTicket('garbage', 'u1', 's1', NOW)).toBeUndefined();
    const other = new AdmissionTokens(new TextEncoder().encode('b'.repeat(32)));
    expect(other.readTicket(t, 'u1', 's1', NOW)).toBeUndefined();
  });
});

describe('admission tokens', () => {
  it('carry user, session and expiry; expired and foreign ones are told apart', async () => {
    const t = await tokens.admission('u1', 's1', NOW, NOW + 600_000);
    expect(await tokens.verifyAdmission(t, NOW + 1000)).toEqual({
      ok: true,
      admission: { userId: 'u1', sessionId: 's1', expiresAtMs: NOW + 600_000 },
    });
    expect(await tokens.verifyAdmission(t, NOW + 600_001)).toEqual({ ok: false, reason: 'EXPIRED' });
    const other = new AdmissionTokens(new TextEncoder().encode('b'.repeat(32)));
    expect(await other.verifyAdmission(t, NOW)).toEqual({ ok: false, reason: 'INVALID' });
    // A queue ticket is not an admission.
    expect(await tokens.verifyAdmission(tokens.ticket('u1', 's1', 1, NOW), NOW)).toEqual({
      ok: false,
      reason: 'INVALID',
    });
  });
});
