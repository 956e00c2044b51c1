import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test, expect } from '../support/fixtures.ts';
import { basePath, distDir } from '../support/site-server.ts';
import { extraPages, pageHref, pageNodes } from '../../src/lib/nav/graph.ts';

/**
 * Every internal link and asset of the built site answers 200 from a static host,
 * under Astro's `base`.
 *
 * starlight-links-validator checks Markdown links at build time, but not hrefs that
 * components compute (PageCard, the flowchart, 次のステップ, Starlight's own chrome),
 * nor assets. This crawls, from every built HTML page:
 * - every `href` / `src` / `xlink:href` / `srcset` target — page links (the
 *   flowchart's SVG node links and its text version included), stylesheets, scripts,
 *   icons, images;
 * - then, from each stylesheet it reached, every `url(...)` and `@import` (fonts,
 *   images), and from each script, every relative module import (`from "./x.js"`,
 *   `import("./x.js")`) — transitively;
 * and fetches each target from the served `dist/`. Every link of the flowchart must
 * point at its own node's page.
 */
function htmlFiles(dir: string): string[] {
	const out: string[] = [];
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) out.push(...htmlFiles(path));
		else if (entry.name.endsWith('.html')) out.push(path);
	}
	return out;
}

/** True for a reference the crawl skips: another scheme (https:, data:, mailto: …), protocol-relative, or a fragment. */
const skipped = (ref: string) => /^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i.test(ref);

/** The references an HTML page makes: href/src/xlink:href values and each srcset candidate. */
function htmlRefs(html: string): string[] {
	const refs: string[] = [];
	for (const m of html.matchAll(/\s(href|src|xlink:href|srcset)="([^"]+)"/g)) {
		const value = m[2]!.replace(/&amp;/g, '&');
		if (m[1] === 'srcset') refs.push(...value.split(',').map((c) => c.trim().split(/\s+/)[0]!));
		else refs.push(value);
	}
	return refs;
}

/** `url(...)` and `@import` references of a stylesheet. */
function cssRefs(css: string): string[] {
	const refs: string[] = [];
	for (const m of css.matchAll(
		/url\(\s*(?:"([^"]*)"|'([^']*)'|([^'")\s]+))\s*\)|@import\s+(?:"([^"]+)"|'([^']+)')/g,
	)) {
		refs.push((m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5])!);
	}
	return refs;
}

/** Relative module specifiers of a built script (Vite's output: `from"./x.js"`, `import"./x.js"`, `import(\`./x.js\`)`). */
function jsRefs(js: string): string[] {
	return [...js.matchAll(/\b(?:from|import)\s*\(?\s*["'`](\.\.?\/[^"'`]+)["'`]/g)].map(
		(m) => m[1]!,
	);
}

test('every internal href, src and asset in dist/ resolves under the base', async ({
	request,
	site,
}) => {
	const files = htmlFiles(distDir);
	expect(files.length).toBeGreaterThan(17);
	const targets = new Map<string, string>(); // absolute path -> first referrer
	const queue: string[] = [];
	const add = (ref: string, from: string) => {
		if (skipped(ref)) return;
		const path = new URL(ref, `http://site${from}`).pathname;
		if (targets.has(path)) return;
		targets.set(path, from);
		queue.push(path);
	};
	const chartLinks: string[] = [];
	for (const file of files) {
		const html = readFileSync(file, 'utf8');
		const pagePath =
			basePath +
			relative(distDir, file)
				.replace(/index\.html$/, '')
				.replace(/\\/g, '/');
		for (const ref of htmlRefs(html)) add(ref, pagePath);
		// The flowchart: each node link points at its own node's page.
		for (const m of html.matchAll(/<a\b[^>]*\bdata-node-link="([^"]+)"[^>]*>/g)) {
			const href = /\shref="([^"]+)"/.exec(m[0])?.[1];
			const node = pageNodes.find((n) => n.id === m[1]);
			if (!node || href !== pageHref(basePath, node.slug))
				chartLinks.push(`${pagePath}: chart node ${m[1]} links to ${href}`);
		}
	}
	expect(chartLinks, chartLinks.join('\n')).toEqual([]);
	// The crawl saw every page of the graph and every extra page.
	for (const slug of [...pageNodes.map((n) => n.slug), ...extraPages.map((p) => p.slug)])
		expect([...targets.keys()]).toContain(pageHref(basePath, slug));

	const broken: string[] = [];
	let assets = 0;
	while (queue.length) {
		const path = queue.shift()!;
		const from = targets.get(path)!;
		if (!path.startsWith(basePath)) {
			broken.push(`${path} (outside base ${basePath}, referenced from ${from})`);
			continue;
		}
		const res = await request.get(site.origin + path);
		if (res.status() !== 200) {
			broken.push(`${path} → ${res.status()} (referenced from ${from})`);
			continue;
		}
		// Follow assets' own references, relative to the asset.
		const inner = path.endsWith('.css')
			? cssRefs(await res.text())
			: /\.m?js$/.test(path)
				? jsRefs(await res.text())
				: [];
		assets += inner.length;
		for (const ref of inner) add(ref, path);
	}
	expect(targets.size).toBeGreaterThan(20);
	expect(
		[...targets.keys()].some((p) => p.endsWith('.css')),
		'stylesheets crawled',
	).toBe(true);
	expect(
		[...targets.keys()].some((p) => p.endsWith('.js')),
		'scripts crawled',
	).toBe(true);
	expect(assets, 'references found inside CSS/JS assets').toBeGreaterThan(0);
	expect(broken, broken.join('\n')).toEqual([]);
});
