import { withSecrets } from '#platform/clients/secrets.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { watchDrift } from '#shared/catalogue/drift-watch.ts';

/** One-minute EventBridge rule: reconciles one open session (shared/catalogue/drift-watch.ts). */
export const handler = withSecrets(async () => watchDrift(coreDeps()));
