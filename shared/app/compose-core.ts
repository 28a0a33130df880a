import { composeCaptcha } from '#features/abuse/compose-captcha.ts';
import { composeCatalogueReads } from '#features/sessions/index.ts';
import { deriveKey } from '#platform/settings/derived-keys.ts';
import {
  assignDescriptors,
  type CoreEdges,
  type CoreSettings,
  composeHoldPath,
  type Infrastructure,
  memo,
} from '#shared/app/compose-hold-path.ts';
import type { CoreDeps, HoldPathDeps } from '#shared/app/deps.ts';
import { DynamoDbListingRecords } from '#shared/records/dynamodb-listings.ts';

/**
 * Completes the hold path's composition (compose-hold-path.ts) into the hot path's (CoreDeps)
 * on the same object: the catalogue's three-level reads (seat map, cities, the admin's queue
 * settings) and the captcha (the waiting room's join, its challenges). Neither is used by a
 * hold, and together they were ~5 KB of the hold function's bundle.
 */
export function completeHoldPath(
  base: HoldPathDeps,
  infra: Infrastructure,
  settings: CoreSettings,
): CoreDeps {
  const extra: Omit<CoreDeps, keyof HoldPathDeps> = {
    catalogueReads: composeCatalogueReads(infra, base.catalogue),
    listings: new DynamoDbListingRecords(infra.db, infra.table),
    get captcha() {
      return memo(
        this,
        'captcha',
        composeCaptcha(
          infra,
          deriveKey(settings.gateSecret(), 'captcha').toString('hex'),
          settings.abuse.captchaMaxNumber,
        ),
      );
    },
  };
  // Descriptors, so the captcha's getter stays lazy on the completed object.
  return assignDescriptors(base, extra) as CoreDeps;
}

/**
 * The hot path's part of the composition (CoreDeps): `compose` (compose.ts) builds the rest
 * onto the same object, so a process that uses both still has one of everything.
 */
export function composeCore(infra: Infrastructure, settings: CoreSettings, edges: CoreEdges): CoreDeps {
  return completeHoldPath(composeHoldPath(infra, settings, edges), infra, settings);
}
