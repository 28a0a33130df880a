import * as z from 'zod/mini';
import { CaptchaSolution } from '#features/abuse/index.ts';
import { count, described, int, named, opt, schema, time } from '#platform/http/schema-kit.ts';

/** What the waiting room looks like on the wire (docs/API.md "Virtual waiting room"). */

export const QueueJoinBody = /* @__PURE__ */ schema(() =>
  opt(z.strictObject({ captcha: opt(CaptchaSolution) })),
);

export const QueueSettingsBody = /* @__PURE__ */ schema(() =>
  z.strictObject({
    enabled: z.boolean(),
    admitPerMinute: int(1, 1_000_000),
    admissionTtlSeconds: opt(int(30, 3600)),
    captcha: opt(z.boolean()),
  }),
);

// Responses: strict, so the contract check catches a field the contract does not name.
export const QueuePlace = /* @__PURE__ */ schema(() =>
  named(
    z.strictObject({
      status: z.enum(['WAITING', 'ADMITTED', 'EXPIRED']),
      preQueue: z.boolean(),
      position: z.nullable(z.int()),
      ahead: z.nullable(z.int()),
      estimatedWaitSeconds: count,
      opensAt: z.optional(time),
      pollAfterSeconds: z.optional(z.int()),
      queueTicket: described(z.optional(z.string()), 'send back as x-queue-ticket when polling'),
      admissionToken: described(z.optional(z.string()), 'send as x-admission-token on holds and orders'),
      admissionExpiresAt: z.optional(time),
    }),
    'QueuePlace',
  ),
);

export const QueueSettings = /* @__PURE__ */ schema(() =>
  z.strictObject({
    sessionId: z.string(),
    enabled: z.boolean(),
    admitPerMinute: z.int(),
    admissionTtlSeconds: z.int(),
    captcha: z.boolean(),
    opensAt: time,
    claimWindowSeconds: z.int(),
  }),
);
