import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's chromium (installed by scripts/ensure-deps.sh) driven by playwright-core, for the
 * browser tests and the bench: Playwright's own browser download cannot run on these machines.
 * The flags keep Chromium from calling home (refused here, and slow to fail).
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}
