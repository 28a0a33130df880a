import { randomBytes } from 'node:crypto';
import { type CatalogueRecords, REFERENCE_CATEGORIES } from '#features/sessions/index.ts';
import type { UserRecords } from '#features/users/index.ts';
import { register } from '#features/users/index.ts';
import type { Clock } from '#kernel/clock.ts';
import {
  generateAccessTokenKey,
  generateAlipayAppKey,
  generateEd25519,
  generatePiiKey,
  publicKeyOfPrivate,
} from '#platform/settings/key-material.ts';
import type { SecretVault } from '#shared/ports/secret-vault.ts';

/** The secrets the first deploy fills in, by purpose (their ids: ARNs in AWS). */
export interface FirstDeploySecrets {
  tokenSigning: string;
  pii: string;
  ticketSigning: string;
  alipay: string;
  firstAdmin: string;
}

export interface FirstDeployInput {
  secrets: FirstDeploySecrets;
  /** The first admin (context `adminEmail`, `adminMobile`); none: no admin is created. */
  admin?: { email: string; mobile: string };
  /** Alipay's app id, seller id and Alipay's public key (context); merged into the Alipay secret. */
  alipay?: { appId?: string; sellerId?: string; alipayPublicKey?: string };
}

export interface FirstDeployResult {
  /** Every route verifies access tokens with it (TOKEN_PUBLIC_KEY). */
  tokenPublicKey: string;
  /** Check-in verifies tickets with it (TICKET_PUBLIC_KEY). */
  ticketPublicKey: string;
  /** To upload to Alipay's open platform as the app's public key. */
  alipayAppPublicKey: string;
  /** True on the deploy that created the first admin. */
  adminCreated: boolean;
}

export interface FirstDeployDeps {
  vault: SecretVault;
  catalogue: Pick<CatalogueRecords, 'putCategories'>;
  users: UserRecords;
  clock: Clock;
}

type Json = Record<string, unknown>;

async function readJson(vault: SecretVault, id: string): Promise<Json> {
  try {
    const value = JSON.parse(await vault.read(id)) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
  } catch (error) {
    if (error instanceof SyntaxError) return {};
    throw error;
  }
}

/**
 * A secret holding `{[name]: value}`: kept when it has one, generated once when it does not
 * (the stack creates each secret holding only a random `revision`, never a placeholder).
 */
async function ensureGenerated(
  vault: SecretVault,
  id: string,
  name: string,
  generate: () => string,
): Promise<string> {
  const current = await readJson(vault, id);
  const value = current[name];
  if (typeof value === 'string' && value !== '') return value;
  const fresh = generate();
  await vault.write(id, JSON.stringify({ [name]: fresh }));
  return fresh;
}

/** The Alipay app: a key pair generated once; app id, seller and Alipay's key taken from the deploy. */
async function ensureAlipay(
  vault: SecretVault,
  id: string,
  given: FirstDeployInput['alipay'],
): Promise<string> {
  const current = await readJson(vault, id);
  const next: Json = { ...current };
  delete next.revision;
  if (typeof next.privateKey !== 'string' || typeof next.appPublicKey !== 'string') {
    const pair = generateAlipayAppKey();
    next.privateKey = pair.privateKey;
    next.appPublicKey = pair.publicKey;
  }
  for (const [key, value] of Object.entries(given ?? {})) if (value) next[key] = value;
  if (JSON.stringify(next) !== JSON.stringify(current)) await vault.write(id, JSON.stringify(next));
  return next.appPublicKey as string;
}

/**
 * The first admin: a generated password, written to its secret before the account is made
 * (a failure between the two leaves a password nobody uses, never an admin nobody can log
 * into). An existing account with that email is left as it is.
 */
async function ensureAdmin(
  d: FirstDeployDeps,
  id: string,
  admin: NonNullable<FirstDeployInput['admin']>,
): Promise<boolean> {
  const email = admin.email.toLowerCase();
  if (await d.users.findIdByEmail(email)) return false;
  const password = randomBytes(18).toString('base64url');
  await d.vault.write(
    id,
    JSON.stringify({
      email,
      mobile: admin.mobile,
      password,
      note: 'Log in, then change it (README, first login)',
    }),
  );
  await register(d, { email, mobile: admin.mobile, password, name: 'Admin' }, 'admin');
  return true;
}

/**
 * What `cdk deploy` does once the data stack exists (the custom resource in the API stack),
 * idempotent on every deploy: the keys no one should type (access-token and ticket signing
 * keys, the PII key, Alipay's app key) generated into their own secrets, the reference
 * categories, and the first admin. Returns the public halves the functions are configured with.
 */
export async function firstDeploy(d: FirstDeployDeps, input: FirstDeployInput): Promise<FirstDeployResult> {
  const { secrets } = input;
  const tokenKey = await ensureGenerated(
    d.vault,
    secrets.tokenSigning,
    'TOKEN_SIGNING_KEY',
    // RSA (RS256); a deployment whose Ed25519 key predates it keeps that key (EdDSA tokens).
    () => generateAccessTokenKey().privateKey,
  );
  const ticketKey = await ensureGenerated(
    d.vault,
    secrets.ticketSigning,
    'TICKET_SIGNING_KEY',
    () => generateEd25519().privateKey,
  );
  await ensureGenerated(d.vault, secrets.pii, 'PII_KEY', generatePiiKey);
  const alipayAppPublicKey = await ensureAlipay(d.vault, secrets.alipay, input.alipay);
  await d.catalogue.putCategories(REFERENCE_CATEGORIES);
  const adminCreated = input.admin ? await ensureAdmin(d, secrets.firstAdmin, input.admin) : false;
  return {
    tokenPublicKey: publicKeyOfPrivate(tokenKey),
    ticketPublicKey: publicKeyOfPrivate(ticketKey),
    alipayAppPublicKey,
    adminCreated,
  };
}
