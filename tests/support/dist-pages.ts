import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { distDir } from './site-server.ts';

/**
 * The pages of the built site (`dist/` or `SITE_DIST`), for tests that visit every
 * page (tests/e2e/a11y.spec.ts, no-external.spec.ts).
 *
 * Read from the build output rather than from the navigation graph, so a page that
 * is not in the graph (the facilitators' page, Starlight's 404 page) is visited too.
 */
export interface BuiltPage {
	/** Path relative to the site root (Astro `base`), as `page.goto` takes it with the fixtures' `baseURL`: `''`, `'workshops/litellm/'`, `'404.html'`. */
	readonly path: string;
	/** The HTML file, absolute. */
	readonly file: string;
}

function walk(dir: string, out: string[]): string[] {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) walk(path, out);
		else if (entry.name.endsWith('.html')) out.push(path);
	}
	return out;
}

/**
 * Every `*.html` file of the build as a page path, sorted (`index.html` files as their
 * folder with a trailing slash, others by file name).
 * @throws if the build output does not exist (build first).
 */
export function builtPages(): BuiltPage[] {
	return walk(distDir, [])
		.map((file) => {
			const rel = relative(distDir, file).split(sep).join('/');
			return { file, path: rel.replace(/(^|\/)index\.html$/, '$1') };
		})
		.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * Waits until the page has settled the way a reader meets it: fonts loaded, and
 * Expressive Code's code blocks that scroll sideways made focusable. (Expressive Code
 * adds `tabindex="0"` to such a `<pre>` from a ResizeObserver about 250 ms after
 * load; an accessibility scan before that reports `scrollable-region-focusable`.)
 */
export async function settled(page: import('@playwright/test').Page): Promise<void> {
	await page.evaluate(() => document.fonts.ready.then(() => undefined));
	await page.waitForFunction(
		() =>
			[...document.querySelectorAll<HTMLElement>('.expressive-code pre')].every(
				(pre) => pre.scrollWidth <= pre.clientWidth || pre.hasAttribute('tabindex'),
			),
		undefined,
		{ timeout: 5_000 },
	);
}
