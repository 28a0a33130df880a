import type { Deps } from '#shared/app/container.ts';
import type { Principal, Role } from '#shared/auth/tokens.ts';
import { warmBuyerCache } from '#shared/buyers/buyers.ts';
import { DomainError } from '#shared/errors/domain-error.ts';
import { newId } from '#shared/ids.ts';
import { maskEmail, maskMobile } from '#shared/users/masking.ts';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from '#shared/users/password.ts';

type AccountDeps = Pick<
  Deps,
  'users' | 'tokens' | 'revocations' | 'redis' | 'buyers' | 'buyerCache' | 'clock'
>;

export interface Registration {
  mobile: string;
  email?: string | undefined;
  password: string;
  name: string;
}

/**
 * Register: hash the password (scrypt) → write user + mobile/email look-ups in one
 * conditional transaction → USER_EXISTS names the field already taken.
 */
export async function register(
  d: Pick<AccountDeps, 'users' | 'clock'>,
  input: Registration,
  role: Role = 'user',
) {
  const userId = newId('u', d.clock.now());
  const result = await d.users.create({
    userId,
    name: input.name,
    mobile: input.mobile,
    ...(input.email ? { email: input.email.toLowerCase() } : {}),
    passwordHash: await hashPassword(input.password),
    role,
    createdAt: new Date(d.clock.now()).toISOString(),
  });
  if (!result.ok) {
    throw new DomainError('USER_EXISTS', `An account with this ${result.taken} already exists`, {
      field: result.taken,
    });
  }
  return { userId };
}

const MAX_FAILURES_PER_MINUTE = 5;

/**
 * Login: failure limit per account per minute → look-up by mobile or email → verify the
 * password (against a dummy hash when the account does not exist) → token → warm the
 * buyer cache so the first hold needs no DynamoDB read.
 */
export async function login(
  d: AccountDeps,
  input: { mobile?: string | undefined; email?: string | undefined; password: string },
) {
  const identifier = input.mobile ? `m:${input.mobile}` : `e:${input.email?.toLowerCase()}`;
  const failKey = `login-fail:{${identifier}}`;
  const failures = Number((await d.redis.get(failKey)) ?? 0);
  if (failures >= MAX_FAILURES_PER_MINUTE) {
    const ttl = await d.redis.ttl(failKey);
    throw new DomainError('RATE_LIMITED', 'Too many failed logins; wait a minute', undefined, {
      retryAfterSeconds: Math.max(1, ttl),
    });
  }
  const userId = input.mobile
    ? await d.users.findIdByMobile(input.mobile)
    : await d.users.findIdByEmail(input.email!.toLowerCase());
  const user = userId ? await d.users.get(userId) : undefined;
  const valid = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !valid) {
    await d.redis.multi().incr(failKey).expire(failKey, 60, 'NX').exec();
    throw new DomainError('UNAUTHENTICATED', 'Wrong mobile/email or password');
  }
  await d.redis.del(failKey);
  const { token, expiresAt } = await d.tokens.issue(user.userId, user.role, d.clock.now());
  await warmBuyerCache(d, user.userId);
  return { token, expiresAt, user: { userId: user.userId, name: user.name, role: user.role } };
}

export async function logout(
  d: Pick<AccountDeps, 'revocations' | 'clock'>,
  principal: Principal,
): Promise<void> {
  await d.revocations.revoke(principal.tokenId, principal.expiresAtSec, d.clock.now());
}

export async function me(d: Pick<AccountDeps, 'users'>, principal: Principal) {
  const user = await d.users.get(principal.userId);
  if (!user) throw new DomainError('UNAUTHENTICATED', 'This account no longer exists');
  return {
    userId: user.userId,
    name: user.name,
    mobile: maskMobile(user.mobile),
    email: user.email ? maskEmail(user.email) : null,
    role: user.role,
  };
}
