import { rateLimited, requireCaptcha } from '#features/abuse/index.ts';
import { DomainError } from '#kernel/errors.ts';
import { newId } from '#kernel/ids.ts';
import type { Principal, Role } from '#kernel/principal.ts';
import { warmBuyerCache } from './buyers.ts';
import { maskEmail, maskMobile } from './masking.ts';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from './password.ts';
import type { UsersDeps } from './port.ts';

type AccountDeps = UsersDeps;

export interface Registration {
  mobile: string;
  email?: string | undefined;
  password: string;
  name: string;
  captcha?: string | undefined;
}

const REGISTRATIONS_KEY = 'surge:registrations';

/**
 * A registration surge (more than the configured registrations in a minute, counted across
 * the service before anything else) asks every registrant for a solved captcha, so a script
 * registering accounts in bulk pays for each one in CPU.
 */
export async function guardRegistration(
  d: Pick<AccountDeps, 'limiter' | 'captcha' | 'clock' | 'config'>,
  captcha: string | undefined,
): Promise<void> {
  const threshold = d.config.abuse.registrationsPerMinuteBeforeCaptcha;
  const surge = await d.limiter.countAttempt(REGISTRATIONS_KEY, {
    windowMs: 60_000,
    limit: threshold,
    force: true,
  });
  if (surge.count > threshold) await requireCaptcha(d, captcha, 'Many people are registering right now');
}

/**
 * Register: hash the password (scrypt) → write user + mobile/email look-ups in one
 * conditional transaction → USER_EXISTS names the field already taken. The HTTP route runs
 * `guardRegistration` first; seeding (admin, staff, demo) does not.
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

export interface LoginInput {
  mobile?: string | undefined;
  email?: string | undefined;
  password: string;
  captcha?: string | undefined;
}

/**
 * Login. Every attempt is counted as a failure before the password is checked, so parallel
 * guesses cannot all pass a limit that was read before any of them failed:
 *  1. a failure of this source IP (at most the hourly limit: 429);
 *  2. a failure of this identifier: the first few in the window need nothing, after that a
 *     solved captcha (428). No hard lockout: with a captcha the owner always gets a try;
 *  3. look-up by mobile or email and the password check (against a dummy hash when there
 *     is no such account, so timing does not tell);
 *  4. success takes both counts back, issues the token and warms the buyer cache, so the
 *     first hold needs no DynamoDB read.
 */
export async function login(d: AccountDeps, input: LoginInput, sourceIp: string) {
  const abuse = d.config.abuse;
  const identifier = input.mobile ? `m:${input.mobile}` : `e:${input.email?.toLowerCase()}`;
  const ipKey = `login-fail:ip:${sourceIp}`;
  const idKey = `login-fail:{${identifier}}`;
  const ip = await d.limiter.countAttempt(ipKey, {
    windowMs: 3600_000,
    limit: abuse.loginFailuresPerIpPerHour,
    force: false,
  });
  if (!ip.counted) throw rateLimited('IP_LOGIN_FAILURES', ip.retryAfterMs);
  try {
    const window = { windowMs: abuse.loginFailureWindowMs, limit: abuse.loginFailuresBeforeCaptcha };
    const free = await d.limiter.countAttempt(idKey, { ...window, force: false });
    if (!free.counted) {
      await requireCaptcha(d, input.captcha, 'Several failed logins for this account');
      await d.limiter.countAttempt(idKey, { ...window, force: true });
    }
  } catch (err) {
    await d.limiter.uncountAttempt(ipKey); // turned away before any password check
    throw err;
  }
  const userId = input.mobile
    ? await d.users.findIdByMobile(input.mobile)
    : await d.users.findIdByEmail(input.email!.toLowerCase());
  const user = userId ? await d.users.get(userId) : undefined;
  const valid = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !valid) throw new DomainError('UNAUTHENTICATED', 'Wrong mobile/email or password');
  await Promise.all([d.limiter.uncountAttempt(ipKey), d.limiter.uncountAttempt(idKey)]);
  const { token, expiresAt } = await d.tokenIssuer.issue(user.userId, user.role, d.clock.now());
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
