import * as z from 'zod/mini';
import { described, schema } from '#platform/http/schema-kit.ts';

/**
 * What a captcha looks like on the wire: the challenge a client fetches and the solution it
 * sends back with a guarded request (registration, a login after failures, a queue join while
 * the room asks for one).
 */

/** An ALTCHA solution: base64 of the JSON `{algorithm, challenge, number, salt, signature}`. */
export const CaptchaSolution = /* @__PURE__ */ schema(() =>
  z.string().check(z.minLength(1), z.maxLength(1024)),
);

/** `GET /v1/captcha`: an ALTCHA challenge (the v1 wire format, CaptchaChallenge in port.ts). */
export const Captcha = /* @__PURE__ */ schema(() =>
  z.strictObject({
    algorithm: described(z.string(), 'SHA-256'),
    challenge: z.string(),
    salt: z.string(),
    maxnumber: z.int(),
    signature: z.string(),
  }),
);
