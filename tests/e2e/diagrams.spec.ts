/**
 * The build-time figures on the built workshop pages: each workshop page's
 * architecture diagram (src/components/ArchitectureDiagram.astro) and the rendering of
 * Cline's LiteLLM settings (src/components/ClineSettings.astro).
 * - every workshop page has its figure, named by its caption, with the SVG as an
 *   image and the text alternative listing every node and arrow of the data module;
 * - the figures bring no script, and one SVG serves both themes (its colours change
 *   with `data-theme`);
 * - the SVG keeps its text readable: drawn at ≥ 80 % of its size at 1366 px and at
 *   390 px, where its region scrolls sideways and can be focused;
 * - the Cline settings show the config's values (the MLflow page its own Base URL),
 *   the key masked with its value only in visually hidden text;
 * - axe finds no serious or critical violation in the figures, light and dark.
 *
 * With `DIAGRAM_SHOTS=<dir>` the last test also writes screenshots of the figures
 * (1366×768 and 390×844, light and dark) into that folder.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { workshop } from '../../workshop.config.ts';
import { architectureDiagrams, WORKSHOP_IDS } from '../../src/lib/diagrams/architecture.ts';
import { test, expect } from '../support/fixtures.ts';
import { settled } from '../support/dist-pages.ts';

type Theme = 'light' | 'dark';
const diagrams = architectureDiagrams(workshop);

async function open(page: Page, path: string, theme: Theme = 'light'): Promise<void> {
	await page.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
	await page.goto(path);
	await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
	await settled(page);
}

for (const id of WORKSHOP_IDS) {
	test(`workshops/${id}/: the architecture diagram, named, with its text alternative and no script`, async ({
		page,
	}) => {
		const d = diagrams[id];
		await open(page, `workshops/${id}/`);
		const figure = page.getByRole('figure', { name: new RegExp(`^${d.title}`) });
		await expect(figure).toHaveCount(1);
		await expect(figure).toHaveAttribute('data-arch', id);
		await expect(figure.locator('figcaption')).toContainText(d.caption);
		// One SVG (both themes), exposed as one image with a name.
		await expect(figure.locator('svg')).toHaveCount(1);
		await expect(figure.getByRole('img', { name: new RegExp(`^${d.title}`) })).toBeVisible();
		// The diagram comes right after the page's first paragraph.
		const before = await figure.evaluate((el) => el.previousElementSibling?.tagName);
		expect(before).toBe('P');

		const details = figure.locator('details.figure-text');
		await expect(details.locator('summary')).toHaveText('図の内容を文章で表示');
		await details.locator('summary').click();
		const text = (await details.innerText()).replace(/\s+/g, ' ');
		for (const n of d.nodes) expect(text, n.id).toContain(n.title);
		for (const n of d.nodes) if (n.container) expect(text).toContain(n.container);
		const arrows = details.locator('ul').last().locator('li');
		await expect(arrows).toHaveCount(d.edges.length);

		expect(await figure.locator('script').count()).toBe(0);
		const scripts = await page
			.locator('script')
			.evaluateAll((els) =>
				els.map((e) => `${e.getAttribute('src') ?? ''} ${e.textContent ?? ''}`),
			);
		expect(scripts.filter((s) => /arch-|cline-settings|ArchitectureDiagram/.test(s))).toEqual([]);
	});
}

test('one SVG for both themes: its colours follow data-theme', async ({ page }) => {
	const fills = async () =>
		page
			.locator('[data-arch="litellm"] [data-node="litellm"] rect')
			.evaluate((el) => `${getComputedStyle(el).fill} ${getComputedStyle(el).stroke}`);
	await open(page, 'workshops/litellm/', 'light');
	const light = await fills();
	await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
	const dark = await fills();
	expect(light).not.toBe(dark);
});

for (const viewport of [
	{ width: 1366, height: 768 },
	{ width: 390, height: 844 },
]) {
	test(`readable at ${viewport.width} px: each SVG drawn at ≥ 80 % of its size, its region scrolls and takes focus`, async ({
		page,
	}) => {
		await page.setViewportSize(viewport);
		for (const id of WORKSHOP_IDS) {
			await open(page, `workshops/${id}/`);
			const region = page.locator(`[data-arch="${id}"] .arch-scroll`);
			const m = await region.evaluate((el) => {
				const svg = el.querySelector('svg')!;
				return {
					scale: svg.getBoundingClientRect().width / svg.viewBox.baseVal.width,
					overflow: el.scrollWidth > el.clientWidth + 1,
					tabindex: el.getAttribute('tabindex'),
				};
			});
			// min-width is 80 % of the SVG's width; allow sub-pixel rounding.
			expect(m.scale, id).toBeGreaterThanOrEqual(0.795);
			expect(m.tabindex).toBe('0');
			if (viewport.width === 390 && id !== 'cline') expect(m.overflow, `${id} scrolls`).toBe(true);
			await expect(region).toHaveAccessibleName(/横にスクロールできます/);
		}
	});
}

test("Cline's LiteLLM settings on the LiteLLM page carry the config's values, the key masked", async ({
	page,
}) => {
	await open(page, 'workshops/litellm/');
	const fig = page.getByRole('figure', { name: /^Cline の設定画面（API Provider: LiteLLM）/ });
	await expect(fig).toHaveCount(1);
	const value = (label: string) => fig.locator(`[data-field="${label}"] dd`);
	await expect(value('API Provider')).toHaveText('LiteLLM');
	await expect(value('Base URL (optional)')).toHaveText(workshop.proxyBaseUrl);
	await expect(value('Model ID')).toHaveText(workshop.expectedModel);
	const key = value('API Key').locator('[data-masked]');
	await expect(key.locator('[aria-hidden="true"]')).toHaveText(
		'•'.repeat(workshop.defaultApiKey.length),
	);
	await expect(key.locator('.sr-only')).toContainText(workshop.defaultApiKey);
	// The key is not visible: only the dots are drawn.
	expect(
		await key.locator('.sr-only').evaluate((el) => el.getBoundingClientRect().width),
	).toBeLessThanOrEqual(1);
	await expect(fig.locator('[data-field="Use prompt caching (GA)"] dd')).toHaveText('オフ');
	await expect(fig.locator('[data-field="Enable extended thinking"] dd')).toHaveText('オフ');
	await expect(fig.locator('figcaption')).toContainText(workshop.proxyBaseUrl);
	expect(await fig.locator('input, select, textarea, button, script').count()).toBe(0);
});

test('the MLflow page shows Cline the MLflow proxy as Base URL', async ({ page }) => {
	await open(page, 'workshops/mlflow/');
	const fig = page.locator('[data-cline-settings]');
	await expect(fig).toHaveCount(1);
	await expect(fig.locator('[data-field="Base URL (optional)"] dd')).toHaveText(
		workshop.mlflow.proxyBaseUrl,
	);
	await expect(fig.locator('[data-field="Model ID"] dd')).toHaveText(workshop.mlflow.expectedModel);
	await expect(fig.locator('figcaption')).toContainText(workshop.mlflow.proxyBaseUrl);
});

for (const theme of ['light', 'dark'] as const) {
	test(`axe: no serious or critical violation in the figures (${theme})`, async ({ page }) => {
		await open(page, 'workshops/litellm/', theme);
		await page.locator('[data-arch="litellm"] details summary').click();
		const { violations } = await new AxeBuilder({ page })
			.include('.arch-figure')
			.include('.cline-settings')
			.analyze();
		const bad = violations
			.filter((v) => v.impact === 'serious' || v.impact === 'critical')
			.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
		expect(bad).toEqual([]);
	});
}

test('screenshots of the figures (only with DIAGRAM_SHOTS=<dir>)', async ({ page }) => {
	const dir = process.env.DIAGRAM_SHOTS;
	test.skip(!dir, 'set DIAGRAM_SHOTS to a folder to take screenshots');
	test.setTimeout(600_000);
	mkdirSync(dir!, { recursive: true });
	for (const viewport of [
		{ width: 1366, height: 768 },
		{ width: 390, height: 844 },
	]) {
		await page.setViewportSize(viewport);
		for (const theme of ['light', 'dark'] as const) {
			for (const id of WORKSHOP_IDS) {
				await open(page, `workshops/${id}/`, theme);
				const fig = page.locator(`[data-arch="${id}"]`);
				await fig.scrollIntoViewIfNeeded();
				await page.screenshot({ path: join(dir!, `${id}-${viewport.width}-${theme}.png`) });
				await fig.screenshot({ path: join(dir!, `${id}-figure-${viewport.width}-${theme}.png`) });
			}
			for (const id of ['litellm', 'mlflow']) {
				await open(page, `workshops/${id}/`, theme);
				await page
					.locator('[data-cline-settings]')
					.screenshot({ path: join(dir!, `cline-settings-${id}-${viewport.width}-${theme}.png`) });
			}
		}
	}
});
