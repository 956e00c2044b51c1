// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';

/**
 * Facilitators publish to any static host. `SITE_URL` (e.g.
 * `https://example.github.io`) and `BASE_PATH` (e.g. `/cline-workshop/`) set Astro's
 * `site` and `base`; both are optional.
 */
const site = process.env.SITE_URL || undefined;
const base = process.env.BASE_PATH || '/';

export default defineConfig({
	site,
	base,
	integrations: [
		starlight({
			title: 'Cline with LiteLLM Proxy ワークショップ',
			locales: { root: { label: '日本語', lang: 'ja' } },
		}),
	],
});
