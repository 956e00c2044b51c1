/**
 * `<ServiceCheck>` for the MLflow and Langfuse workshops and the readiness panel, in the
 * built site served on one loopback port (another origin than the replay servers),
 * and from a public https page (permission granted). Scenarios per service: ready,
 * nothing listening, timeout, not that service, wrong key (MLflow), CORS-blocked.
 * Kept lean: one page load per scenario.
 */
import type { Locator, Page } from '@playwright/test';
import { workshop } from '../../workshop.config.ts';
import { VERDICT_EVENT } from '../../src/lib/checks/verdict.ts';
import { test, expect } from '../support/fixtures.ts';
import { startLangfuseServer, type LangfuseServer } from '../support/langfuse-server.ts';
import { closedPortUrl, startLiteLLMServer, type Scenario } from '../support/litellm-server.ts';
import { startPublicSite, documentAddressSpace } from '../support/public-site.ts';
import { expectKeyContained, expectRows, runCheck, watchKey } from '../support/proxy-check.ts';

const service = (page: Page, id: string): Locator =>
	page.locator(`proxy-check[data-service="${id}"]`);

/** Records the verdict events of the page. */
async function watchVerdicts(page: Page): Promise<() => Promise<unknown[]>> {
	await page.addInitScript((name) => {
		(window as unknown as { verdicts: unknown[] }).verdicts = [];
		document.addEventListener(name, (e) =>
			(window as unknown as { verdicts: unknown[] }).verdicts.push((e as CustomEvent).detail),
		);
	}, VERDICT_EVENT);
	return () => page.evaluate(() => (window as unknown as { verdicts: unknown[] }).verdicts);
}

async function withLiteLLM<T>(scenario: Scenario, fn: (url: string) => Promise<T>): Promise<T> {
	const s = await startLiteLLMServer({ scenario });
	try {
		return await fn(s.url);
	} finally {
		await s.close();
	}
}

test.describe('MLflow page: its own LiteLLM Proxy', () => {
	const cases: {
		name: string;
		scenario: Scenario | 'closed';
		key?: string;
		rows: Parameters<typeof expectRows>[1];
	}[] = [
		{
			name: 'ready',
			scenario: 'mlflow',
			rows: {
				proxy: ['ok', 'proxy.ok'],
				key: ['ok', 'key.ok'],
				models: ['ok', 'models.ok'],
				cline: ['ok', 'cline.prompt_caching'],
			},
		},
		{
			name: "not that service (2.litellm's proxy)",
			scenario: 'workshop',
			rows: { models: ['fail', 'models.other_workshop'], cline: ['skipped', 'cline.skipped'] },
		},
		{
			name: 'wrong key',
			scenario: 'mlflow',
			key: 'sk-wrong',
			rows: { key: ['fail', 'key.rejected_no_db'] },
		},
		{
			name: 'nothing listening',
			scenario: 'closed',
			rows: { proxy: ['fail', 'proxy.unreachable'], key: ['skipped', 'key.skipped'] },
		},
		{
			name: 'CORS-blocked (another app without CORS headers)',
			scenario: 'html',
			rows: { proxy: ['fail', 'proxy.cors_blocked'] },
		},
	];
	for (const c of cases) {
		test(c.name, async ({ page }) => {
			const verdicts = await watchVerdicts(page);
			const leaks = watchKey(page, workshop.defaultApiKey);
			const run = async (url: string) => {
				await page.goto('workshops/mlflow/');
				const check = service(page, 'mlflow');
				await expect(check.getByLabel('Base URL', { exact: true })).toHaveValue(
					workshop.mlflow.proxyBaseUrl,
				);
				await runCheck(check, { baseUrl: url, ...(c.key ? { apiKey: c.key } : {}) });
				await expectRows(check, c.rows);
				const [v] = (await verdicts()) as {
					service: string;
					ok: boolean;
					code: string | null;
					version?: string;
				}[];
				expect(v.service).toBe('mlflow');
				expect(v.ok).toBe(c.name === 'ready');
				if (c.name === 'ready') expect(v.version).toBe('1.81.0');
				expect(JSON.stringify(v)).not.toContain(workshop.defaultApiKey);
				if (c.scenario === 'closed')
					await expect(check.locator('[data-check-step="proxy"]')).toContainText(
						'"portNumber":["4001"]',
					);
				if (c.name.startsWith('not that'))
					await expect(check.locator('[data-check-step="models"]')).toContainText(
						workshop.mlflow.proxyBaseUrl,
					);
				await expectKeyContained(page, leaks, new URL(url).origin, workshop.defaultApiKey);
			};
			if (c.scenario === 'closed') await run(await closedPortUrl());
			else await withLiteLLM(c.scenario, run);
		});
	}

	test('timeout', async ({ page }) => {
		await withLiteLLM('slow', async (url) => {
			await page.goto('workshops/mlflow/');
			const check = service(page, 'mlflow');
			await runCheck(check, { baseUrl: url, timeout: 20_000 });
			await expectRows(check, { proxy: ['fail', 'proxy.timeout'] });
		});
	});
});

test.describe('Langfuse page: web health and LiteLLM callbacks', () => {
	let web: LangfuseServer;
	let webNoCors: LangfuseServer;
	test.beforeAll(async () => {
		web = await startLangfuseServer('ready');
		webNoCors = await startLangfuseServer('ready-no-cors');
	});
	test.afterAll(async () => {
		await web.close();
		await webNoCors.close();
	});

	async function runLangfuse(page: Page, proxyUrl: string, webUrl: string): Promise<Locator> {
		await page.goto('workshops/langfuse/');
		const check = service(page, 'langfuse');
		await expect(check.getByLabel('API キー')).toHaveCount(0);
		await check.getByLabel('Langfuse の URL', { exact: true }).fill(webUrl);
		await runCheck(check, { baseUrl: proxyUrl, timeout: 20_000 });
		return check;
	}

	test('ready', async ({ page }) => {
		await withLiteLLM('langfuse', async (url) => {
			const check = await runLangfuse(page, url, web.url);
			await expectRows(check, {
				web: ['ok', 'web.ok'],
				proxy: ['ok', 'proxy.ok'],
				callbacks: ['ok', 'callbacks.ok'],
			});
			await expect(check).toHaveAttribute('data-ok', 'true');
		});
	});

	test('update-config not run: callbacks.missing names the command', async ({ page }) => {
		await withLiteLLM('workshop', async (url) => {
			const check = await runLangfuse(page, url, web.url);
			await expectRows(check, { callbacks: ['fail', 'callbacks.missing'] });
			await expect(check.locator('[data-check-step="callbacks"]')).toContainText(
				'./manage-langfuse.sh update-config',
			);
		});
	});

	test('web: nothing listening, with the 3000 forward', async ({ page }) => {
		await withLiteLLM('langfuse', async (url) => {
			const check = await runLangfuse(page, url, await closedPortUrl());
			await expectRows(check, {
				web: ['fail', 'web.unreachable'],
				proxy: ['skipped', 'proxy.skipped'],
			});
			await expect(check.locator('[data-check-step="web"]')).toContainText('"portNumber":["3000"]');
		});
	});

	test('web: CORS-blocked, said honestly', async ({ page }) => {
		await withLiteLLM('langfuse', async (url) => {
			const check = await runLangfuse(page, url, webNoCors.url);
			await expectRows(check, { web: ['fail', 'web.cors_blocked'] });
			await expect(check.locator('[data-check-step="web"]')).toContainText('確かめられません');
		});
	});

	test('not that service: LiteLLM where Langfuse should be', async ({ page }) => {
		await withLiteLLM('langfuse', async (url) => {
			const check = await runLangfuse(page, url, url);
			await expectRows(check, { web: ['fail', 'web.not_langfuse'] });
		});
	});

	test('timeout of the LiteLLM Proxy', async ({ page }) => {
		await withLiteLLM('slow', async (url) => {
			const check = await runLangfuse(page, url, web.url);
			await expectRows(check, { web: ['ok', 'web.ok'], proxy: ['fail', 'proxy.timeout'] });
		});
	});
});

test('readiness panel: one row per service linking to its page; every row gets a verdict', async ({
	page,
}) => {
	await page.goto('workshops/');
	const panel = page.locator('readiness-panel');
	const rows = panel.locator('tbody tr');
	await expect(rows).toHaveCount(5);
	for (const [id, href] of [
		['litellm', 'workshops/litellm/'],
		['mlflow', 'workshops/mlflow/'],
		['langfuse', 'workshops/langfuse/'],
	]) {
		await expect(panel.locator(`tr[data-service="${id}"] a`)).toHaveAttribute(
			'href',
			new RegExp(`/${href}$`),
		);
	}
	await panel.getByRole('button', { name: 'すべて確認する' }).click();
	await expect(panel).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
	for (const row of await rows.all())
		await expect(row).toHaveAttribute('data-status', /^(ok|warn|fail)$/);
});

test.describe('from a public https page (permission granted)', () => {
	test('MLflow and Langfuse ready', async () => {
		const pub = await startPublicSite();
		const [mlflow, lf, web] = [
			await startLiteLLMServer({ scenario: 'mlflow' }),
			await startLiteLLMServer({ scenario: 'langfuse' }),
			await startLangfuseServer('ready'),
		];
		const context = await pub.browser.newContext({
			ignoreHTTPSErrors: true,
			permissions: ['local-network-access'],
		});
		try {
			const page = await context.newPage();
			expect(await documentAddressSpace(page, `${pub.url}workshops/mlflow/`)).toBe('Public');
			const m = service(page, 'mlflow');
			await runCheck(m, { baseUrl: mlflow.url });
			await expect(m).toHaveAttribute('data-ok', 'true');
			await page.goto(`${pub.url}workshops/langfuse/`);
			const l = service(page, 'langfuse');
			await l.getByLabel('Langfuse の URL', { exact: true }).fill(web.url);
			await runCheck(l, { baseUrl: lf.url });
			await expectRows(l, {
				web: ['ok', 'web.ok'],
				proxy: ['ok', 'proxy.ok'],
				callbacks: ['ok', 'callbacks.ok'],
			});
		} finally {
			await context.close();
			await Promise.all([mlflow.close(), lf.close(), web.close(), pub.close()]);
		}
	});
});
