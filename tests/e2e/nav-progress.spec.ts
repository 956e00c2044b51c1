/**
 * The page shows the work first, and remembers the participant's way through it:
 * - at 1366×768 and 390×844 the first paragraph of every page of the chart is on the
 *   first screen; the chart is open on the top page and the workshop list only;
 *   opening it elsewhere brings the current node into view (in the chart's own
 *   sideways scroll box and in the window); the header title is not cut off;
 * - two paths (own account + local PC, then Workshop Studio + Amazon EC2): the
 *   「現在地」 line (`data-participant-path`) and Starlight's synced runtime tabs follow
 *   each choice on later pages, and a tab picked by hand wins until the next choice;
 * - progress marks on the chart after a green and after a failed check (the real
 *   `<ProxyCheck>` against the LiteLLM replay server), in the stored-progress summary
 *   on the workshop list, and none after 「記録を消す」;
 * - the help report's text (page, path, codes, ms, browser, time), live and after a
 *   reload, and never the key; nothing of the key in localStorage.
 */
import type { Page } from '@playwright/test';
import { test, expect } from '../support/fixtures.ts';
import { startLiteLLMServer } from '../support/litellm-server.ts';
import { checkLocator, runCheck } from '../support/proxy-check.ts';
import {
	chartOpenPages,
	crumbs,
	pageNodes,
	RUNTIME_TABS_STORAGE_KEY,
	type PageNode,
} from '../../src/lib/nav/graph.ts';
import { PROGRESS_STORAGE_KEY } from '../../src/lib/progress/store.ts';
import { workshop } from '../../workshop.config.ts';

const pathOf = (n: PageNode) => (n.slug ? `${n.slug}/` : '');
const SIZES = [
	{ width: 1366, height: 768 },
	{ width: 390, height: 844 },
] as const;

/** The runtime tab selected in every `<Tabs syncKey="runtime">` of the page. */
async function selectedRuntimeTabs(page: Page): Promise<string[]> {
	return page
		.locator('starlight-tabs[data-sync-key="runtime"] [role="tab"][aria-selected="true"]')
		.allTextContents()
		.then((t) => t.map((s) => s.trim()));
}

/** The 「現在地」 line as shown (visible variant) and as handed to the help report. */
async function pathLine(page: Page): Promise<{ shown: string; data: string }> {
	const nav = page.locator('nav.nav-path');
	const items = await nav.locator('li:visible').allTextContents();
	return {
		shown: items.map((s) => s.replace(/（.*?）/, '').trim()).join(' › '),
		data: (await nav.getAttribute('data-participant-path')) ?? '',
	};
}

/** Follows the 「次のステップ」 link to node `id`. */
async function next(page: Page, id: string): Promise<void> {
	await page.locator(`nav.next-steps a[data-node="${id}"]`).first().click();
	await expect(page.locator('.nav-flowchart')).toHaveAttribute('data-current-node', id);
}

for (const size of SIZES) {
	test.describe(`${size.width}×${size.height}`, () => {
		test.use({ viewport: size });

		test('the first paragraph of every page is on the first screen; the chart is open only where one chooses', async ({
			page,
		}) => {
			for (const n of pageNodes) {
				await page.goto(pathOf(n));
				const box = await page
					.locator('.sl-markdown-content > p')
					.first()
					.evaluate((p) => {
						const r = p.getBoundingClientRect();
						return { top: r.top, bottom: r.bottom, scrollY: window.scrollY };
					});
				expect(box.scrollY, n.id).toBe(0);
				expect(box.top, `${n.id}: first paragraph starts on screen`).toBeGreaterThan(0);
				expect(box.bottom, `${n.id}: first paragraph ends on screen`).toBeLessThanOrEqual(
					size.height,
				);
				const details = page.locator('details[data-nav-chart]');
				if (chartOpenPages.includes(n.id)) await expect(details).toHaveAttribute('open', '');
				else await expect(details).not.toHaveAttribute('open');
				// The path line is visible without opening anything and ends with this page,
				// which is on screen even where the line is wider than a phone.
				const here = page.locator('nav.nav-path a[aria-current="page"]:visible');
				await expect(here).toHaveText(crumbs[n.id]!);
				await expect(here).toBeInViewport({ ratio: 0.99 });
			}
		});

		test('opening the chart brings the current node into view, sideways included', async ({
			page,
		}) => {
			for (const slug of [
				'workshops/litellm/',
				'workshops/mlflow/implementation/',
				'setup/studio-local/',
			]) {
				await page.goto(slug);
				await page.locator('details[data-nav-chart] > summary').click();
				const current = page.locator('.nav-chart [data-current] > rect');
				await expect(current).toBeInViewport({ ratio: 0.99 });
				// …and inside the chart's own scroll box, not hidden by its sideways scroll.
				const inBox = await current.evaluate((el) => {
					const box = el.closest('.diagram')!.getBoundingClientRect();
					const r = el.getBoundingClientRect();
					return r.left >= box.left - 1 && r.right <= box.right + 1;
				});
				expect(inBox, slug).toBe(true);
			}
			// The workshop list opens with its chart: its node is in the chart's visible part.
			await page.goto('workshops/');
			const k = page.locator('.nav-chart [data-current] > rect');
			const inBox = await k.evaluate((el) => {
				const box = el.closest('.diagram')!.getBoundingClientRect();
				const r = el.getBoundingClientRect();
				return r.left >= box.left - 1 && r.right <= box.right + 1;
			});
			expect(inBox).toBe(true);
		});

		test('the header shows the whole site title', async ({ page }) => {
			await page.goto('workshops/litellm/');
			const title = page.locator('.site-title span').first();
			await expect(title).toHaveText(workshop.eventName);
			const m = await title.evaluate((el) => ({
				sw: el.scrollWidth,
				cw: el.clientWidth,
				sh: el.scrollHeight,
				ch: el.clientHeight,
				right: el.getBoundingClientRect().right,
				search:
					document.querySelector('site-search button[data-open-modal]')?.getBoundingClientRect()
						.left ?? Infinity,
			}));
			expect(m.sw, 'no text cut off sideways').toBeLessThanOrEqual(m.cw + 1);
			expect(m.sh, 'no line cut off').toBeLessThanOrEqual(m.ch + 1);
			if (size.width < 800) expect(m.right).toBeLessThanOrEqual(m.search);
		});
	});
}

test.describe('the participant’s path', () => {
	test('own account + local PC, then Workshop Studio + Amazon EC2: the path line and the runtime tabs follow', async ({
		page,
	}) => {
		await page.goto('');
		await next(page, 'C');
		await next(page, 'H');
		await next(page, 'K');
		expect(await page.evaluate((k) => localStorage.getItem(k), RUNTIME_TABS_STORAGE_KEY)).toBe(
			'ローカル PC',
		);
		for (const tab of await selectedRuntimeTabs(page)) expect(tab).toBe('ローカル PC');
		await next(page, 'M');
		const local = '概要 › セルフアカウント › ローカル PC › ワークショップ一覧 › LiteLLM';
		expect(await pathLine(page)).toEqual({ shown: local, data: local });
		const tabs = await selectedRuntimeTabs(page);
		expect(tabs.length).toBeGreaterThan(0);
		for (const tab of tabs) expect(tab).toBe('ローカル PC');
		// Each crumb is a link to its page.
		await page.locator('nav.nav-path ol:visible a', { hasText: 'ローカル PC' }).click();
		await expect(page).toHaveURL(/\/setup\/self-local\/$/);

		// The other path: Workshop Studio + Amazon EC2.
		await page.goto('');
		await next(page, 'D');
		await next(page, 'I');
		await next(page, 'K');
		await next(page, 'M');
		const ec2 = '概要 › Workshop Studio › Amazon EC2 › ワークショップ一覧 › LiteLLM';
		expect(await pathLine(page)).toEqual({ shown: ec2, data: ec2 });
		for (const tab of await selectedRuntimeTabs(page)) expect(tab).toBe('Amazon EC2');
		await next(page, 'Q');
		expect((await pathLine(page)).data).toBe(`${ec2} › 実装詳細`);
		for (const tab of await selectedRuntimeTabs(page)) expect(tab).toBe('Amazon EC2');

		// A tab picked by hand wins on later pages, until the next choice by navigating.
		await page
			.locator('starlight-tabs[data-sync-key="runtime"] [role="tab"]', { hasText: 'ローカル PC' })
			.first()
			.click();
		await page.goto('workshops/langfuse/');
		for (const tab of await selectedRuntimeTabs(page)) expect(tab).toBe('ローカル PC');
	});

	test('without a choice the path line says so instead of guessing', async ({ page }) => {
		await page.goto('workshops/litellm/');
		const line = await pathLine(page);
		expect(line.data).toBe('概要 › … › ワークショップ一覧 › LiteLLM');
		await expect(page.locator('nav.nav-path ol:visible .nav-path-gap')).toContainText(
			'アカウントと実行環境は未選択',
		);
	});
});

test.describe('progress on the map and the help report', () => {
	test('marks after a green and after a failed check, the summary, the report, and 「記録を消す」', async ({
		page,
		context,
	}) => {
		await context.grantPermissions(['clipboard-read', 'clipboard-write']);
		const ready = await startLiteLLMServer({ scenario: 'ready' });
		const wrong = await startLiteLLMServer({ scenario: 'wrong-key-db' });
		const wrongKey = 'sk-e2e-wrong-key-1234';
		try {
			await page.goto('');
			await next(page, 'D');
			await next(page, 'I');
			await next(page, 'K');
			await next(page, 'M');
			const node = page.locator('.nav-chart g.node[data-node-id="M"]');
			const link = page.locator('.nav-chart a[data-node-link="M"]');

			// Green.
			const check = checkLocator(page, 0);
			await runCheck(check, { baseUrl: ready.url });
			await expect(check).toHaveAttribute('data-ok', 'true');
			await expect(node).toHaveAttribute('data-progress', 'ok');
			await expect(link).toHaveAttribute(
				'aria-label',
				/^LiteLLM（確認: OK（\d+\/\d+ \d\d:\d\d））$/,
			);
			await expect(node.locator('.nav-mark text')).toHaveText('✓');
			await expect(page.locator('[data-outline-node="M"] [data-progress-text]')).toContainText(
				'確認: OK',
			);
			await expect(page.locator('.nav-chart g.node[data-node-id="K"]')).toHaveAttribute(
				'data-progress',
				'visited',
			);

			// Failed: the wrong key against a proxy with a database.
			await runCheck(check, { baseUrl: wrong.url, apiKey: wrongKey });
			await expect(check).toHaveAttribute('data-ok', 'false');
			await expect(node).toHaveAttribute('data-progress', 'failed');
			await expect(link).toHaveAttribute('aria-label', /確認: 失敗 key\.rejected（/);
			await expect(node.locator('.nav-mark text')).toHaveText('!');

			// The report, from this run.
			const report = page.locator('help-report').first();
			await report.getByRole('button', { name: 'ヘルプ用レポートをコピー' }).click();
			await expect(report.getByRole('status')).toContainText('コピーしました');
			const text = await page.evaluate(() => navigator.clipboard.readText());
			const h1 = (await page.locator('h1').first().textContent())!.trim();
			expect(text).toContain(`ページ: ${h1} (/cline-workshop/workshops/litellm/)`);
			expect(text).toContain(
				'道順: 概要 › Workshop Studio › Amazon EC2 › ワークショップ一覧 › LiteLLM',
			);
			expect(text).toContain('結果: 失敗 (key.rejected)');
			expect(text).toMatch(/- .+: OK proxy\.ok \d+ ms/);
			expect(text).toMatch(/- .+: 失敗 key\.rejected \d+ ms\n {2}\S/);
			expect(text).toContain(`ブラウザー: ${await page.evaluate(() => navigator.userAgent)}`);
			expect(text).toMatch(/作成日時: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
			expect(text).not.toContain('読み込み直した');
			for (const secret of [wrongKey, workshop.defaultApiKey, 'wrong-key-1234'])
				expect(text).not.toContain(secret);
			expect(text).not.toMatch(/sk-[A-Za-z0-9]{4,}/);
			await expect(report.locator('[data-hr="text"]')).toHaveText(text);

			// After a reload: the stored verdict, said so.
			await page.reload();
			await expect(node).toHaveAttribute('data-progress', 'failed');
			await page
				.locator('help-report')
				.first()
				.getByRole('button', { name: 'ヘルプ用レポートをコピー' })
				.click();
			const stored = await page.evaluate(() => navigator.clipboard.readText());
			expect(stored).toContain('結果: 失敗 (key.rejected)');
			expect(stored).toContain('ページを読み込み直したため');
			expect(stored).not.toContain(wrongKey);

			// Nothing of either key in localStorage.
			const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }));
			expect(storage).toContain(PROGRESS_STORAGE_KEY);
			expect(storage).not.toContain(wrongKey);
			expect(storage).not.toContain(workshop.defaultApiKey);

			// The summary on the workshop list.
			await page.goto('workshops/');
			const summary = page.locator('progress-summary');
			await expect(summary.locator('[data-progress-service="litellm"]')).toHaveAttribute(
				'data-state',
				'failed',
			);
			await expect(summary.locator('[data-progress-service="litellm"]')).toContainText(
				/失敗 key\.rejected（\d+\/\d+ \d\d:\d\d）/,
			);
			await expect(summary.locator('[data-progress-service="mlflow"]')).toContainText('未確認');
			await expect(summary.locator('[data-ps="visited"]')).toHaveText(
				`訪問したページ: 5 / ${pageNodes.length}`,
			);
			await expect(page.locator('.nav-chart g.node[data-node-id="M"]')).toHaveAttribute(
				'data-progress',
				'failed',
			);

			// 「記録を消す」 clears marks, summary and storage.
			await summary.getByRole('button', { name: '記録を消す' }).click();
			await expect(page.locator('.nav-chart .nav-mark')).toHaveCount(0);
			await expect(page.locator('.nav-chart [data-progress]')).toHaveCount(0);
			await expect(page.locator('.nav-chart a[aria-label]')).toHaveCount(0);
			await expect(page.locator('[data-progress-text]')).toHaveCount(0);
			await expect(summary.locator('[data-progress-service="litellm"]')).toContainText('未確認');
			await expect(summary.locator('[data-ps="visited"]')).toHaveText(
				`訪問したページ: 0 / ${pageNodes.length}`,
			);
			expect(await page.evaluate((k) => localStorage.getItem(k), PROGRESS_STORAGE_KEY)).toBeNull();
		} finally {
			await ready.close();
			await wrong.close();
		}
	});
});
