import { warmBuyerCache } from '#features/users/index.ts';
import { programsGetRoute } from '#functions/route-specs.ts';
import { okMaybeStale } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { programDetailOrLastGood } from '#shared/catalogue/programs.ts';

export const handler = httpHandler(programsGetRoute, async (req) => {
  const d = deps();
  const read = await programDetailOrLastGood(d, req.params.programId);
  const { program, onSale } = read.value;
  // Seed 001 预热购票人: a logged-in user looking at a program on sale is about to buy.
  if (
    onSale &&
    read.ageSeconds === undefined &&
    req.principal &&
    !(await d.buyerCache.touch(req.principal.userId))
  ) {
    await warmBuyerCache(d, req.principal.userId);
  }
  return okMaybeStale({ value: program, ageSeconds: read.ageSeconds });
});
