import { randomInt } from 'node:crypto';
import { request } from 'node:http';
import { solveChallenge } from 'altcha-lib/v1';
import { inject } from 'vitest';
import { smallProgramInput } from './small-program.ts';

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Sent verbatim instead of JSON.stringify(body). */
  raw?: string;
  headers?: Record<string, string>;
  /**
   * The source address to call from (127.0.0.2, 127.0.0.3, ...): the local gateway reports the
   * socket's address as `sourceIp`, so each stands for a different client IP.
   */
  from?: string;
}

/** One HTTP call from a given local address (fetch cannot choose its source address). */
function callFromAddress(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  localAddress: string,
): Promise<{ status: number; text: string; headers: Headers }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: h });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

let base: string | undefined;
/** Points this test file's calls at another runtime (e.g. one with a short hold lifetime). */
export function useApi(url: string): void {
  base = url;
  admin = undefined;
}

/** Calls the local runtime's HTTP API. */
export async function call<T = Record<string, unknown>>(
  method: string,
  path: string,
  opts: CallOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const url = `${base ?? inject('apiUrl')}${path}`;
  if (opts.from) {
    const res = await callFromAddress(url, method, headers, body, opts.from);
    return {
      status: res.status,
      body: (res.text ? JSON.parse(res.text) : undefined) as T,
      headers: res.headers,
    };
  }
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
}

export const randomMobile = (): string =>
  `13${randomInt(0, 10)}${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;

export async function newUser(): Promise<{ token: string; userId: string; mobile: string }> {
  const mobile = randomMobile();
  const reg = await call('POST', '/v1/users', {
    body: { mobile, password: 'password-123', name: '测试用户' },
  });
  if (reg.status !== 201) throw new Error(`register failed: ${JSON.stringify(reg.body)}`);
  const login = await call<{ token: string; user: { userId: string } }>('POST', '/v1/auth/login', {
    body: { mobile, password: 'password-123' },
  });
  return { token: login.body.token, userId: login.body.user.userId, mobile };
}

/** Valid PRC resident id numbers (GB 11643 check digit computed). */
export function prcId(seq: number, region = '110105'): string {
  const first17 = `${region}1990010${String(1000 + (seq % 9000)).padStart(4, '0')}`.slice(0, 17);
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * w[i]!;
  return first17 + '10X98765432'[sum % 11]!;
}

export async function addBuyers(token: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await call<{ buyerId: string }>('POST', '/v1/users/me/buyers', {
      token,
      body: { name: `买家${i}`, idType: 1, idNumber: prcId(randomInt(0, 9000)) },
    });
    if (res.status !== 201) throw new Error(`buyer failed: ${JSON.stringify(res.body)}`);
    ids.push(res.body.buyerId);
  }
  return ids;
}

let admin: string | undefined;
export async function adminToken(): Promise<string> {
  if (admin) return admin;
  const res = await call<{ token: string }>('POST', '/v1/auth/login', {
    body: { email: 'admin@example.com', password: 'admin-password' },
  });
  admin = res.body.token;
  return admin;
}

/** Creates a program with one session (tiers A and B, as in smallLayout) and opens it. */
export async function openSmallSession(overrides: Record<string, unknown> = {}): Promise<string> {
  return (await openSmallProgram(overrides)).sessionId;
}

/** Creates a program with one session (tiers A and B, as in smallLayout), left SCHEDULED (not on sale). */
export async function createSmallProgram(
  overrides: Record<string, unknown> = {},
): Promise<{ programId: string; sessionId: string }> {
  const token = await adminToken();
  const res = await call<{ programId: string; sessions: { sessionId: string }[] }>(
    'POST',
    '/v1/admin/programs',
    {
      token,
      body: smallProgramInput(overrides),
    },
  );
  if (res.status !== 201) throw new Error(`create program failed: ${JSON.stringify(res.body)}`);
  return { programId: res.body.programId, sessionId: res.body.sessions[0]!.sessionId };
}

/** createSmallProgram, then opens the session for sale. */
export async function openSmallProgram(
  overrides: Record<string, unknown> = {},
): Promise<{ programId: string; sessionId: string }> {
  const program = await createSmallProgram(overrides);
  const { sessionId } = program;
  const open = await call('POST', `/v1/admin/sessions/${sessionId}/open`, { token: await adminToken() });
  if (open.status !== 200) throw new Error(`open failed: ${JSON.stringify(open.body)}`);
  return program;
}

export interface Stats {
  available: number;
  held: number;
  sold: number;
  byTier: { tierId: string; available: number; held: number; sold: number }[];
}

/** The session's seat counts (and waiting room) from the admin stats; the order counts and status left out. */
export async function stats(sessionId: string): Promise<Stats> {
  const res = await call<Stats & { sessionId: string }>('GET', `/v1/admin/sessions/${sessionId}/stats`, {
    token: await adminToken(),
  });
  const { available, held, sold, byTier, queue } = res.body as Stats & { queue?: unknown };
  return {
    sessionId: res.body.sessionId,
    available,
    held,
    sold,
    byTier,
    ...(queue ? { queue } : {}),
  } as Stats;
}

export async function staffToken(): Promise<string> {
  const res = await call<{ token: string }>('POST', '/v1/auth/login', {
    body: { email: 'staff@example.com', password: 'staff-password' },
  });
  return res.body.token;
}

/** Polls GET /v1/orders/{n} (as a V4 client does) until the order reaches `status`, for up to 10 s. */
export async function pollUntil<
  T extends { status: string } = { status: string; orderNumber: string; amountCents: number },
>(token: string, orderNumber: string, status: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await call<T>('GET', `/v1/orders/${orderNumber}`, { token });
    if (res.body.status === status || Date.now() > deadline) return res.body;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A new logged-in buyer with a written (PENDING_PAYMENT) order for these seats, one buyer each. */
export async function writtenOrder(sessionId: string, seatIds: string[]) {
  const u = await newUser();
  const buyers = await addBuyers(u.token, seatIds.length);
  const res = await call<{ orderNumber: string }>('POST', '/v1/orders', {
    token: u.token,
    body: { sessionId, seatIds, buyerIds: buyers },
    headers: { 'idempotency-key': `o-${seatIds.join('_')}` },
  });
  if (res.status !== 202) throw new Error(`order not accepted: ${res.status} ${JSON.stringify(res.body)}`);
  const written = await pollUntil(u.token, res.body.orderNumber, 'PENDING_PAYMENT');
  if (written.status !== 'PENDING_PAYMENT')
    throw new Error(`order ${res.body.orderNumber} is ${written.status}`);
  return { token: u.token, mobile: u.mobile, orderNumber: res.body.orderNumber };
}

export interface CaptchaChallenge {
  algorithm: string;
  challenge: string;
  salt: string;
  maxnumber: number;
  signature: string;
}

/** Gets a captcha and solves it as a client would (altcha-lib's solver): the `captcha` field to send. */
export async function solvedCaptcha(from?: string): Promise<string> {
  const res = await call<CaptchaChallenge>('GET', '/v1/captcha', from ? { from } : {});
  if (res.status !== 200) throw new Error(`captcha failed: ${JSON.stringify(res.body)}`);
  return solutionOf(res.body);
}

/** The base64 solution of a challenge (altcha-lib's brute-force solver). */
export async function solutionOf(c: CaptchaChallenge): Promise<string> {
  const solved = await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise;
  if (!solved) throw new Error('captcha not solvable');
  const payload = {
    algorithm: c.algorithm,
    challenge: c.challenge,
    number: solved.number,
    salt: c.salt,
    signature: c.signature,
  };
  return Buffer.from(JSON.stringify(payload)).toString('base64');
}
