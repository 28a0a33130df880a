import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  documentIdentity,
  idNumberProblem,
  normaliseIdNumber,
  prcCheckDigit,
  prcIdProblem,
} from '#features/users/id-documents.ts';
import { maskEmail, maskIdNumber, maskMobile, maskName } from '#features/users/masking.ts';
import { hashPassword, verifyPassword } from '#features/users/password.ts';
import { PiiCipher } from '#features/users/pii-cipher.ts';
import type { TokenKeys } from '#features/users/token-claims.ts';
import { TokenIssuer } from '#features/users/token-issuer.ts';
import { TokenVerifier } from '#features/users/token-verifier.ts';
import { newHoldId, sessionOfHold } from '#kernel/ids.ts';
import { SessionGeometry, type SessionLayout } from '#kernel/session-layout.ts';
import { loadScripts } from '#platform/lua/scripts.ts';
import {
  accessTokenPrivateKey,
  accessTokenPublicKey,
  generateAccessTokenKey,
  generateEd25519,
  publicKeyOfPrivate,
} from '#platform/settings/key-material.ts';
import { listSources } from '../architecture/import-graph.ts';
import { testTokenKeys } from '../support/fixtures.ts';

/** The login route's issuer and every route's verifier on one key pair. */
function tokenService(keys: TokenKeys, ttlSeconds?: number) {
  const issuer = new TokenIssuer(keys.privateKey, ttlSeconds);
  const verifier = new TokenVerifier(keys.publicKey);
  return { issue: issuer.issue.bind(issuer), verify: verifier.verify.bind(verifier) };
}

describe('identity documents', () => {
  it('computes GB 11643 check digits and validates PRC id numbers', () => {
    expect(prcCheckDigit('11010519491231002')).toBe('X');
    expect(prcIdProblem('11010519491231002X')).toBeUndefined();
    expect(prcIdProblem('110105194912310021')).toMatch(/check digit/);
    expect(prcIdProblem('110105194902300021')).toMatch(/birth date/);
    expect(prcIdProblem('110105209901010021', new Date('2026-01-01'))).toMatch(/future/);
    expect(prcIdProblem('1101051949123100')).toMatch(/17 digits/);
  });

  it("checks each document type's format, and names the document whatever type was declared", () => {
    const today = new Date('2026-01-01');
    const prc = '11010519491231002X';
    const permit = `810000199001011${'23'}`;
    const permitValid = permit + prcCheckDigit(permit);
    const newForeign = `93${'0000199001011'}23`;
    const foreignValid = newForeign.slice(0, 17) + prcCheckDigit(newForeign.slice(0, 17));
    const ok: [1 | 2 | 3 | 4 | 5 | 6, string][] = [
      [1, prc],
      [2, permitValid],
      [3, 'H12345678'],
      [3, 'M1234567890'],
      [4, '12345678'],
      [5, 'E12345678'],
      [6, 'USA123456789012'],
      [6, foreignValid],
    ];
    for (const [type, n] of ok) expect(idNumberProblem(type, n, today), `${type} ${n}`).toBeUndefined();
    const bad: [1 | 2 | 3 | 4 | 5 | 6, string][] = [
      [2, prc], // a resident id is not a residence permit
      [3, '12345678'],
      [4, 'H12345678'],
      [5, prc], // nor a passport
      [5, 'E1'],
      [6, prc],
    ];
    for (const [type, n] of bad) expect(idNumberProblem(type, n, today), `${type} ${n}`).toBeDefined();
    // One PRC number is one document, however it is declared or typed.
    const one = documentIdentity(1, prc);
    for (const t of [2, 3, 4, 5, 6] as const) expect(documentIdentity(t, prc)).toBe(one);
    expect(documentIdentity(1, normaliseIdNumber(` ${prc.slice(0, 6)}-${prc.slice(6).toLowerCase()}`))).toBe(
      one,
    );
    expect(normaliseIdNumber('１１０１０５ 1949-1231002x')).toBe(prc);
    // Other documents stay apart by type.
    expect(documentIdentity(5, 'E12345678')).not.toBe(documentIdentity(3, 'E12345678'));
  });
});

describe('masking', () => {
  it('never shows more than the ends of personal data', () => {
    expect(maskName('张')).toBe('*');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskIdNumber('110101199003071234')).toBe('1101**********1234');
    expect(maskIdNumber('E12345678')).toBe('E*******8');
    expect(maskMobile('13812345678')).toBe('138****5678');
    expect(maskEmail('alice@example.com')).toBe('a****@example.com');
  });
});

describe('PII cipher', () => {
  const cipher = new PiiCipher(Buffer.alloc(32, 7).toString('base64'));

  it('round-trips, uses a fresh IV each time, and refuses tampering or another owner', () => {
    const a = cipher.encrypt('11010519491231002X', 'user1');
    expect(a).not.toContain('11010519491231002X');
    expect(cipher.encrypt('11010519491231002X', 'user1')).not.toBe(a);
    expect(cipher.decrypt(a, 'user1')).toBe('11010519491231002X');
    expect(() => cipher.decrypt(a, 'user2')).toThrow();
    const parts = a.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'user1')).toThrow();
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new PiiCipher(Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
  });
});

describe('passwords and tokens', () => {
  it('hashes with scrypt and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('wrong horse', hash)).toBe(false);
  });

  it('verifies its own tokens and rejects expired or foreign ones', async () => {
    const tokens = tokenService(testTokenKeys(), 60);
    const { token } = await tokens.issue('u1', 'staff');
    expect(await tokens.verify(token)).toMatchObject({ userId: 'u1', role: 'staff' });
    const old = await tokens.issue('u1', 'user', Date.now() - 3_600_000);
    await expect(tokens.verify(old.token)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'The token has expired',
    });
    const other = tokenService(testTokenKeys(generateAccessTokenKey()));
    await expect(other.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('signs RS256 with the RSA keys deployments generate, EdDSA with an older Ed25519 key, and accepts only its own', async () => {
    const rsa = tokenService(testTokenKeys());
    const rsaToken = (await rsa.issue('u1', 'user')).token;
    expect(decodeProtectedHeader(rsaToken)).toEqual({ alg: 'RS256' });
    // A deployment whose key was generated before RS256 keeps working, with EdDSA tokens.
    const ed = tokenService(testTokenKeys(generateEd25519()));
    const edToken = (await ed.issue('u2', 'admin')).token;
    expect(decodeProtectedHeader(edToken)).toEqual({ alg: 'EdDSA' });
    expect(await ed.verify(edToken)).toMatchObject({ userId: 'u2', role: 'admin' });
    // Neither verifier takes the other's tokens (the algorithm comes from the key, never the header).
    await expect(rsa.verify(edToken)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(ed.verify(rsaToken)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses access-token keys that are weak or of another kind, naming the variable', () => {
    const pem = (k: KeyObject) => Buffer.from(k.export({ type: 'pkcs8', format: 'pem' })).toString('base64');
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    expect(() => accessTokenPrivateKey('TOKEN_SIGNING_KEY', pem(weak))).toThrow(
      'TOKEN_SIGNING_KEY must be an RSA key of 2048 bits or more, or an Ed25519 key',
    );
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    expect(() => accessTokenPrivateKey('TOKEN_SIGNING_KEY', pem(ec))).toThrow(/must be an RSA key/);
    expect(() => accessTokenPrivateKey('TOKEN_SIGNING_KEY', 'bm90IGEga2V5')).toThrow(
      'TOKEN_SIGNING_KEY is not a key',
    );
    expect(() => accessTokenPublicKey('TOKEN_PUBLIC_KEY', 'bm90IGEga2V5')).toThrow(
      'TOKEN_PUBLIC_KEY is not a public key',
    );
    const weakPublic = publicKeyOfPrivate(pem(weak));
    expect(() => accessTokenPublicKey('TOKEN_PUBLIC_KEY', weakPublic)).toThrow(
      /must be an RSA key of 2048 bits/,
    );
  });
});

describe('session geometry', () => {
  const layoutArb = fc
    .array(
      fc.record({ rows: fc.integer({ min: 1, max: 30 }), seatsPerRow: fc.integer({ min: 1, max: 60 }) }),
      {
        minLength: 1,
        maxLength: 8,
      },
    )
    .map(
      (secs): SessionLayout => ({
        sessionId: 's',
        programId: 'p',
        startsAt: '',
        saleOpensAt: '',
        maxPerOrder: 6,
        tiers: [{ tierId: 'T', name: 'T', priceCents: 1, perUserLimit: 6 }],
        sections: secs.map((s, i) => ({ name: `S${i}`, tierId: 'T', ...s })),
      }),
    );

  it('maps every seat index to an id and back, rows in order and contiguous', () => {
    fc.assert(
      fc.property(layoutArb, (layout) => {
        const g = new SessionGeometry(layout);
        let next = 0;
        for (const r of g.rows) {
          expect(r.start).toBe(next);
          next += r.len;
        }
        expect(g.seatCount).toBe(next);
        for (let i = 0; i < g.seatCount; i++) {
          const ref = g.parseSeatId(g.seatId(i));
          expect(ref?.seatIdx).toBe(i);
          const row = g.rows[ref!.rowIdx]!;
          expect(i >= row.start && i < row.start + row.len).toBe(true);
        }
        expect(g.parseSeatId('0-1-1')).toBeUndefined();
        expect(g.parseSeatId(`${layout.sections.length + 1}-1-1`)).toBeUndefined();
      }),
      { numRuns: 50 },
    );
  });
});

describe('ids and script loading', () => {
  it('names the session in a hold id', () => {
    const id = newHoldId('sabc123');
    expect(sessionOfHold(id)).toBe('sabc123');
    expect(sessionOfHold('nounderscore')).toBeUndefined();
  });

  it('loads each script with its key count, inlined includes and its SHA-1', () => {
    const scripts = loadScripts();
    const hold = scripts.get('holdSeats')!;
    expect(hold.numberOfKeys).toBe(11);
    expect(hold.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(hold.lua).toContain('local function longestFreeRun');
    expect(hold.lua).not.toContain('@include');
  });

  it('has a script in lua/ for every name the code runs, and runs every script there', () => {
    const loaded = [...loadScripts().keys()].sort();
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const sources = listSources(root, [
      'kernel',
      'platform',
      'features',
      'app',
      'shared',
      'functions',
      'infra',
    ]);
    const used = new Set<string>();
    for (const file of sources) {
      for (const m of readFileSync(join(root, file), 'utf8').matchAll(/runScript\(\s*[\w.]+,\s*'(\w+)'/g))
        used.add(m[1]!);
    }
    expect([...used].sort()).toEqual(loaded);
    expect(loaded).toContain('holdSeats');
  });
});

describe('domain errors', () => {
  it('skip the stack for expected outcomes but keep it for internal errors, leaving the global limit as it was', async () => {
    const { DomainError } = await import('#kernel/errors.ts');
    const limit = Error.stackTraceLimit;
    const expected = new DomainError('SOLD_OUT', 'gone');
    expect(expected.stack?.split('\n')).toHaveLength(1);
    expect(expected).toMatchObject({ code: 'SOLD_OUT', message: 'gone' });
    expect(new DomainError('INTERNAL', 'bug').stack?.split('\n').length).toBeGreaterThan(1);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('plain').stack?.split('\n').length).toBeGreaterThan(1);
  });
});
