/**
 * `<ProxyCheck>` in the built site, served on one loopback port, against the
 * LiteLLM replay server (tests/support/litellm-server.ts, recorded LiteLLM 1.81
 * exchanges) on another: every request is cross-origin, as in the workshop.
 * The page's host is 127.0.0.1, so Chromium treats it as loopback (no Local Network
 * Access prompt); the public-https case is tests/e2e/checks-public.spec.ts.
 *
 * Each scenario asserts every row's `data-status` and `data-code`, and every test
 * asserts that the API key never reached the URL, localStorage or a request to an
 * origin other than the proxy.
 */
import type { Request } from '@playwright/test';
import { workshop } from '../../workshop.config.ts';
import { test, expect } from '../support/fixtures.ts';
import { closedPortUrl, startLiteLLMServer, type Scenario } from '../support/litellm-server.ts';
import {
	checkLocator,
	expectKeyContained,
	expectRows,
	READY_ROWS,
	runCheck,
	watchKey,
} from '../support/proxy-check.ts';

const PAGE = 'workshops/litellm/';

test.describe('ProxyCheck scenarios (page on another loopback port)', () => {
	test('ready: every row ok, Cline settings card with the verified values', async ({ page }) => {
		const proxy = await startLiteLLMServer({ scenario: 'ready' });
		try {
			const leaks = watchKey(page, workshop.defaultApiKey);
			await page.goto(PAGE);
			const check = checkLocator(page, 0);
			await expect(check).toHaveAttribute('data-state', 'idle');
			await runCheck(check, { baseUrl: proxy.url });
			await expect(check).toHaveAttribute('data-ok', 'true');
			await expectRows(check, { ...READY_ROWS, chat: 'hidden', fallback: 'hidden' });
			for (const row of await check.locator('[data-check-step]:not([hidden])').all()) {
				await expect(row.locator('.pc-step__ms')).toHaveText(/^\d+ ms$/);
			}
			const card = check.locator('[data-pc="cline"]');
			await expect(card).toBeVisible();
			await expect(card.locator('[data-pc-cline="provider"]')).toHaveText('LiteLLM');
			await expect(card.locator('[data-pc-cline="baseUrl"]')).toHaveText(
				proxy.url.replace(/\/$/, ''),
			);
			await expect(card.locator('[data-pc-cline="modelId"]')).toHaveText(workshop.expectedModel);
			// the key is shown masked, never in full
			await expect(card.locator('[data-pc-cline="apiKey"]')).not.toHaveText(workshop.defaultApiKey);
			await expect(card.locator('[data-pc-cline="supportsPromptCaching"]')).toHaveText('対応');
			await expect(card).toContainText('Enable extended thinking');
			await expect(card.getByRole('button', { name: /をコピー$/ })).toHaveCount(4);
			await expect(check.getByRole('status')).toContainText('すべての確認に合格しました');
			await expectKeyContained(page, leaks, proxy.origin, workshop.defaultApiKey);
		} finally {
			await proxy.close();
		}
	});

	test('Base URL typed with /v1/ and key pasted with "Bearer ": normalised with notes; Cline gets the clean values', async ({
		page,
		context,
	}) => {
		const proxy = await startLiteLLMServer({ scenario: 'ready' });
		try {
			await page.goto(PAGE);
			const check = checkLocator(page, 0);
			await context.grantPermissions(['clipboard-read', 'clipboard-write']);
			await runCheck(check, {
				baseUrl: `${proxy.url}/v1/`,
				apiKey: `Bearer ${workshop.defaultApiKey}`,
			});
			await expect(check).toHaveAttribute('data-ok', 'true');
			const notes = check.locator('[data-pc="notes"] li');
			await expect(notes.first()).toBeVisible();
			expect(
				await notes.evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.code)),
			).toEqual(expect.arrayContaining(['url.v1_stripped', 'key.bearer_stripped']));
			await expect(check.locator('[data-pc-cline="baseUrl"]')).toHaveText(proxy.url);
			await check.getByRole('button', { name: 'API Key をコピー' }).click();
			expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
				workshop.defaultApiKey,
			);
			// every request went to the normalised base, none to /v1/v1/…
			expect(proxy.requests.map((r) => r.path)).not.toContainEqual(
				expect.stringContaining('/v1/v1'),
			);
			expect(proxy.requests.some((r) => r.path === '/health/liveliness')).toBe(true);
		} finally {
			await proxy.close();
		}
	});

	test('ready: the copy button copies the full key, not the masked text', async ({
		page,
		context,
	}) => {
		const proxy = await startLiteLLMServer({ scenario: 'ready' });
		try {
			await context.grantPermissions(['clipboard-read', 'clipboard-write']);
			await page.goto(PAGE);
			const check = checkLocator(page, 0);
			await runCheck(check, { baseUrl: proxy.url });
			await check.getByRole('button', { name: 'API Key をコピー' }).click();
			expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
				workshop.defaultApiKey,
			);
			// visible and screen-reader feedback
			await expect(check.getByRole('button', { name: 'API Key をコピー' })).toContainText(
				'コピーしました',
			);
			await expect(check.locator('[data-pc="copy-status"]')).toHaveText(
				'API Key をコピーしました。',
			);
			await check.getByRole('button', { name: 'Model ID をコピー' }).click();
			expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
				workshop.expectedModel,
			);
		} finally {
			await proxy.close();
		}
	});

	const failing: {
		name: string;
		scenario: Scenario;
		apiKey?: string;
		rows: Parameters<typeof expectRows>[1];
	}[] = [
		{
			name: 'empty model list',
			scenario: 'empty',
			rows: {
				proxy: ['ok', 'proxy.ok'],
				key: ['ok', 'key.ok'],
				models: ['fail', 'models.empty'],
				cline: ['skipped', 'cline.skipped'],
			},
		},
		{
			name: 'no model_list in the config',
			scenario: 'no-model-list',
			rows: {
				proxy: ['ok', 'proxy.ok'],
				key: ['ok', 'key.ok'],
				models: ['fail', 'models.empty'],
				cline: ['skipped', 'cline.skipped'],
			},
		},
		{
			name: 'wrong key, proxy without database (400 no_db_connection)',
			scenario: 'ready',
			apiKey: 'sk-e2e-wrong-key-1234',
			rows: {
				proxy: ['ok', 'proxy.ok'],
				key: ['fail', 'key.rejected_no_db'],
				models: ['skipped', 'models.skipped'],
				cline: ['skipped', 'cline.skipped'],
			},
		},
		{
			name: 'wrong key, proxy with database (401)',
			scenario: 'wrong-key-db',
			apiKey: 'sk-e2e-wrong-key-1234',
			rows: {
				proxy: ['ok', 'proxy.ok'],
				key: ['fail', 'key.rejected'],
				models: ['skipped', 'models.skipped'],
				cline: ['skipped', 'cline.skipped'],
			},
		},
		{
			name: 'HTML on the port (not LiteLLM)',
			scenario: 'html',
			rows: {
				// No CORS headers on that app's answer: the browser cannot read it, while a
				// no-cors probe shows something answers (the CLI would say not_litellm).
				proxy: ['fail', 'proxy.cors_blocked'],
				key: ['skipped', 'key.skipped'],
				models: ['skipped', 'models.skipped'],
				cline: ['skipped', 'cline.skipped'],
			},
		},
		{
			name: '500 without CORS headers on /v1/models',
			scenario: 'server-error',
			rows: {
				proxy: ['ok', 'proxy.ok'],
				// the 500 has no CORS headers, so the browser sees a network error
				key: ['fail', 'key.cors_blocked'],
				models: ['skipped', 'models.skipped'],
				cline: ['skipped', 'cline.skipped'],
			},
		},
		{
			name: '404 everywhere (not LiteLLM)',
			scenario: 'not-found',
			rows: {
				proxy: ['fail', 'proxy.not_litellm'],
				key: ['skipped', 'key.skipped'],
				models: ['skipped', 'models.skipped'],
				cline: ['skipped', 'cline.skipped'],
			},
		},
	];

	for (const c of failing) {
		test(`${c.name}: rows, no Cline card, key stays in the tab`, async ({ page }) => {
			const proxy = await startLiteLLMServer({ scenario: c.scenario });
			const key = c.apiKey ?? workshop.defaultApiKey;
			try {
				const leaks = watchKey(page, key);
				await page.goto(PAGE);
				const check = checkLocator(page, 0);
				await runCheck(check, { baseUrl: proxy.url, apiKey: key });
				await expect(check).toHaveAttribute('data-ok', 'false');
				await expectRows(check, { ...c.rows, chat: 'hidden', fallback: 'hidden' });
				await expect(check.locator('[data-pc="cline"]')).toBeHidden();
				const failed = check.locator('[data-status="fail"]');
				await expect(failed.locator('[data-pc="message"]')).not.toBeEmpty();
				await expect(check.getByRole('status')).toContainText('問題が見つかりました');
				await expectKeyContained(page, leaks, proxy.origin, key);
			} finally {
				await proxy.close();
			}
		});
	}

	test('slow proxy (accepts, never answers): timeout verdict, no hang', async ({ page }) => {
		const proxy = await startLiteLLMServer({ scenario: 'slow' });
		try {
			await page.goto(PAGE);
			const check = checkLocator(page, 0);
			// The facilitator's timeout is workshop.timeoutMs; a shorter one keeps the test quick.
			await check.evaluate((el: HTMLElement) => (el.dataset.timeoutMs = '800'));
			await runCheck(check, { baseUrl: proxy.url });
			await expectRows(check, {
				proxy: ['fail', 'proxy.timeout'],
				key: ['skipped', 'key.skipped'],
				models: ['skipped', 'models.skipped'],
				cline: ['skipped', 'cline.skipped'],
			});
		} finally {
			await proxy.close();
		}
	});

	test('port closed: unreachable verdict', async ({ page }) => {
		const url = await closedPortUrl();
		const leaks = watchKey(page, workshop.defaultApiKey);
		await page.goto(PAGE);
		const check = checkLocator(page, 0);
		await runCheck(check, { baseUrl: url });
		await expectRows(check, {
			proxy: ['fail', 'proxy.unreachable'],
			key: ['skipped', 'key.skipped'],
			models: ['skipped', 'models.skipped'],
			cline: ['skipped', 'cline.skipped'],
		});
		// the fix names the start commands, each with a copy button
		await expect(check.locator('[data-check-step="proxy"] [data-pc="fix"]')).not.toBeEmpty();
		await expectKeyContained(page, leaks, new URL(url).origin, workshop.defaultApiKey);
	});

	test('expected model missing, with markup in the model name: shown as text', async ({ page }) => {
		const proxy = await startLiteLLMServer({ scenario: 'ready' });
		try {
			await page.goto(PAGE);
			const check = checkLocator(page, 0);
			const evil = '<img src=x onerror="window.__pcXss=1">';
			await runCheck(check, { baseUrl: proxy.url, model: evil });
			await expectRows(check, {
				proxy: ['ok', 'proxy.ok'],
				key: ['ok', 'key.ok'],
				models: ['fail', 'models.missing'],
				cline: ['skipped', 'cline.skipped'],
			});
			await expect(check.locator('[data-check-step="models"] [data-pc="message"]')).toContainText(
				evil,
			);
			// nothing is close to it: the list, but no 'did you mean' and no suggestion row
			await expect(check.locator('[data-check-step="models"]')).not.toContainText(
				'ではありませんか',
			);
			await expect(check.locator('[data-check-step="models"] dt')).toHaveText(['モデル一覧']);
			await expect(check.locator('img')).toHaveCount(0);
			expect(
				await page.evaluate(() => (window as unknown as { __pcXss?: number }).__pcXss),
			).toBeUndefined();
		} finally {
			await proxy.close();
		}
	});

	test('token button: one-token chat and the fallback test', async ({ page }) => {
		const proxy = await startLiteLLMServer({ scenario: 'ready' });
		try {
			const leaks = watchKey(page, workshop.defaultApiKey);
			await page.goto(PAGE);
			const check = checkLocator(page, 0);
			await runCheck(check, { baseUrl: proxy.url, button: 'token' });
			await expectRows(check, {
				proxy: ['ok', 'proxy.ok'],
				key: ['ok', 'key.ok'],
				models: ['ok', 'models.ok'],
				cline: 'hidden',
				chat: ['ok', 'chat.ok'],
				fallback: ['ok', 'fallback.ok'],
			});
			// The recorded fallback answer comes from claude-3-5-sonnet-v2
			// (fixtures/litellm/chat-completions-mock-testing-fallbacks.json).
			await expect(check.locator('[data-check-step="fallback"]')).toContainText(
				'claude-3-5-sonnet',
			);
			const chats = proxy.requests.filter(
				(r) => r.method === 'POST' && r.path.endsWith('/chat/completions'),
			);
			expect(chats).toHaveLength(2);
			await expectKeyContained(page, leaks, proxy.origin, workshop.defaultApiKey);
		} finally {
			await proxy.close();
		}
	});

	test('a second click while running does not start a second run; re-runnable without reload', async ({
		page,
	}) => {
		const slow = await startLiteLLMServer({ scenario: 'slow' });
		const ready = await startLiteLLMServer({ scenario: 'ready' });
		try {
			await page.goto(PAGE);
			const check = checkLocator(page, 0);
			await check.evaluate((el: HTMLElement) => (el.dataset.timeoutMs = '1500'));
			await check.getByLabel('Base URL', { exact: true }).fill(slow.url);
			// Two submits in the same task (the button is disabled after the first, so
			// go through the form), then clicks on both buttons while it runs.
			await check.locator('form').evaluate((form: HTMLFormElement) => {
				form.requestSubmit();
				form.requestSubmit();
			});
			await expect(check).toHaveAttribute('data-state', 'running');
			await expect(check.getByRole('button', { name: '確認する' })).toBeDisabled();
			await check
				.getByRole('button', { name: '1 トークンで呼び出しを試す' })
				.click({ force: true });
			await expect(check).toHaveAttribute('data-state', 'done');
			const liveliness = slow.requests.filter(
				(r) => r.path === '/health/liveliness' && r.method === 'GET',
			);
			expect(liveliness).toHaveLength(1);
			await expect(check.locator('[data-check-step="proxy"]')).toHaveAttribute(
				'data-code',
				'proxy.timeout',
			);
			await expect(check.locator('[data-check-step]:not([hidden])')).toHaveCount(4);

			// Same element, no reload: point it at the ready proxy and run again.
			await runCheck(check, { baseUrl: ready.url });
			await expect(check).toHaveAttribute('data-ok', 'true');
			await expectRows(check, { ...READY_ROWS, chat: 'hidden', fallback: 'hidden' });
		} finally {
			await slow.close();
			await ready.close();
		}
	});

	test('two instances on one page: distinct ids, labels and sessionStorage entries', async ({
		page,
	}) => {
		const proxy = await startLiteLLMServer({ scenario: 'ready' });
		const secret = 'sk-e2e-second-instance-key';
		try {
			const leaks = watchKey(page, secret);
			await page.goto(PAGE);
			await expect(page.locator('proxy-check')).toHaveCount(2);
			const ids = await page.locator('proxy-check').evaluateAll((els) => els.map((e) => e.id));
			expect(new Set(ids).size).toBe(2);
			const dupIds = await page.evaluate(() => {
				const seen = new Map<string, number>();
				for (const el of document.querySelectorAll('[id]'))
					seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
				return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
			});
			expect(dupIds).toEqual([]);
			const first = checkLocator(page, 0);
			const second = checkLocator(page, 1);
			await expect(second).toHaveAttribute('data-context', 'cline');
			// Screen readers tell the two forms apart by their accessible names.
			await expect(
				page.getByRole('form', { name: 'ブラウザで LiteLLM Proxy を確認する' }),
			).toHaveCount(1);
			await expect(
				second.getByRole('form', { name: 'ブラウザで Cline の設定値を確認する' }),
			).toHaveCount(1);
			// the second instance answers with a wrong key; the first is untouched
			await runCheck(second, { baseUrl: proxy.url, apiKey: secret });
			await expect(second.locator('[data-check-step="key"]')).toHaveAttribute(
				'data-code',
				'key.rejected_no_db',
			);
			await expect(first).toHaveAttribute('data-state', 'idle');
			await expect(first.locator('[data-check-step="key"]')).toHaveAttribute(
				'data-status',
				'pending',
			);
			await expect(first.getByLabel('API キー', { exact: true })).toHaveValue(
				workshop.defaultApiKey,
			);
			// after a reload each instance gets its own values back from sessionStorage
			await page.reload();
			await expect(checkLocator(page, 1).getByLabel('API キー', { exact: true })).toHaveValue(
				secret,
			);
			await expect(checkLocator(page, 1).getByLabel('Base URL', { exact: true })).toHaveValue(
				proxy.url,
			);
			await expect(checkLocator(page, 0).getByLabel('API キー', { exact: true })).toHaveValue(
				workshop.defaultApiKey,
			);
			const keys = await page.evaluate(() =>
				Object.keys(sessionStorage).filter((k) => k.includes('proxy-check')),
			);
			expect(new Set(keys).size).toBe(keys.length);
			expect(keys.length).toBeGreaterThanOrEqual(1);
			await expectKeyContained(page, leaks, proxy.origin, secret);
		} finally {
			await proxy.close();
		}
	});

	test('show/hide toggle for the key; the form never navigates', async ({ page }) => {
		await page.goto(PAGE);
		const check = checkLocator(page, 0);
		const key = check.getByLabel('API キー', { exact: true });
		await expect(key).toHaveAttribute('type', 'password');
		await check.getByRole('button', { name: 'API キーを表示' }).click();
		await expect(key).toHaveAttribute('type', 'text');
		await expect(check.getByRole('button', { name: 'API キーを表示' })).toHaveAttribute(
			'aria-pressed',
			'true',
		);
		const before = page.url();
		await key.press('Enter'); // submits the form: must run the check, not navigate
		await expect(check).toHaveAttribute('data-state', /running|done/);
		expect(page.url()).toBe(before);
		// no field has a name, so nothing could be serialised into a query string
		await expect(check.locator('input[name], select[name], textarea[name]')).toHaveCount(0);
	});

	test('bad Base URL: input error, no request, no run', async ({ page }) => {
		const requests: Request[] = [];
		page.on('request', (r) => requests.push(r));
		await page.goto(PAGE);
		// The search UI's script loads when the page is idle; count from after it.
		await page.waitForLoadState('networkidle');
		const check = checkLocator(page, 0);
		await check.getByLabel('Base URL', { exact: true }).fill('ftp://example.com');
		const n = requests.length;
		await check.getByRole('button', { name: '確認する' }).click();
		await expect(check.locator('[data-pc="input-error"]')).toBeVisible();
		await expect(check.getByLabel('Base URL', { exact: true })).toHaveAttribute(
			'aria-invalid',
			'true',
		);
		await expect(check).toHaveAttribute('data-state', 'idle');
		expect(requests.slice(n)).toHaveLength(0);
	});

	test('after a green run, an unusable Base URL clears the result: no verified card, old rows, notes or verdict', async ({
		page,
	}) => {
		const proxy = await startLiteLLMServer({ scenario: 'ready' });
		try {
			await page.goto(PAGE);
			const check = checkLocator(page, 0);
			const card = check.locator('[data-pc="cline"]');
			const baseUrl = check.getByLabel('Base URL', { exact: true });
			for (const [bad, code, typed] of [
				['ftp://x', 'url.scheme', false],
				['http://user:pw@host', 'url.credentials', false],
				['ftp://x', 'url.scheme', true],
			] as const) {
				// a green run with a normalisation note (/v1 stripped)
				await runCheck(check, { baseUrl: `${proxy.url}/v1` });
				await expect(check).toHaveAttribute('data-ok', 'true');
				await expect(card).toBeVisible();
				await expect(check.locator('[data-pc="notes"] li')).toHaveCount(1);
				const requests = proxy.requests.length;

				// the value changes without an input event (autofill, script) or typed, then 確認する
				if (typed) await baseUrl.fill(bad);
				else await baseUrl.evaluate((el: HTMLInputElement, v) => (el.value = v), bad);
				await check.getByRole('button', { name: '確認する', exact: true }).click();

				await expect(check.locator('[data-pc="input-error"]')).toBeVisible();
				await expect(check.locator('[data-pc="input-error"]')).toHaveAttribute('data-code', code);
				await expect(card, 'no verified card for values that were not verified').toBeHidden();
				await expect(check).not.toHaveAttribute('data-ok', /.*/);
				await expect(check).toHaveAttribute('data-state', 'idle');
				await expectRows(check, {
					proxy: ['pending', 'proxy.pending'],
					key: ['pending', 'key.pending'],
					models: ['pending', 'models.pending'],
					cline: ['pending', 'cline.pending'],
					chat: 'hidden',
					fallback: 'hidden',
				});
				await expect(
					check.locator('[data-pc="message"]:visible, [data-pc="details"]:visible'),
				).toHaveCount(0);
				await expect(check.locator('[data-pc="notes"]')).toBeHidden();
				await expect(check.locator('[data-pc="notes"] li')).toHaveCount(0);
				const summary = check.getByRole('status');
				await expect(summary).not.toContainText('合格');
				await expect(summary).toContainText('Base URL を直してから');
				await expect(check).not.toContainText(proxy.url);
				expect(proxy.requests.length, 'no request for an unusable Base URL').toBe(requests);
			}
		} finally {
			await proxy.close();
		}
	});

	test('editing any input after a green run hides the verified card and marks the result as stale', async ({
		page,
	}) => {
		const proxy = await startLiteLLMServer({ scenario: 'ready' });
		try {
			await page.goto(PAGE);
			const check = checkLocator(page, 0);
			const card = check.locator('[data-pc="cline"]');
			for (const [label, value] of [
				['Base URL', 'http://localhost:4001'],
				['API キー', 'sk-another-key-123456'],
				['モデル（model_name）', 'bedrock-converse-us-claude-3-5-haiku-v1'],
			] as const) {
				await runCheck(check, {
					baseUrl: proxy.url,
					apiKey: workshop.defaultApiKey,
					model: workshop.expectedModel,
				});
				await expect(check).toHaveAttribute('data-ok', 'true');
				await expect(card).toBeVisible();
				await check.getByLabel(label, { exact: true }).fill(value);
				await expect(card, `card after editing ${label}`).toBeHidden();
				await expect(check).toHaveAttribute('data-state', 'stale');
				await expect(check).not.toHaveAttribute('data-ok', /.*/);
				await expect(check.getByRole('status')).toContainText('入力が変更されました');
				// the rows stay, so a fix being followed does not vanish while typing
				await expect(check.locator('[data-check-step="proxy"]')).toHaveAttribute(
					'data-status',
					'ok',
				);
			}
			// a new run with the edited values gives a fresh verdict
			await runCheck(check, { baseUrl: proxy.url, apiKey: workshop.defaultApiKey });
			await expect(check).toHaveAttribute('data-ok', 'true');
			await expect(card.locator('[data-pc-cline="modelId"]')).toHaveText(
				'bedrock-converse-us-claude-3-5-haiku-v1',
			);
		} finally {
			await proxy.close();
		}
	});

	test('an input edited while the check runs: the finished run shows no verified card', async ({
		page,
	}) => {
		const proxy = await startLiteLLMServer({ scenario: 'ready' });
		try {
			await page.goto(PAGE);
			const check = checkLocator(page, 0);
			await check.getByLabel('Base URL', { exact: true }).fill(proxy.url);
			// hold the cline step's request until the model field was edited
			let release!: () => void;
			const gate = new Promise<void>((resolve) => (release = resolve));
			let held!: () => void;
			const reached = new Promise<void>((resolve) => (held = resolve));
			await page.route(`${proxy.url}/v1/model/info`, async (route) => {
				if (route.request().method() === 'GET') {
					held();
					await gate;
				}
				await route.continue();
			});
			await check.getByRole('button', { name: '確認する', exact: true }).click();
			await reached;
			await check
				.getByLabel('モデル（model_name）', { exact: true })
				.fill('bedrock-converse-us-claude-3-5-haiku-v1');
			release();
			await expect(check).toHaveAttribute('data-state', 'stale');
			await expect(check.locator('[data-check-step="cline"]')).toHaveAttribute('data-status', 'ok');
			await expect(check.locator('[data-pc="cline"]')).toBeHidden();
			await expect(check).not.toHaveAttribute('data-ok', /.*/);
			await expect(check.getByRole('status')).toContainText('入力が変更されました');
		} finally {
			await proxy.close();
		}
	});

	test('implementation page carries the check too', async ({ page }) => {
		const proxy = await startLiteLLMServer({ scenario: 'ready' });
		try {
			await page.goto('workshops/litellm/implementation/');
			const check = checkLocator(page, 0);
			await runCheck(check, { baseUrl: proxy.url });
			await expect(check).toHaveAttribute('data-ok', 'true');
		} finally {
			await proxy.close();
		}
	});
});
