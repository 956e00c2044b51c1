/**
 * Helpers for the `<ProxyCheck>` end-to-end tests (tests/e2e/checks*.spec.ts) and
 * the checks benchmark: fill and run one instance, assert its rows, and watch
 * where the API key travels.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { StepId, StepStatus } from '../../src/lib/checks/types.ts';

/** The `n`-th `<proxy-check>` element on the page (0-based, document order). */
export function checkLocator(page: Page, n: number): Locator {
	return page.locator('proxy-check').nth(n);
}

/**
 * Fills the given fields of one instance, clicks 「確認する」 (or the token button)
 * and waits for the verdict (`data-state="done"`).
 *
 * @param opts.timeout ms to wait for the verdict (default 15000)
 */
export async function runCheck(
	check: Locator,
	opts: {
		baseUrl?: string;
		apiKey?: string;
		model?: string;
		button?: 'run' | 'token';
		timeout?: number;
	},
): Promise<void> {
	if (opts.baseUrl !== undefined)
		await check.getByLabel('Base URL', { exact: true }).fill(opts.baseUrl);
	if (opts.apiKey !== undefined)
		await check.getByLabel('API キー', { exact: true }).fill(opts.apiKey);
	if (opts.model !== undefined)
		await check.getByLabel('モデル（model_name）', { exact: true }).fill(opts.model);
	const name = opts.button === 'token' ? '1 トークンで呼び出しを試す' : '確認する';
	await check.getByRole('button', { name, exact: true }).click();
	await expect(check).toHaveAttribute('data-state', 'done', { timeout: opts.timeout ?? 15_000 });
}

/** Per row: `[data-status, data-code (string or pattern)]`, or 'hidden' for rows not in the run. */
export type RowSpec = Partial<
	Record<StepId | (string & {}), [StepStatus, string | RegExp] | 'hidden'>
>;

/**
 * The four readiness rows of a green run against the replay server's 'ready'
 * scenario (tests/fixtures/litellm: model-info-v1.json says supports_prompt_caching
 * true for the 3-7 model, hence `cline.prompt_caching`).
 */
export const READY_ROWS: RowSpec = {
	proxy: ['ok', 'proxy.ok'],
	key: ['ok', 'key.ok'],
	models: ['ok', 'models.ok'],
	cline: ['ok', 'cline.prompt_caching'],
};

/** Asserts `data-status` and `data-code` (or hidden) of every row named in `rows`. */
export async function expectRows(check: Locator, rows: RowSpec): Promise<void> {
	for (const [id, want] of Object.entries(rows)) {
		const row = check.locator(`[data-check-step="${id}"]`);
		if (want === 'hidden') {
			await expect(row, `row ${id}`).toBeHidden();
			continue;
		}
		const [status, code] = want!;
		await expect(row, `row ${id}`).toBeVisible();
		await expect(row, `row ${id} status`).toHaveAttribute('data-status', status);
		await expect(row, `row ${id} code`).toHaveAttribute('data-code', code);
		await expect(row.locator('[data-pc="status"]'), `row ${id} status text`).not.toBeEmpty();
	}
}

/** Where a secret was seen in the page's outgoing requests. */
export interface KeySightings {
	/** One entry per request that carried the key: its origin and where (url, header name, body). */
	seen: { origin: string; where: string }[];
	/** Requests whose headers were still being read when the list was taken. */
	pending: Promise<unknown>[];
}

/**
 * Records every request of `page` (documents, scripts, fetches, preflights) that
 * carries `key` in its URL, a header or its body. Call before `page.goto`.
 */
export function watchKey(page: Page, key: string): KeySightings {
	const sightings: KeySightings = { seen: [], pending: [] };
	page.on('request', (request) => {
		const origin = new URL(request.url()).origin;
		if (request.url().includes(key)) sightings.seen.push({ origin, where: 'url' });
		if (request.postData()?.includes(key)) sightings.seen.push({ origin, where: 'body' });
		sightings.pending.push(
			request.allHeaders().then(
				(headers) => {
					for (const [name, value] of Object.entries(headers)) {
						if (value.includes(key)) sightings.seen.push({ origin, where: `header ${name}` });
					}
				},
				() => undefined,
			),
		);
	});
	return sightings;
}

/**
 * Asserts the key went nowhere but the proxy: every request that carried it was for
 * `proxyOrigin`, and it is not in the page URL, localStorage or cookies. It may be in
 * sessionStorage (per tab, by design).
 */
export async function expectKeyContained(
	page: Page,
	sightings: KeySightings,
	proxyOrigin: string,
	key: string,
): Promise<void> {
	await Promise.all(sightings.pending);
	const elsewhere = sightings.seen.filter((s) => s.origin !== proxyOrigin);
	expect(elsewhere, 'requests carrying the key to another origin').toEqual([]);
	expect(page.url()).not.toContain(key);
	expect(page.url()).not.toContain(encodeURIComponent(key));
	const local = await page.evaluate(() =>
		Object.entries(localStorage).map(([k, v]) => `${k}=${v}`),
	);
	expect(
		local.filter((e) => e.includes(key)),
		'localStorage entries holding the key',
	).toEqual([]);
	const cookies = await page.context().cookies();
	expect(cookies.filter((c) => c.value.includes(key) || c.name.includes(key))).toEqual([]);
}
