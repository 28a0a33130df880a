import { adminProgramsPatchRoute } from '#functions/route-specs.ts';
import { ok } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { patchProgram } from '#shared/catalogue/session-lifecycle.ts';

export const handler = httpHandler(adminProgramsPatchRoute, async ({ params, body }) =>
  ok(await patchProgram(deps(), params.programId, body)),
);
