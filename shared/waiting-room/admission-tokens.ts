import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';

const ISSUER = 'ticketing';
const ADMISSION = 'admission';
const TICKET = 'queue-ticket';
/** A queue ticket names a place; places do not move, so it only has to outlive an on-sale. */
const TICKET_TTL_SECONDS = 24 * 3600;

export interface Admission {
  userId: string;
  sessionId: string;
  expiresAtMs: number;
}

export type AdmissionCheck =
  | { ok: true; admission: Admission }
  | { ok: false; reason: 'EXPIRED' | 'INVALID' };

/**
 * Signed, short-lived proofs of the waiting room (HS256, jose, a key of their own derived from
 * JWT_SECRET), verified with no I/O:
 *  - the admission token: this user may buy in this session until it expires;
 *  - the queue ticket: this user's place in this session's line, so any container can answer
 *    a status poll without looking the place up.
 */
export class AdmissionTokens {
  constructor(private readonly key: Uint8Array) {}

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

  async ticket(userId: string, sessionId: string, position: number, nowMs: number): Promise<string> {
    return new SignJWT({ sid: sessionId, pos: position })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(TICKET)
      .setIssuedAt(Math.floor(nowMs / 1000))
      .setExpirationTime(Math.floor(nowMs / 1000) + TICKET_TTL_SECONDS)
      .sign(this.key);
  }

  /** The place a ticket names, if it is genuine, current and this user's for this session. */
  async readTicket(
    token: string,
    userId: string,
    sessionId: string,
    nowMs: number,
  ): Promise<number | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: TICKET,
        algorithms: ['HS256'],
        subject: userId,
        currentDate: new Date(nowMs),
      });
      return payload.sid === sessionId && Number.isSafeInteger(payload.pos)
        ? (payload.pos as number)
        : undefined;
    } catch {
      return undefined;
    }
  }
}
