import * as z from 'zod/mini';
import {
  BuyerIds,
  count,
  described,
  Id,
  int,
  named,
  opt,
  schema,
  TierId,
  time,
} from '#platform/http/schema-kit.ts';

/** An entry's life: waiting in line, offered seats (a hold or a notice), left by the user, closed. */
export const WAITLIST_STATUSES = ['WAITING', 'OFFERED', 'LEFT', 'CLOSED'] as const;
export type WaitlistStatus = (typeof WAITLIST_STATUSES)[number];

/** The fields the stored entry and the API's view of it share. */
const entryFields = {
  waitlistId: z.string(),
  sessionId: z.string(),
  tierId: z.string(),
  count: z.int(),
  status: z.enum(WAITLIST_STATUSES),
  createdAt: time,
  offeredAt: z.optional(time),
  offerExpiresAt: z.optional(time),
  holdId: z.optional(z.string()),
  /** Why a CLOSED entry could not be served (e.g. PURCHASE_LIMIT_EXCEEDED). */
  closedReason: z.optional(z.string()),
};

/** A waitlist entry as DynamoDB keeps it: the shared fields, its owner and the buyers an offer holds for. */
export const WaitlistRecordSchema = /* @__PURE__ */ schema(() =>
  z.object({
    ...entryFields,
    userId: z.string(),
    /** With buyers, an offer is a hold placed for the user; without, a notification. */
    buyerIds: z.optional(z.array(z.string())),
  }),
);
export type WaitlistRecord = z.infer<typeof WaitlistRecordSchema>;

/** `GET /v1/waitlist/{waitlistId}`: the entry without its owner and buyer ids, with its live position. */
export const WaitlistEntry = /* @__PURE__ */ schema(() =>
  named(
    z.strictObject({
      ...entryFields,
      buyers: described(count, 'how many buyers the entry names (a hold is placed for them on an offer)'),
      position: z.nullable(z.int()),
    }),
    'WaitlistEntry',
  ),
);

/** `POST /v1/sessions/{sessionId}/waitlist`: the entry's id, place and status. */
export const WaitlistJoined = /* @__PURE__ */ schema(() =>
  z.strictObject({ waitlistId: entryFields.waitlistId, position: z.int(), status: entryFields.status }),
);

/** Joining: `buyerIds` (one per seat) turns an offer into a hold placed for the user. */
export const WaitlistBody = /* @__PURE__ */ schema(() =>
  z.strictObject({ tierId: TierId, count: int(1, 10), buyerIds: opt(BuyerIds) }),
);
export type WaitlistInput = z.infer<typeof WaitlistBody>;

export const WaitlistParams = /* @__PURE__ */ schema(() => z.object({ waitlistId: Id }));
