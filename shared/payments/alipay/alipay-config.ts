import * as z from 'zod/mini';
import '#platform/http/zod-messages.ts';
import type { AlipaySettings } from './alipay-provider.ts';

/** Alipay's production gateway (OpenAPI v2). The sandbox is https://openapi-sandbox.dl.alipaydev.com/gateway.do. */
export const ALIPAY_PRODUCTION_GATEWAY = 'https://openapi.alipay.com/gateway.do';

export const NOTIFY_PATH = '/v1/payments/alipay/notify';

/** ALIPAY_CREDENTIALS: the JSON the Alipay secret holds (app id, app private key, Alipay's public key, seller). */
const Credentials = z.object({
  appId: z.string().check(z.regex(/^\d{16}$/, 'an Alipay app id is 16 digits')),
  privateKey: z.string().check(z.minLength(200, 'the app private key (RSA 2048, PKCS#8)')),
  alipayPublicKey: z.string().check(z.minLength(200, "Alipay's public key for this app")),
  sellerId: z.optional(z.string().check(z.regex(/^2088\d{12}$/, 'a seller id (PID) is 2088 and 12 digits'))),
});

/**
 * The Alipay adapter's settings from the environment: credentials from ALIPAY_CREDENTIALS
 * (put there from Secrets Manager at cold start), the gateway, and the notify URL on this
 * API's public address. A missing or malformed secret names what is wrong.
 */
export function alipaySettingsFromEnv(env: NodeJS.ProcessEnv = process.env): AlipaySettings {
  const raw = env.ALIPAY_CREDENTIALS;
  if (!raw) throw new Error('ALIPAY_CREDENTIALS is not set (the Alipay secret: README, Deploy, Alipay)');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error('ALIPAY_CREDENTIALS is not JSON');
  }
  const parsed = Credentials.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`ALIPAY_CREDENTIALS.${issue.path.join('.')}: ${issue.message}`);
  }
  const publicBase = env.PUBLIC_BASE_URL;
  if (!publicBase) throw new Error('PUBLIC_BASE_URL is not set: Alipay needs the notify URL');
  const { sellerId, ...keys } = parsed.data;
  return {
    ...keys,
    ...(sellerId ? { sellerId } : {}),
    gateway: env.ALIPAY_GATEWAY || ALIPAY_PRODUCTION_GATEWAY,
    notifyUrl: `${publicBase}${NOTIFY_PATH}`,
    ...(env.ALIPAY_RETURN_URL ? { returnUrl: env.ALIPAY_RETURN_URL } : {}),
  };
}
