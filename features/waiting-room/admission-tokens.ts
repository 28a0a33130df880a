import { createHmac, timingSafeEqual } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';

const ISSUER = 'ticketing';
const ADMISSION = 'admission';
/** A queue ticket names a place; places do not move, so it only has to outlive an on-sale. */
const TICKET_TTL_MS = 24 * 3600_000;

export interface Admission {
  userId: string;
  sessionId: string;
  expiresAtMs: number;
}

export type AdmissionCheck =
  | { ok: true; admission: Admission }
  | { ok: false; reason: 'EXPIRED' | 'INVALID' };

/**
 * Signed proofs of the waiting room (a key of their own derived from GATE_SECRET), verified
 * with no I/O:
 *  - the admission token: this user may buy in this session until it expires (a standard
 *    HS256 JWT, jose; checked once per hold or order);
 *  - the queue ticket: this user's place in this session's line, so any container can answer
 *    a status poll without looking the place up. Checked on every poll, so it is a compact
 *    HMAC-SHA256 (node:crypto, a few µs) rather than a JWT (WebCrypto, tens of µs).
 */
export class AdmissionTokens {
  private readonly ticketKey: Buffer;

  constructor(private readonly key: Uint8Array) {
    this.ticketKey = createHmac('sha256', key).update('queue-ticket').digest();
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.ticketKey).update(body).digest().subarray(0, 16);
  }

  async admission(
    userId: string,
    sessionId: string,
    claimedAtMs: number,
    expiresAtMs: number,
  ): Promise<string> {
    return new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(ADMISSION)
      .setIssuedAt(Math.floor(claimedAtMs / 1000))
      .setExpirationTime(Math.floor(expiresAtMs / 1000))
      .sign(this.key);
  }

  async verifyAdmission(token: string, nowMs: number): Promise<AdmissionCheck> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: ADMISSION,
        algorithms: ['HS256'],
        currentDate: new Date(nowMs),
      });
      if (
        typeof payload.sub !== 'string' ||
        typeof payload.sid !== 'string' ||
        typeof payload.exp !== 'number'
      ) {
        return { ok: false, reason: 'INVALID' };
      }
      return {
        ok: true,
        admission: { userId: payload.sub, sessionId: payload.sid, expiresAtMs: payload.exp * 1000 },
      };
    } catch (err) {
      return { ok: false, reason: err instanceof joseErrors.JWTExpired ? 'EXPIRED' : 'INVALID' };
    }
  }

  /** `v1.<base64url JSON {u, s, p, e}>.<base64url MAC>`: user, session, position, expiry (ms). */
  ticket(userId: string, sessionId: string, position: number, nowMs: number): string {
    const claims = { u: userId, s: sessionId, p: position, e: nowMs + TICKET_TTL_MS };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `v1.${body}.${this.mac(body).toString('base64url')}`;
  }

  /** The place a ticket names, if it is genuine, current and this user's for this session. */
  readTicket(ticket: string, userId: string, sessionId: string, nowMs: number): number | undefined {
    const [v, body, mac] = ticket.split('.');
    if (v !== 'v1' || !body || !mac || ticket.length > 512) return undefined;
    const given = Buffer.from(mac, 'base64url');
    const expected = this.mac(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const t = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
      const ok = t.u === userId && t.s === sessionId && Number.isSafeInteger(t.p) && Number(t.e) > nowMs;
      return ok ? (t.p as number) : undefined;
    } catch {
      return undefined;
    }
  }
}
