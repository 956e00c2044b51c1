// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import starlightLinksValidator from 'starlight-links-validator';
import { starlightSidebar, toMermaid } from './src/lib/nav/graph.ts';
import { closeRenderer, renderDiagram } from './src/lib/flowchart/render.ts';
import { workshop } from './workshop.config.ts';
import { placeholderValues } from './src/lib/config/placeholders.ts';
import { registerWorkshopValues } from './src/lib/config/markdown-plugin.ts';

/**
 * Facilitators publish to any static host. `SITE_URL` (e.g.
 * `https://example.github.io`) and `BASE_PATH` (e.g. `/cline-workshop/`) set Astro's
 * `site` and `base`; both are optional.
 */
const site = process.env.SITE_URL || undefined;
const base = process.env.BASE_PATH || '/';

/**
 * `WORKSHOP_BARE=1` builds the same pages as plain Starlight: no navigation chart,
 * no 「次のステップ」 (Starlight's own Pagination instead), mermaid sources as text.
 * Only `npm run bench -- site` uses it, as the baseline (scripts/bench/site.ts).
 */
const bare = process.env.WORKSHOP_BARE === '1';

/**
 * Lifecycle of the build-time diagram browser (src/lib/flowchart/render.ts):
 * - `astro:build:start`: starts Chromium and renders the navigation chart in the
 *   background while Vite bundles (the memoised result is what every page then uses;
 *   an error is not swallowed: the page render that awaits the chart reports it);
 * - `astro:build:done` / `astro:server:done`: closes the browser so the process can
 *   exit. Listed first so its hook runs before other integrations' hooks can throw.
 * @returns {import('astro').AstroIntegration}
 */
function diagramRenderer() {
	return {
		name: 'workshop-diagram-renderer',
		hooks: {
			'astro:build:start': () => {
				if (!bare) renderDiagram(toMermaid(base)).catch(() => undefined);
			},
			'astro:build:done': async () => closeRenderer(),
			'astro:server:done': async () => closeRenderer(),
		},
	};
}

/**
 * Replaces the `%%placeholders%%` of the pages (Markdown and MDX) with the values of
 * workshop.config.ts while the Markdown tree is processed, before Expressive Code
 * (src/lib/config/markdown-plugin.ts). An unknown placeholder fails the build.
 * @returns {import('astro').AstroIntegration}
 */
function workshopValues() {
	return {
		name: 'workshop-values',
		hooks: {
			'astro:config:setup': ({ config }) => {
				registerWorkshopValues(config.markdown.processor, {
					values: placeholderValues(workshop),
					root: decodeURIComponent(config.root.pathname),
				});
			},
		},
	};
}

export default defineConfig({
	site,
	base,
	integrations: [
		diagramRenderer(),
		workshopValues(),
		starlight({
			// The event's name from workshop.config.ts (validated there: a bad value stops the build).
			title: workshop.eventName,
			// The top page's <title> is the event name alone, not "X | X".
			routeMiddleware: './src/route-data.ts',
			locales: { root: { label: '日本語', lang: 'ja' } },
			// Sidebar order and groups come from the navigation graph (src/lib/nav/graph.ts).
			sidebar: starlightSidebar(),
			// Phone header: the long site title wraps instead of being cut off (src/styles/site.css).
			customCss: bare ? [] : ['./src/styles/site.css'],
			components: bare
				? {}
				: {
						// The navigation chart above every page's content.
						MarkdownContent: './src/overrides/MarkdownContent.astro',
						// 「次のステップ」 from the graph instead of sidebar-order prev/next.
						Pagination: './src/overrides/Pagination.astro',
					},
			plugins: [
				// A broken internal link in Markdown/MDX fails the build. Links must carry
				// Astro's `base`: under BASE_PATH=/cline-workshop/ a link to `/workshops/`
				// is reported. Workshop pages legitimately link to the participant's own
				// http://localhost:4000 (LiteLLM Admin UI), so local links are allowed.
				starlightLinksValidator({ errorOnLocalLinks: false }),
			],
		}),
	],
});
