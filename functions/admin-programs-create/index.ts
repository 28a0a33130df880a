import { adminProgramsCreateRoute } from '#functions/route-specs.ts';
import { created } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { createProgram } from '#shared/catalogue/programs.ts';

export const handler = httpHandler(adminProgramsCreateRoute, async ({ body }) =>
  created(await createProgram(deps(), body)),
);
