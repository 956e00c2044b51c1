/**
 * End-to-end tests of the branching navigation, against the built site under a
 * non-root base (`BASE_PATH=/cline-workshop/ npx astro build`, then
 * `BASE_PATH=/cline-workshop/ npx playwright test navigation`):
 * - all 20 paths of the graph (src/lib/nav/graph.ts `pathsFromStart()`), walked from the
 *   top page once by clicking the flowchart's nodes and once by the 「次のステップ」
 *   links; on every page: the h1 is the page file's frontmatter title, the page's own
 *   node and only it is highlighted in the chart (opened where it starts closed), the
 *   「現在地」 line ends with the page, and the URL is under the base;
 * - the chart's links are reachable and usable with the keyboard;
 * - the chart is one SVG; Starlight's theme select re-colours it through CSS custom
 *   properties, without our JavaScript;
 * - no mermaid JavaScript is loaded.
 */
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { test, expect } from '../support/fixtures.ts';
import { basePath } from '../support/site-server.ts';
import {
	chartOpenPages,
	crumbs,
	getNode,
	nextSteps,
	pageNodes,
	pathsFromStart,
	type PageNode,
} from '../../src/lib/nav/graph.ts';
import { placeholderValues, substitute } from '../../src/lib/config/placeholders.ts';
import { workshop } from '../../workshop.config.ts';

const docsDir = fileURLToPath(new URL('../../src/content/docs/', import.meta.url));

/**
 * The `title` of a page file's frontmatter (src/content/docs/<slug>.mdx or <slug>/index.mdx),
 * with the event's `%%placeholders%%` replaced as the build does (e.g. `%%eventName%%`).
 */
function frontmatterTitle(slug: string): string {
	const candidates = slug
		? [`${slug}.mdx`, `${slug}.md`, `${slug}/index.mdx`, `${slug}/index.md`]
		: ['index.mdx', 'index.md'];
	const file = candidates.map((c) => docsDir + c).find((f) => existsSync(f));
	if (!file) throw new Error(`No page file for slug "${slug}" under src/content/docs`);
	const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
	const raw = /^title:\s*(.+?)\s*$/m.exec(front)?.[1];
	if (!raw) throw new Error(`${file} has no frontmatter title`);
	return substitute(raw.replace(/^(['"])(.*)\1$/, '$2'), placeholderValues(workshop), file);
}

const titles = new Map(pageNodes.map((n) => [n.id, frontmatterTitle(n.slug)]));

/** Path of a page under the base, e.g. `/cline-workshop/workshops/litellm/`. */
const pathOf = (n: PageNode) => `${basePath}${n.slug ? `${n.slug}/` : ''}`;

interface ChartState {
	visibleCharts: number;
	current: string[];
	highlighted: string[];
	ariaCurrent: string[];
	pathEnd: string;
}

/** Opens the chart's `<details>` when it is closed (every page but the top page and the workshop list). */
export async function openChart(page: Page): Promise<void> {
	const details = page.locator('details[data-nav-chart]');
	if ((await details.getAttribute('open')) === null) await details.locator('> summary').click();
	await expect(details).toHaveAttribute('open', '');
}

/** What the visible navigation chart shows as current, read from the DOM and computed styles. */
async function chartState(page: Page): Promise<ChartState> {
	return page.evaluate(() => {
		const svgs = [...document.querySelectorAll<SVGSVGElement>('.nav-flowchart svg')].filter(
			(s) => s.getBoundingClientRect().width > 0,
		);
		const svg = svgs[0];
		const ids = (els: Iterable<Element>, attr: string) =>
			[...els].map((e) => e.getAttribute(attr) ?? '');
		return {
			visibleCharts: svgs.length,
			current: svg ? ids(svg.querySelectorAll('[data-current]'), 'data-node-id') : [],
			highlighted: svg
				? [...svg.querySelectorAll('g.node')]
						.filter((g) => {
							const shape = g.querySelector(':scope > rect, :scope > polygon');
							return shape && getComputedStyle(shape).fill === 'rgb(255, 153, 102)';
						})
						.map((g) => g.getAttribute('data-node-id') ?? '')
				: [],
			ariaCurrent: svg ? ids(svg.querySelectorAll('a[aria-current="page"]'), 'data-node-link') : [],
			pathEnd:
				document.querySelector('.nav-path ol:not([hidden]) a[aria-current="page"]')?.textContent ??
				'',
		};
	});
}

/** Asserts that the browser shows page `node`: URL under the base, h1, highlighted node. */
async function expectOnPage(page: Page, siteOrigin: string, node: PageNode): Promise<void> {
	await expect(page).toHaveURL(siteOrigin + pathOf(node));
	expect(new URL(page.url()).pathname.startsWith(basePath)).toBe(true);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(titles.get(node.id)!);
	// The h1 comes before the chart in the HTML: after a click, the URL and the h1 can
	// be there while the parser is still inside the chart's SVG (seen in CI: the summary
	// said K, the half-parsed SVG had no current node yet). Read the chart once the
	// document and its stylesheets (the highlight is CSS) have loaded.
	await page.waitForLoadState('load');
	const details = page.locator('details[data-nav-chart]');
	// Open on the top page and the workshop list, closed elsewhere.
	if (chartOpenPages.includes(node.id)) await expect(details).toHaveAttribute('open', '');
	else await expect(details).not.toHaveAttribute('open');
	await openChart(page);
	const state = await chartState(page);
	expect(state, `chart on ${node.id}`).toEqual({
		visibleCharts: 1,
		current: [node.id],
		highlighted: [node.id],
		ariaCurrent: [node.id],
		pathEnd: crumbs[node.id],
	});
}

const paths = pathsFromStart();

test.describe('20 paths from the top page', () => {
	test('the graph has the 20 paths the workshop promises', () => {
		expect(paths).toHaveLength(20);
	});

	for (const p of paths) {
		const name = p.pages.map((n) => n.id).join('→');

		test(`by the flowchart: ${name}`, async ({ page, site }) => {
			await page.goto('');
			await expectOnPage(page, site.origin, p.pages[0]!);
			for (const next of p.pages.slice(1)) {
				await openChart(page);
				await page.locator(`.nav-flowchart a[data-node-link="${next.id}"]:visible`).click();
				await expectOnPage(page, site.origin, next);
			}
		});

		test(`by 次のステップ: ${name}`, async ({ page, site }) => {
			await page.goto('');
			await expectOnPage(page, site.origin, p.pages[0]!);
			for (let i = 1; i < p.pages.length; i++) {
				const prev = p.pages[i - 1]!;
				const next = p.pages[i]!;
				const steps = page.locator('nav.next-steps');
				await expect(steps.getByRole('heading', { name: '次のステップ' })).toBeVisible();
				const link = steps.locator(`a[rel="next"][data-node="${next.id}"]`);
				await expect(link).toContainText(titles.get(next.id)!);
				// The edge label(s) taken on the way (e.g. セルフアカウント) are shown on the link.
				const step = nextSteps(prev.id).forward.find((s) => s.node.id === next.id)!;
				for (const label of step.labels) await expect(link).toContainText(label);
				await link.click();
				await expectOnPage(page, site.origin, next);
				// ... and the way back to the page we came from.
				await expect(
					page.locator(`nav.next-steps a[rel="prev"][data-node="${prev.id}"]`),
				).toHaveText(titles.get(prev.id)!);
			}
			// The end of a path: no way forward, a pointer to the workshop list instead.
			await expect(page.locator('nav.next-steps a[rel="next"]')).toHaveCount(0);
			await expect(page.locator('nav.next-steps a[data-role="hub"]')).toHaveAttribute(
				'href',
				pathOf(getNode('K') as PageNode),
			);
		});
	}
});

test.describe('the chart, beyond clicking', () => {
	test('every chart link is reachable with Tab, has a visible focus style, and Enter follows it', async ({
		page,
		site,
	}) => {
		await page.goto('workshops/litellm/');
		await openChart(page);
		await page.locator('details[data-nav-chart] > summary').focus();
		const seen: string[] = [];
		for (let i = 0; i < pageNodes.length; i++) {
			await page.keyboard.press('Tab');
			const focused = await page.evaluate(() => {
				const a = document.activeElement;
				const shape = a?.querySelector('g.node > rect');
				return {
					node: a?.getAttribute('data-node-link') ?? null,
					inChart: !!a?.closest('.nav-flowchart'),
					visible: a ? a.getBoundingClientRect().width > 0 : false,
					stroke: shape ? getComputedStyle(shape).strokeWidth : null,
				};
			});
			expect(focused.inChart && focused.visible, `Tab ${i + 1} lands in the visible chart`).toBe(
				true,
			);
			expect(focused.stroke, `focus style on ${focused.node}`).toBe('4px');
			seen.push(focused.node!);
		}
		expect([...seen].sort()).toEqual(pageNodes.map((n) => n.id).sort());
		// Back to the workshop list's node and follow it with Enter.
		const k = getNode('K') as PageNode;
		await page.locator(`.nav-flowchart a[data-node-link="K"]:visible`).focus();
		await page.keyboard.press('Enter');
		await expectOnPage(page, site.origin, k);
	});

	test('the dark theme (Starlight theme select) re-colours the one chart SVG by CSS, the current node still highlighted', async ({
		page,
		site,
	}) => {
		await page.emulateMedia({ colorScheme: 'light' });
		await page.goto('workshops/litellm/');
		await expectOnPage(page, site.origin, getNode('M') as PageNode);
		await expect(page.locator('.nav-flowchart svg')).toHaveCount(1);
		const colours = () =>
			page.evaluate(() => {
				const svg = document.querySelector('.nav-flowchart svg.nav-chart')!;
				const style = (sel: string) => getComputedStyle(svg.querySelector(sel)!);
				return {
					nodeFill: style('[data-node-id="K"] > rect').fill,
					text: style('[data-node-id="K"] > text').fill,
					edge: style('.edges path').stroke,
				};
			});
		const light = await colours();
		await page.locator('starlight-theme-select select').first().selectOption('dark');
		await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
		const dark = await colours();
		for (const k of ['nodeFill', 'text', 'edge'] as const)
			expect(dark[k], `${k} follows the theme`).not.toBe(light[k]);
		// The page's other mermaid diagrams (<Mermaid>, the architecture chart): one SVG
		// each, re-coloured for the dark theme by CSS.
		const figures = page.locator('figure.diagram');
		expect(await figures.count()).toBeGreaterThan(0);
		await expect(figures.first().locator('svg')).toHaveCount(1);
		expect(
			await figures
				.first()
				.locator('svg')
				.evaluate((el) => getComputedStyle(el).filter),
		).toMatch(/invert/);
		// Still highlighted in the dark theme.
		expect((await chartState(page)).highlighted).toEqual(['M']);

		// The choice persists across pages (Starlight stores it), still without our JS.
		await page.locator('.nav-flowchart a[data-node-link="Q"]:visible').click();
		await expectOnPage(page, site.origin, getNode('Q') as PageNode);
		expect(await colours()).toEqual(dark);
	});

	test('no mermaid JavaScript is loaded on any page', async ({ page }) => {
		const scripts: { url: string; body: string }[] = [];
		page.on('response', async (res) => {
			if (res.request().resourceType() === 'script')
				scripts.push({ url: res.url(), body: await res.text().catch(() => '') });
		});
		for (const n of pageNodes) {
			await page.goto(n.slug ? `${n.slug}/` : '');
			await expect(page.locator('.nav-flowchart svg')).toHaveCount(1);
			expect(
				await page.evaluate(() => typeof (window as unknown as { mermaid?: unknown }).mermaid),
			).toBe('undefined');
			const inline = await page.locator('script:not([src])').allTextContents();
			expect(
				inline.filter((s) => /mermaid/i.test(s)),
				`inline scripts on ${n.id}`,
			).toEqual([]);
		}
		await page.waitForLoadState('networkidle');
		expect(scripts.length).toBeGreaterThan(0);
		for (const s of scripts) {
			expect(s.url).not.toMatch(/mermaid/i);
			expect(/mermaid/i.test(s.body), `${s.url} contains mermaid code`).toBe(false);
		}
	});
});
