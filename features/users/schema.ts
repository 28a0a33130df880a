import * as z from 'zod/mini';
import { CaptchaSolution } from '#features/abuse/index.ts';
import { ROLES } from '#kernel/principal.ts';
import { described, Id, named, opt, pattern, schema, time, trimmed } from '#platform/http/schema-kit.ts';

/**
 * What users and buyers look like on the wire. A user's record (port.ts) keeps the password's
 * hash and the clear contact details; a buyer's keeps its name and document number encrypted:
 * neither record is ever answered as it is, only these masked views.
 */

const MOBILE = /^1[3-9]\d{9}$/;
const Email = /* @__PURE__ */ schema(() => opt(z.email().check(z.maxLength(254))));

export const RegisterBody = /* @__PURE__ */ schema(() =>
  z.strictObject({
    mobile: pattern(MOBILE, 'a mainland China mobile number, 11 digits'),
    email: Email,
    password: z.string().check(z.minLength(8), z.maxLength(128)),
    name: trimmed(32),
    captcha: opt(CaptchaSolution),
  }),
);

export const LoginBody = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      mobile: opt(pattern(MOBILE)),
      email: Email,
      password: z.string().check(z.minLength(1), z.maxLength(128)),
      captcha: opt(CaptchaSolution),
    })
    .check(
      z.refine(
        (b) => (b.mobile === undefined) !== (b.email === undefined),
        'send exactly one of mobile or email',
      ),
    ),
);

/** A document type of id-documents.ts (ID_TYPES). */
const IdTypeNumber = /* @__PURE__ */ schema(() =>
  z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6)]),
);

export const BuyerBody = /* @__PURE__ */ schema(() =>
  z.strictObject({
    name: trimmed(32),
    idType: IdTypeNumber,
    idNumber: z.string().check(z.trim(), z.minLength(5), z.maxLength(20)),
  }),
);

export const BuyerIdParams = /* @__PURE__ */ schema(() => z.object({ buyerId: Id }));

// Responses: strict, so the contract check catches a field the contract does not name.
const Role = /* @__PURE__ */ schema(() => z.enum(ROLES));

export const UserCreated = /* @__PURE__ */ schema(() => z.strictObject({ userId: z.string() }));

export const Login = /* @__PURE__ */ schema(() =>
  z.strictObject({
    token: described(z.string(), 'JWT (RS256); send as Authorization: Bearer'),
    expiresAt: time,
    user: z.strictObject({ userId: z.string(), name: z.string(), role: Role }),
  }),
);

export const Me = /* @__PURE__ */ schema(() =>
  z.strictObject({
    userId: z.string(),
    name: z.string(),
    mobile: described(z.string(), 'masked: 138****5678'),
    email: described(z.nullable(z.string()), 'masked: a****@x.com'),
    role: Role,
  }),
);

export const Buyer = /* @__PURE__ */ schema(() =>
  named(
    z.strictObject({
      buyerId: z.string(),
      idType: z.int().check(z.minimum(1), z.maximum(6)),
      name: described(z.string(), 'masked: 张*'),
      idNumber: described(z.string(), 'masked: 1101**********1234'),
    }),
    'Buyer',
  ),
);
export const BuyerList = /* @__PURE__ */ schema(() => z.strictObject({ items: z.array(Buyer) }));
