import type { RouteDocs } from '#platform/http/route.ts';
import type { USERS_ROUTES } from './routes.ts';
import { Buyer, BuyerList, Login, Me, UserCreated } from './schema.ts';

/** What the OpenAPI document and the contract check say of each users route (tools only, never bundled). */
export const USERS_ROUTE_DOCS = {
  'users-register': {
    summary: 'Register (a captcha is required while registrations surge: 428 CAPTCHA_REQUIRED)',
    success: [201, '{userId}'],
    response: UserCreated,
    errors: {
      409: 'USER_EXISTS (details.field: mobile or email)',
      428: 'CAPTCHA_REQUIRED: registrations are surging; solve GET /v1/captcha and send `captcha`',
    },
  },
  'auth-login': {
    summary:
      'Log in by mobile or email (after 3 failed logins of an identifier in 15 min a captcha is required: 428)',
    success: [200, '{token, expiresAt, user}'],
    response: Login,
    errors: {
      401: 'UNAUTHENTICATED: wrong identifier or password',
      428: 'CAPTCHA_REQUIRED: 3 failed logins of this identifier in 15 min',
    },
  },
  'auth-logout': {
    summary: 'Log out: the token stops working',
    success: [204, 'no body'],
  },
  'users-me': {
    summary: 'The caller, masked',
    success: [200, '{userId, name, mobile, email, role}'],
    response: Me,
  },
  'buyers-create': {
    summary: 'Add a ticket buyer',
    success: [201, 'the buyer, masked'],
    response: Buyer,
    errors: {
      400: 'VALIDATION_FAILED (details.fields), also for a PRC id number that fails its check and for a 21st buyer of the account; or MALFORMED_JSON',
    },
  },
  'buyers-list': {
    summary: "The caller's buyers, masked",
    success: [200, '{items}'],
    response: BuyerList,
  },
  'buyers-delete': {
    summary: 'Remove a buyer',
    success: [204, 'no body'],
  },
} satisfies Record<keyof typeof USERS_ROUTES, RouteDocs>;
