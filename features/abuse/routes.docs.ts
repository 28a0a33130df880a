import type { RouteDocs } from '#platform/http/route.ts';
import type { ABUSE_ROUTES } from './routes.ts';
import { Captcha } from './schema.ts';

/** What the OpenAPI document and the contract check say of each abuse route (tools only, never bundled). */
export const ABUSE_ROUTE_DOCS = {
  'captcha-get': {
    summary:
      'A proof-of-work captcha (ALTCHA): find number in 0..maxnumber with SHA-256(salt + number) = challenge; single use, 5 min',
    success: [200, '{algorithm, challenge, salt, maxnumber, signature}'],
    response: Captcha,
  },
} satisfies Record<keyof typeof ABUSE_ROUTES, RouteDocs>;
