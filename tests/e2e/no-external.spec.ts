/**
 * Nothing leaves the site: no web fonts, CDNs, analytics or remote
 * images at run time. A participant's browser talks to the site's own origin and,
 * during a check, to the configured proxy — nothing else.
 *
 * - Every page of the build (tests/support/dist-pages.ts: the workshop pages, the
 *   facilitators' page, 404) is loaded and scrolled to the end (so lazy images load);
 *   on the top page the search is also used (Pagefind loads its scripts, WebAssembly
 *   and index files on first use). Every request and WebSocket the browser opens is
 *   recorded; any origin other than the site's fails the test.
 * - The LiteLLM page runs the check (「確認する」 and 「1 トークンで呼び出しを試す」)
 *   against the LiteLLM replay server (tests/support/litellm-server.ts): the only
 *   origin allowed besides the site's is that server's, and it must have been called.
 * - The built HTML and CSS are also read: no resource (`src`, `srcset`, stylesheet,
 *   preload, icon, manifest, CSS `url()` / `@import`) points at another host, so
 *   something that loads only on interaction cannot slip past the browser run.
 *   (Links a reader follows — `<a href="https://docs…">` — are not loads and are allowed.)
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from '../support/fixtures.ts';
import { builtPages, settled } from '../support/dist-pages.ts';
import { startLiteLLMServer } from '../support/litellm-server.ts';
import { checkLocator, runCheck } from '../support/proxy-check.ts';
import { distDir } from '../support/site-server.ts';

/** Schemes that never reach the network. */
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:']);

/** Records every URL the page requests (HTTP and WebSocket), from before the first navigation. */
function recordRequests(page: Page): string[] {
	const urls: string[] = [];
	page.on('request', (r) => urls.push(r.url()));
	page.on('websocket', (ws) => urls.push(ws.url()));
	return urls;
}

/** The recorded URLs whose origin is not in `allowed`, as `origin  (url)` lines. */
function foreign(urls: readonly string[], allowed: readonly string[]): string[] {
	return urls
		.filter((u) => !LOCAL_SCHEMES.has(new URL(u).protocol) && !allowed.includes(new URL(u).origin))
		.map((u) => `${new URL(u).origin}  (${u})`);
}

/** Scrolls to the end of the page in steps, so that lazily loaded resources are requested. */
async function scrollThrough(page: Page): Promise<void> {
	await page.evaluate(async () => {
		for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight) {
			window.scrollTo(0, y);
			await new Promise((r) => requestAnimationFrame(() => r(undefined)));
		}
	});
	await page.waitForLoadState('networkidle');
}

const pages = builtPages();

test.describe('at run time, pages request nothing but the site itself', () => {
	for (const { path } of pages) {
		test(`${path || '(top page)'}`, async ({ page, site }) => {
			const urls = recordRequests(page);
			await page.goto(path);
			await settled(page);
			await scrollThrough(page);
			expect(urls.length, 'the page and its resources were requested').toBeGreaterThan(1);
			const bad = foreign(urls, [site.origin]);
			expect(bad, `requests from ${path || '/'} to other hosts:\n${bad.join('\n')}`).toEqual([]);
		});
	}

	test('the search (Pagefind loads its files on first use)', async ({ page, site }) => {
		const urls = recordRequests(page);
		await page.goto('');
		await page.locator('site-search button[data-open-modal]').click();
		await page.locator('input.pagefind-ui__search-input').fill('フォールバック');
		await expect(page.locator('.pagefind-ui__result').first()).toBeVisible();
		await page.waitForLoadState('networkidle');
		expect(
			urls.some((u) => u.includes('/pagefind/')),
			'Pagefind files were requested',
		).toBe(true);
		const bad = foreign(urls, [site.origin]);
		expect(bad, `requests to other hosts:\n${bad.join('\n')}`).toEqual([]);
	});
});

test('the LiteLLM check talks to the site and the configured proxy only', async ({
	page,
	site,
}) => {
	const proxy = await startLiteLLMServer({ scenario: 'ready' });
	try {
		const urls = recordRequests(page);
		await page.goto('workshops/litellm/');
		const check = checkLocator(page, 0);
		await runCheck(check, { baseUrl: proxy.url });
		await expect(check).toHaveAttribute('data-ok', 'true');
		await runCheck(check, { button: 'token' });
		await page.waitForLoadState('networkidle');
		expect(
			urls.filter((u) => new URL(u).origin === proxy.origin).length,
			'the check called the proxy',
		).toBeGreaterThan(0);
		expect(
			proxy.requests.some((r) => r.path === '/v1/chat/completions'),
			'the token button called the proxy',
		).toBe(true);
		const bad = foreign(urls, [site.origin, proxy.origin]);
		expect(bad, `requests to hosts other than the site and the proxy:\n${bad.join('\n')}`).toEqual(
			[],
		);
	} finally {
		await proxy.close();
	}
});

/** Every file under `dir` whose name ends with `ext`. */
function filesEndingWith(dir: string, ext: string, out: string[] = []): string[] {
	for (const e of readdirSync(dir, { withFileTypes: true })) {
		const p = join(dir, e.name);
		if (e.isDirectory()) filesEndingWith(p, ext, out);
		else if (e.name.endsWith(ext)) out.push(p);
	}
	return out;
}

/** True for a reference that leaves the site: absolute with a scheme other than data:/blob:, or protocol-relative. */
const remote = (ref: string) =>
	/^\/\//.test(ref) || (/^[a-z][a-z0-9+.-]*:/i.test(ref) && !/^(data|blob):/i.test(ref));

test('the built HTML and CSS load no resource from another host', () => {
	const problems: string[] = [];
	for (const file of filesEndingWith(distDir, '.html')) {
		const html = readFileSync(file, 'utf8');
		for (const tag of html.matchAll(
			/<(img|script|source|iframe|video|audio|embed|object|track|link|image|use)\b[^>]*>/gi,
		)) {
			const el = tag[0];
			const name = tag[1]!.toLowerCase();
			if (
				name === 'link' &&
				!/\brel="[^"]*\b(stylesheet|preload|modulepreload|prefetch|icon|manifest|preconnect|dns-prefetch)\b/i.test(
					el,
				)
			)
				continue;
			for (const attr of el.matchAll(/\s(src|href|srcset|poster|data|xlink:href)="([^"]*)"/gi)) {
				const refs =
					attr[1]!.toLowerCase() === 'srcset'
						? attr[2]!.split(',').map((s) => s.trim().split(/\s+/)[0]!)
						: [attr[2]!];
				for (const ref of refs)
					if (remote(ref.replace(/&amp;/g, '&')))
						problems.push(`${file}: <${name} ${attr[1]}="${ref}">`);
			}
		}
	}
	for (const file of filesEndingWith(distDir, '.css')) {
		const css = readFileSync(file, 'utf8');
		for (const m of css.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3/g)) {
			const ref = (m[2] ?? m[4])!;
			if (remote(ref)) problems.push(`${file}: ${ref}`);
		}
	}
	expect(problems, problems.join('\n')).toEqual([]);
});
