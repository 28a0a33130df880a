import { randomInt } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { login, register } from '#features/users/accounts.ts';
import { DynamoDbUserRecords } from '#features/users/dynamodb-user-records.ts';
import { TokenIssuer } from '#features/users/token-issuer.ts';
import { DomainError } from '#kernel/errors.ts';
import { testTokenKeys } from '../support/fixtures.ts';
import { realDeps } from '../support/real-deps.ts';

const d = realDeps();
afterAll(() => d.close());

/** The password is checked only after the account is read: counting reads counts checks. */
function countingUsers() {
  const users = new DynamoDbUserRecords(d.db, d.table);
  let reads = 0;
  return {
    reads: () => reads,
    users: Object.assign(Object.create(users) as DynamoDbUserRecords, {
      get: (userId: string) => {
        reads++;
        return users.get(userId);
      },
    }),
  };
}

describe('login failures counted before the password check (use case, real Redis and DynamoDB Local)', () => {
  it('checks at most three passwords of 100 parallel wrong logins, from any number of IPs', async () => {
    const mobile = `139${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    const counting = countingUsers();
    const deps = {
      ...d,
      users: counting.users,
      tokenIssuer: new TokenIssuer(testTokenKeys().privateKey),
      revocations: undefined as never,
    };
    await register(deps, { mobile, password: 'password-123', name: '目标' });
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        login(deps, { mobile, password: 'wrong-password' }, `10.0.${i >> 8}.${i & 255}`).then(
          () => 'OK',
          (e: unknown) => (e instanceof DomainError ? e.code : 'ERROR'),
        ),
      ),
    );
    expect(counting.reads()).toBe(3);
    expect(outcomes.filter((o) => o === 'UNAUTHENTICATED')).toHaveLength(3);
    expect(outcomes.filter((o) => o === 'CAPTCHA_REQUIRED')).toHaveLength(97);
    // Refused attempts were taken back from each IP's count: only the three checks remain.
    const ipCounts = await Promise.all(
      Array.from({ length: 100 }, (_, i) => d.redis.get(`login-fail:ip:10.0.${i >> 8}.${i & 255}`)),
    );
    expect(ipCounts.reduce((n, c) => n + Number(c ?? 0), 0)).toBe(3);
  });
});
