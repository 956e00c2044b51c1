import { test as base, expect } from '@playwright/test';
import { startSiteServer, type RunningSite } from './site-server.ts';

/**
 * Playwright `test` with a worker-scoped static server for the built site.
 * `site.url` is the site's root (origin + Astro `base`); `baseURL` is set to it, so
 * `page.goto('workshops/litellm/')` is relative to the base.
 */
export const test = base.extend<{}, { site: RunningSite }>({
	site: [
		async ({}, use) => {
			const site = await startSiteServer();
			await use(site);
			await site.close();
		},
		{ scope: 'worker' },
	],
	baseURL: async ({ site }, use) => {
		await use(site.url);
	},
});

export { expect };
