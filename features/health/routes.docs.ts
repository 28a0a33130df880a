import type { RouteDocs } from '#platform/http/route.ts';
import type { HEALTH_ROUTES } from './routes.ts';
import { Health } from './schema.ts';

/** What the OpenAPI document and the contract check say of each health route (tools only, never bundled). */
export const HEALTH_ROUTE_DOCS = {
  health: {
    summary: 'Redis and DynamoDB answer',
    success: [200, '{ok, checks}'],
    response: Health,
  },
} satisfies Record<keyof typeof HEALTH_ROUTES, RouteDocs>;
