/**
 * `<ProxyCheck>` in the built site against a hostile server on the Base URL
 * (tests/support/hostile-server.ts): a redirect is its own verdict and never carries
 * the key to the other origin (whose server records any key, `Authorization` or
 * `x-litellm-api-key` that reaches it); a 50 MB model list stops at the byte limit
 * while the page keeps answering clicks; a reset connection is told in Japanese with
 * the raw `TypeError` only in the facilitator's detail row; an https Base URL against
 * a plain-http port says to use http://.
 *
 * The page is on a loopback port, the hostile server on another (cross-origin, as in
 * the workshop). No timing is asserted.
 */
import { workshop } from '../../workshop.config.ts';
import { test, expect } from '../support/fixtures.ts';
import { startHostileServer, type HostileScenario } from '../support/hostile-server.ts';
import { startLiteLLMServer } from '../support/litellm-server.ts';
import {
	checkLocator,
	expectKeyContained,
	expectRows,
	runCheck,
	watchKey,
} from '../support/proxy-check.ts';

const PAGE = 'workshops/litellm/';
const KEY = workshop.defaultApiKey;

async function withHostile(
	scenario: HostileScenario,
	body: (s: Awaited<ReturnType<typeof startHostileServer>>) => Promise<void>,
	pauseAfterBytes?: number,
): Promise<void> {
	const s = await startHostileServer({ scenario, key: KEY, pauseAfterBytes });
	try {
		await body(s);
	} finally {
		await s.close();
	}
}

test.describe('ProxyCheck against hostile answers', () => {
	test('302 on /v1/model/info to another origin: cline.redirect; nothing, and no key, reaches that origin', async ({
		page,
	}) => {
		await withHostile('redirect-model-info', async (s) => {
			const leaks = watchKey(page, KEY);
			await page.goto(PAGE);
			const check = checkLocator(page, 0);
			await runCheck(check, { baseUrl: s.url });
			await expectRows(check, {
				proxy: ['ok', 'proxy.ok'],
				key: ['ok', 'key.ok'],
				models: ['ok', 'models.ok'],
				cline: ['warn', 'cline.redirect'],
			});
			const row = check.locator('[data-check-step="cline"]');
			await expect(row.locator('[data-pc="message"]')).toContainText('リダイレクト');
			await expect(row.locator('[data-pc="message"]')).toContainText('API キーも送っていません');
			expect(s.elsewhere.keyArrivals()).toEqual([]);
			expect(s.elsewhere.requests, 'requests that reached the other origin').toEqual([]);
			await expectKeyContained(page, leaks, s.origin, KEY);
		});
	});

	test('302 on /v1/models to another origin: key.redirect, no Cline card', async ({ page }) => {
		await withHostile('redirect-models', async (s) => {
			const leaks = watchKey(page, KEY);
			await page.goto(PAGE);
			const check = checkLocator(page, 0);
			await runCheck(check, { baseUrl: s.url });
			await expect(check).toHaveAttribute('data-ok', 'false');
			await expectRows(check, {
				proxy: ['ok', 'proxy.ok'],
				key: ['fail', 'key.redirect'],
				models: ['skipped', 'models.skipped'],
			});
			await expect(check.locator('[data-pc="cline"]')).toBeHidden();
			expect(s.elsewhere.requests).toEqual([]);
			await expectKeyContained(page, leaks, s.origin, KEY);
		});
	});

	test('307 on the chat call: chat.redirect, not chat.ok', async ({ page }) => {
		await withHostile('redirect-chat', async (s) => {
			const leaks = watchKey(page, KEY);
			await page.goto(PAGE);
			const check = checkLocator(page, 0);
			await runCheck(check, { baseUrl: s.url, button: 'token' });
			await expectRows(check, { chat: ['fail', 'chat.redirect'] });
			expect(s.elsewhere.requests).toEqual([]);
			await expectKeyContained(page, leaks, s.origin, KEY);
		});
	});

	test('a 50 MB model list: key.too_large, the rest is never downloaded, and the page answers clicks during the run', async ({
		page,
	}) => {
		await withHostile(
			'huge-models',
			async (s) => {
				await page.goto(PAGE);
				const check = checkLocator(page, 0);
				// A button of our own whose handler notes the check's state at each click.
				await page.evaluate(() => {
					const b = document.createElement('button');
					b.id = 'probe-click';
					b.textContent = 'probe';
					b.style.cssText = 'position:fixed;top:0;left:0;z-index:9999';
					const states: string[] = [];
					(window as unknown as { clickStates: string[] }).clickStates = states;
					b.addEventListener('click', () =>
						states.push(document.querySelector<HTMLElement>('proxy-check')!.dataset.state ?? ''),
					);
					document.body.append(b);
				});
				const states = () =>
					page.evaluate(() => (window as unknown as { clickStates: string[] }).clickStates);
				// The server's pause must not end the run: a per-request timeout far above it.
				await check.evaluate((el: HTMLElement) => (el.dataset.timeoutMs = '120000'));
				await check.getByLabel('Base URL', { exact: true }).fill(s.url);
				await check.getByRole('button', { name: '確認する', exact: true }).click();
				// The server holds the list after 2 MiB: the page is reading it, and answers a click.
				await expect.poll(() => s.huge.paused).toBe(true);
				await page.locator('#probe-click').click();
				expect(await states()).toEqual(['running']);
				// Then the other 48 MB: the page stops at its limit and hangs up.
				s.huge.release();
				await expect(check).toHaveAttribute('data-state', 'done');
				await page.locator('#probe-click').click();
				expect(await states()).toEqual(['running', 'done']);
				await expectRows(check, { proxy: ['ok', 'proxy.ok'], key: ['fail', 'key.too_large'] });
				await expect(check.locator('[data-check-step="key"] [data-pc="message"]')).toContainText(
					'大きすぎる',
				);
				await expect.poll(() => s.huge.clientHungUp).toBe(true);
				expect(s.huge.finished, 'the server never got to send the whole list').toBe(false);
			},
			2 * 1024 * 1024,
		);
	});

	test('a reset connection on /v1/models: Japanese words, the raw TypeError only in the facilitator row', async ({
		page,
	}) => {
		await withHostile('reset-models', async (s) => {
			await page.goto(PAGE);
			const check = checkLocator(page, 0);
			await runCheck(check, { baseUrl: s.url });
			await expectRows(check, { proxy: ['ok', 'proxy.ok'], key: ['fail', 'key.unreachable'] });
			const row = check.locator('[data-check-step="key"]');
			for (const part of ['message', 'fix']) {
				await expect(row.locator(`[data-pc="${part}"]`)).not.toContainText('Failed to fetch');
				await expect(row.locator(`[data-pc="${part}"]`)).not.toContainText('TypeError');
			}
			await expect(row.locator('[data-pc="message"]')).toContainText(
				'ブラウザは原因を示していません',
			);
			await expect(check.getByRole('status')).not.toContainText('Failed to fetch');
			const details = row.locator('[data-pc="details"]');
			await expect(details).toContainText('エラーの詳細（ファシリテーター向け）');
			await expect(details).toContainText('Failed to fetch');
		});
	});

	test('https Base URL against a plain-http proxy: proxy.tls, saying to use http://', async ({
		page,
	}) => {
		const proxy = await startLiteLLMServer({ scenario: 'ready' });
		try {
			const leaks = watchKey(page, KEY);
			await page.goto(PAGE);
			const check = checkLocator(page, 0);
			await runCheck(check, { baseUrl: `https://127.0.0.1:${proxy.port}` });
			await expectRows(check, { proxy: ['fail', 'proxy.tls'] });
			const row = check.locator('[data-check-step="proxy"]');
			await expect(row.locator('[data-pc="fix"]')).toContainText(`http://127.0.0.1:${proxy.port}`);
			await expect(row.locator('[data-pc="message"]')).not.toContainText('待ち受けていません');
			// the http:// probe carried nothing: no request with the key but to the https origin
			await expectKeyContained(page, leaks, `https://127.0.0.1:${proxy.port}`, KEY);
			expect(proxy.requests.filter((r) => 'authorization' in r.headers)).toEqual([]);
		} finally {
			await proxy.close();
		}
	});
});
