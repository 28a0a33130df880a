import { adminProgramsCreateRoute } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { createProgram } from '#shared/catalogue/programs.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { created } from '#shared/http/responses.ts';

export const handler = httpHandler(adminProgramsCreateRoute, async ({ body }) =>
  created(await createProgram(deps(), body)),
);
