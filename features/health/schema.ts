import * as z from 'zod/mini';
import { schema } from '#platform/http/schema-kit.ts';

/** `GET /health`: every dependency probed, up or down. */
export const Health = /* @__PURE__ */ schema(() =>
  z.strictObject({
    ok: z.boolean(),
    checks: z.record(z.string(), z.enum(['up', 'down'])),
  }),
);
