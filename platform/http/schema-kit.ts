import * as z from 'zod/mini';
import '#platform/http/zod-messages.ts';
import { ID_PATTERN } from '#kernel/ids.ts';

/**
 * The small vocabulary every feature's schemas are written in (zod/mini: functions, not
 * methods, so a bundle carries only what it calls).
 *
 * A schema built when its module loads, by a call marked free of side effects: esbuild then
 * drops every schema a function's bundle does not use (a bare `z.object(...)` or `.check(...)`
 * at the top level it must keep, as it cannot know they have none), so each function carries
 * its own route's schemas, not the whole API's. In another file the call needs its own
 * `/* @__PURE__ *\/` (esbuild honours @__NO_SIDE_EFFECTS__ within a file only, evanw/esbuild#4369).
 */
// @__NO_SIDE_EFFECTS__
export function schema<T>(build: () => T): T {
  return build();
}

/** A schema with a description in the published document. */
export const described = <T extends z.ZodMiniType>(s: T, text: string): T => s.check(z.describe(text));
/** A schema published once, under `id` in components/schemas, and referenced. */
export const named = <T extends z.ZodMiniType>(s: T, id: string): T => s.check(z.meta({ id }));

/** An integer in [min, max]. */
export const int = (min: number, max: number) => z.int().check(z.minimum(min), z.maximum(max));
export const pattern = (re: RegExp, message?: string) => z.string().check(z.regex(re, message));
export const trimmed = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
/** An array of `min`..`max` items. */
export const list = <T extends z.core.SomeType>(item: T, min: number, max: number) =>
  z.array(item).check(z.minLength(min), z.maxLength(max));
export const opt = z.optional;

/** Requests: an ISO-8601 time with its offset. */
export const isoTime = schema(() => z.iso.datetime({ offset: true }));
/** Responses: a time as the API writes it. */
export const time = schema(() => described(z.iso.datetime({ offset: true }), 'ISO-8601 UTC'));
export const count = schema(() => z.int().check(z.minimum(0)));
export const Id = schema(() => pattern(ID_PATTERN, 'not a valid id'));
/** Path parameters naming a session or a program (most routes take one of them). */
export const SessionParams = schema(() => z.object({ sessionId: Id }));
export const ProgramParams = schema(() => z.object({ programId: Id }));
/** A price tier's id within its session. */
export const TierId = schema(() => pattern(/^[A-Za-z0-9_-]{1,16}$/, 'letters, digits, _ or -, at most 16'));
/** One buyer per seat: 1–10 of the caller's buyer ids, none twice. */
export const BuyerIds = schema(() =>
  list(Id, 1, 10).check(
    z.refine((ids) => new Set(ids).size === ids.length, 'a buyer can hold only one seat'),
  ),
);
