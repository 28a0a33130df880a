import type * as z from 'zod/mini';
import '#platform/http/zod-messages.ts';
import { DomainError } from '#kernel/errors.ts';

/** Validates with zod and turns every issue into the API's VALIDATION_FAILED details. */
export function parseWith<S extends z.ZodMiniType>(schema: S, value: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = result.error.issues.map((i) => ({
    path: [where, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  throw new DomainError('VALIDATION_FAILED', 'The request is not valid', { fields });
}
