import { adminProgramsPatchRoute } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { patchProgram } from '#shared/catalogue/session-lifecycle.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';

export const handler = httpHandler(adminProgramsPatchRoute, async ({ params, body }) =>
  ok(await patchProgram(deps(), params.programId, body)),
);
