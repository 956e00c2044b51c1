import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './src/lib/browser.ts';

/**
 * End-to-end tests against the built site (`dist/`, built by `npm test` first) in
 * Debian's Chromium. Each test file starts the servers it needs on free loopback
 * ports (tests/support): nothing assumes port 4000 or 4321 is free.
 */
export default defineConfig({
	testDir: './tests/e2e',
	fullyParallel: true,
	workers: 2,
	retries: 0,
	reporter: process.env.CI ? [['list']] : [['list']],
	timeout: 60_000,
	expect: { timeout: 10_000 },
	use: {
		browserName: 'chromium',
		launchOptions: { executablePath: chromiumPath, args: [...chromiumArgs] },
		trace: 'retain-on-failure',
	},
});
