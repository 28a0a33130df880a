import * as z from 'zod/mini';
import { ORDER_STATUSES } from '#kernel/order-statuses.ts';
import {
  count,
  described,
  Id,
  int,
  isoTime,
  list,
  named,
  opt,
  schema,
  TierId,
  time,
  trimmed,
} from '#platform/http/schema-kit.ts';
import '#platform/http/zod-messages.ts';
import { SESSION_STATUSES } from './session-status.ts';

/*
 * The sessions feature's schemas: what an organiser sends to create and edit programs and
 * sessions, and what the API answers about them (program detail, session, seat map, stats).
 * The routes validate with the request schemas; the responses are the contract the local
 * gateway checks and docs/openapi.json is generated from. Every schema is built by a call
 * marked free of side effects, so a function's bundle keeps only the ones its route uses.
 */

// ---- requests

const TierBody = /* @__PURE__ */ schema(() =>
  z.strictObject({
    tierId: TierId,
    name: trimmed(32),
    priceCents: int(0, 100_000_000),
    perUserLimit: int(1, 20),
    /** Seats of this tier one user may have across every session of the program. */
    perProgramLimit: opt(int(1, 100)),
  }),
);

const SectionBody = /* @__PURE__ */ schema(() =>
  z.strictObject({
    name: trimmed(32),
    tierId: TierId,
    rows: int(1, 1000),
    seatsPerRow: int(1, 500),
  }),
);

export const MAX_SEATS_PER_SESSION = 200_000;

const SessionBody = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      startsAt: isoTime,
      saleOpensAt: isoTime,
      /** When new holds stop; default `startsAt`. */
      saleClosesAt: opt(isoTime),
      maxPerOrder: z._default(int(1, 10), 6),
      /** Seats one user may hold or buy in this session over all its tiers; default the largest tier limit. */
      perUserLimit: opt(int(1, 100)),
      /** ONE_PER_ID: an identity document on at most one held, ordered or sold seat of the session. */
      realName: opt(z.literal('ONE_PER_ID')),
      tiers: list(TierBody, 1, 20),
      layout: z.strictObject({ sections: list(SectionBody, 1, 500) }),
    })
    .check(
      z.superRefine((s, ctx) => {
        const tierIds = new Set<string>();
        s.tiers.forEach((t, i) => {
          if (tierIds.has(t.tierId))
            ctx.addIssue({ code: 'custom', path: ['tiers', i, 'tierId'], message: 'repeated tierId' });
          tierIds.add(t.tierId);
        });
        s.layout.sections.forEach((sec, i) => {
          if (!tierIds.has(sec.tierId)) {
            ctx.addIssue({
              code: 'custom',
              path: ['layout', 'sections', i, 'tierId'],
              message: 'no tier with this id',
            });
          }
        });
        const seats = s.layout.sections.reduce((n, sec) => n + sec.rows * sec.seatsPerRow, 0);
        if (seats > MAX_SEATS_PER_SESSION) {
          ctx.addIssue({
            code: 'custom',
            path: ['layout'],
            message: `at most ${MAX_SEATS_PER_SESSION} seats`,
          });
        }
        if (Date.parse(s.saleOpensAt) > Date.parse(s.startsAt)) {
          ctx.addIssue({ code: 'custom', path: ['saleOpensAt'], message: 'must not be after startsAt' });
        }
        if (s.saleClosesAt && Date.parse(s.saleClosesAt) <= Date.parse(s.saleOpensAt)) {
          ctx.addIssue({ code: 'custom', path: ['saleClosesAt'], message: 'must be after saleOpensAt' });
        }
      }),
    ),
);

const description = /* @__PURE__ */ schema(() => z.string().check(z.maxLength(4000)));

export const ProgramBody = /* @__PURE__ */ schema(() =>
  z.strictObject({
    title: trimmed(100),
    actor: trimmed(100),
    city: trimmed(32),
    venue: trimmed(100),
    categoryId: Id,
    description: opt(description),
    sessions: list(SessionBody, 1, 50),
  }),
);
export type ProgramInput = z.infer<typeof ProgramBody>;

const atLeastOne = (b: Record<string, unknown>) => Object.values(b).some((v) => v !== undefined);

/** `PATCH /v1/admin/programs/{id}`: any of the descriptive fields. */
export const ProgramPatchBody = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      title: opt(trimmed(100)),
      actor: opt(trimmed(100)),
      city: opt(trimmed(32)),
      venue: opt(trimmed(100)),
      categoryId: opt(Id),
      description: opt(description),
    })
    .check(z.refine(atLeastOne, 'send at least one field to change')),
);
export type ProgramPatch = z.infer<typeof ProgramPatchBody>;

/** `PATCH /v1/admin/sessions/{id}`: its times; tier prices only while SCHEDULED. */
export const SessionPatchBody = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      startsAt: opt(isoTime),
      saleOpensAt: opt(isoTime),
      saleClosesAt: opt(isoTime),
      tiers: opt(list(z.strictObject({ tierId: TierId, priceCents: int(0, 100_000_000) }), 1, 20)),
    })
    .check(z.refine(atLeastOne, 'send at least one field to change')),
);
export type SessionPatch = z.infer<typeof SessionPatchBody>;

export const OpenSessionQuery = /* @__PURE__ */ schema(() =>
  z.object({ rebuild: opt(z.enum(['true', 'false'])) }),
);

export const ReconcileBody = /* @__PURE__ */ schema(() => opt(z.strictObject({ repair: opt(z.boolean()) })));

// ---- responses

export const Category = /* @__PURE__ */ schema(() =>
  z.strictObject({ categoryId: z.string(), name: z.string(), parentId: z.nullable(z.string()) }),
);
export const Categories = /* @__PURE__ */ schema(() => z.strictObject({ items: z.array(Category) }));

/** What a program is listed by: the card, the detail and the organiser's edit answer all carry it. */
export const ListedFields = /* @__PURE__ */ schema(() => ({
  programId: z.string(),
  title: z.string(),
  actor: z.string(),
  city: z.string(),
  venue: z.string(),
  categoryId: z.string(),
}));

const TierFields = /* @__PURE__ */ schema(() => ({
  tierId: z.string(),
  name: z.string(),
  priceCents: z.int(),
  perUserLimit: z.int(),
  perProgramLimit: z.optional(z.int()),
}));

/** What a program says of itself, in the detail and in the organiser's edit answer. */
const ProgramFields = /* @__PURE__ */ schema(() => ({
  ...ListedFields,
  description: z.optional(z.string()),
  createdAt: time,
}));

/** The session-status table's statuses (session-status.ts). */
const SessionStatus = /* @__PURE__ */ schema(() => z.enum(SESSION_STATUSES));

export const ProgramDetail = /* @__PURE__ */ schema(() =>
  named(
    z.strictObject({
      ...ProgramFields,
      sessions: z.array(
        z.strictObject({
          sessionId: z.string(),
          startsAt: time,
          saleOpensAt: time,
          status: described(
            SessionStatus,
            'as GET /v1/sessions/{id}: CLOSED once the sale closed (or saleClosesAt passed), CANCELLING/CANCELLED once the organiser cancelled',
          ),
          waitingRoom: described(z.boolean(), 'true: join POST /v1/sessions/{id}/queue before holding'),
          tiers: z.array(
            z.strictObject({
              ...TierFields,
              remaining: described(
                z.nullable(count),
                'live while the session is ON_SALE; null in every other status',
              ),
            }),
          ),
        }),
      ),
    }),
    'ProgramDetail',
  ),
);

/** `PATCH /v1/admin/programs/{id}`: the program as stored, each session's closing time filled in. */
export const ProgramRecord = /* @__PURE__ */ schema(() =>
  z.strictObject({
    ...ProgramFields,
    sessions: z.array(
      z.strictObject({
        sessionId: z.string(),
        startsAt: time,
        saleOpensAt: time,
        saleClosesAt: time,
        tiers: z.array(z.strictObject(TierFields)),
      }),
    ),
  }),
);

export const ProgramCreated = /* @__PURE__ */ schema(() =>
  z.strictObject({ programId: z.string(), sessions: z.array(z.strictObject({ sessionId: z.string() })) }),
);

export const Session = /* @__PURE__ */ schema(() =>
  named(
    z.strictObject({
      sessionId: z.string(),
      programId: z.string(),
      title: z.string(),
      venue: z.string(),
      city: z.string(),
      startsAt: time,
      saleOpensAt: time,
      saleClosesAt: time,
      status: SessionStatus,
      maxPerOrder: z.int(),
      perUserLimit: z.optional(
        described(
          z.int(),
          'seats one user may hold or buy in this session over all its tiers (each tier has its own too)',
        ),
      ),
      tiers: z.array(
        z.strictObject({ tierId: z.string(), name: z.string(), priceCents: z.int(), perUserLimit: z.int() }),
      ),
    }),
    'Session',
  ),
);

export const SeatMap = /* @__PURE__ */ schema(() =>
  named(
    z.strictObject({
      sessionId: z.string(),
      status: SessionStatus,
      seatCount: count,
      tiers: z.array(z.strictObject({ tierId: z.string(), name: z.string(), priceCents: z.int() })),
      sections: z.array(
        z.strictObject({
          sectionIndex: count,
          name: z.string(),
          tierId: z.string(),
          rows: z.int(),
          seatsPerRow: z.int(),
        }),
      ),
      rows: described(
        z.array(z.tuple([count, z.int(), count, count])),
        '[sectionIndex, rowNumber, firstSeat, seatCount]',
      ),
      seats: z.strictObject({
        encoding: z.literal('row-major-status-v1'),
        statuses: described(z.string(), 'one character per seat: 0 available, 1 held, 2 sold'),
      }),
    }),
    'SeatMap',
  ),
);

const Counts = /* @__PURE__ */ schema(() => ({ available: count, held: count, sold: count }));
const ByTier = /* @__PURE__ */ schema(() => z.array(z.strictObject({ tierId: z.string(), ...Counts })));

const StatsFields = /* @__PURE__ */ schema(() => ({
  status: SessionStatus,
  ...Counts,
  byTier: ByTier,
  ordersByStatus: z.partialRecord(z.enum(ORDER_STATUSES), count),
  refundsPending: count,
  cancellation: z.optional(
    z.strictObject({ reason: z.string(), requestedAt: time, finishedAt: z.optional(time) }),
  ),
  queue: z.optional(
    z.strictObject({
      enabled: z.boolean(),
      admitPerMinute: z.int(),
      inLine: count,
      admitted: count,
      admittedPaced: count,
      admittedReturned: count,
      returnedPlaces: count,
    }),
  ),
}));

export const Stats = /* @__PURE__ */ schema(() => z.strictObject({ sessionId: z.string(), ...StatsFields }));
export const Opened = /* @__PURE__ */ schema(() =>
  z.strictObject({ sessionId: z.string(), seatCount: count, loaded: z.boolean(), ...StatsFields }),
);

const SeatState = /* @__PURE__ */ schema(() =>
  z.strictObject({ status: z.string(), holdId: z.optional(z.string()) }),
);
export const Reconciled = /* @__PURE__ */ schema(() =>
  z.strictObject({
    sessionId: z.string(),
    checked: count,
    mismatchCount: count,
    mismatches: z.array(
      z.strictObject({ seatId: z.string(), kind: z.string(), redis: SeatState, dynamodb: SeatState }),
    ),
    repaired: count,
    skipped: count,
  }),
);
