import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { test, expect } from '../support/fixtures.ts';
import { basePath, distDir } from '../support/site-server.ts';

/**
 * Every internal link in the built site answers 200 from a static host.
 *
 * starlight-links-validator checks Markdown links at build time, but not hrefs that
 * components compute (PageCard, the flowchart, 次のステップ, Starlight's own chrome):
 * this crawls every `href`/`src` in every built HTML page and fetches each internal
 * target from the served `dist/` under Astro's `base`.
 */
async function htmlFiles(dir: string): Promise<string[]> {
	const out: string[] = [];
	for (const entry of await readdir(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) out.push(...(await htmlFiles(path)));
		else if (entry.name.endsWith('.html')) out.push(path);
	}
	return out;
}

test('every internal href and src in dist/ resolves under the base', async ({ request, site }) => {
	const files = await htmlFiles(distDir);
	expect(files.length).toBeGreaterThan(17);
	const targets = new Map<string, string>(); // absolute path -> first page that links it
	for (const file of files) {
		const html = await readFile(file, 'utf8');
		const pagePath = basePath + relative(distDir, file).replace(/index\.html$/, '').replace(/\\/g, '/');
		for (const m of html.matchAll(/\s(?:href|src|xlink:href)="([^"]+)"/g)) {
			const raw = m[1].replace(/&amp;/g, '&');
			if (/^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i.test(raw)) continue; // external, protocol, fragment
			const url = new URL(raw, `http://site${pagePath}`);
			const path = url.pathname;
			if (!targets.has(path)) targets.set(path, pagePath);
		}
	}
	expect(targets.size).toBeGreaterThan(20);
	const broken: string[] = [];
	for (const [path, from] of targets) {
		if (!path.startsWith(basePath)) {
			broken.push(`${path} (outside base ${basePath}, linked from ${from})`);
			continue;
		}
		const res = await request.get(site.origin + path);
		if (res.status() !== 200) broken.push(`${path} → ${res.status()} (linked from ${from})`);
	}
	expect(broken, broken.join('\n')).toEqual([]);
});
