/**
 * `<ProxyCheck>` on a page Chromium treats as a public https site — the situation of
 * every participant once the site is published — calling the proxy on loopback.
 * See ../shared/browser-local-network.md and tests/support/public-site.ts.
 *
 * - granted (`permissions: ['local-network-access']`): every row ok;
 * - not granted (headless rejects at once): the Local Network Access diagnosis on
 *   the proxy row, a verdict without waiting for any timeout, and not one request
 *   reaches the proxy;
 * - permission granted afterwards: the component re-runs by itself on the
 *   PermissionStatus `change` event.
 *
 * Each test first proves that the page really is in the public address space
 * (CDP `resourceIPAddressSpace`), since a malformed override flag is ignored silently.
 */
import { test as base, expect, type BrowserContext } from '@playwright/test';
import { workshop } from '../../workshop.config.ts';
import { startLiteLLMServer, type LiteLLMServer } from '../support/litellm-server.ts';
import { startPublicSite, documentAddressSpace, type PublicSite } from '../support/public-site.ts';
import {
	checkLocator,
	expectKeyContained,
	expectRows,
	READY_ROWS,
	runCheck,
	watchKey,
} from '../support/proxy-check.ts';

const PAGE = 'workshops/litellm/';

const test = base.extend<{}, { pub: PublicSite }>({
	pub: [
		async ({}, use) => {
			const pub = await startPublicSite();
			await use(pub);
			await pub.close();
		},
		{ scope: 'worker' },
	],
});

async function newContext(pub: PublicSite, granted: boolean): Promise<BrowserContext> {
	return pub.browser.newContext({
		ignoreHTTPSErrors: true,
		...(granted ? { permissions: ['local-network-access'] } : {}),
	});
}

test.describe('ProxyCheck on a public https page', () => {
	let proxy: LiteLLMServer;
	test.beforeEach(async () => {
		proxy = await startLiteLLMServer({ scenario: 'ready' });
	});
	test.afterEach(async () => {
		await proxy.close();
	});

	test('permission granted: every row ok', async ({ pub }) => {
		const context = await newContext(pub, true);
		try {
			const page = await context.newPage();
			const leaks = watchKey(page, workshop.defaultApiKey);
			expect(await documentAddressSpace(page, pub.url + PAGE)).toBe('Public');
			const check = checkLocator(page, 0);
			await runCheck(check, { baseUrl: proxy.url });
			await expect(check).toHaveAttribute('data-ok', 'true');
			await expectRows(check, READY_ROWS);
			await expect(check.locator('[data-pc="cline"]')).toBeVisible();
			await expectKeyContained(page, leaks, proxy.origin, workshop.defaultApiKey);
		} finally {
			await context.close();
		}
	});

	test('permission not granted: LNA diagnosis at once, nothing reaches the proxy', async ({
		pub,
	}) => {
		const context = await newContext(pub, false);
		try {
			const page = await context.newPage();
			const leaks = watchKey(page, workshop.defaultApiKey);
			expect(await documentAddressSpace(page, pub.url + PAGE)).toBe('Public');
			const check = checkLocator(page, 0);
			// No hang: the verdict must come well before the per-request timeout.
			await runCheck(check, { baseUrl: proxy.url, timeout: workshop.timeoutMs - 1000 });
			await expect(check).toHaveAttribute('data-ok', 'false');
			await expectRows(check, {
				proxy: ['fail', 'proxy.lna_denied'],
				key: ['skipped', 'key.skipped'],
				models: ['skipped', 'models.skipped'],
				cline: ['skipped', 'cline.skipped'],
			});
			// the fix explains the browser setting and offers the terminal check
			await expect(check.locator('[data-check-step="proxy"] [data-pc="fix"]')).toContainText(
				'ターミナル',
			);
			await expect(check.getByRole('status')).toContainText('localhost');
			expect(proxy.requests).toHaveLength(0);
			await expectKeyContained(page, leaks, proxy.origin, workshop.defaultApiKey);
		} finally {
			await context.close();
		}
	});

	test('permission granted after a blocked run: the check re-runs by itself', async ({ pub }) => {
		const context = await newContext(pub, false);
		try {
			const page = await context.newPage();
			expect(await documentAddressSpace(page, pub.url + PAGE)).toBe('Public');
			const check = checkLocator(page, 0);
			await runCheck(check, { baseUrl: proxy.url });
			await expect(check.locator('[data-check-step="proxy"]')).toHaveAttribute(
				'data-code',
				'proxy.lna_denied',
			);
			await context.grantPermissions(['local-network-access']);
			// no click: the PermissionStatus `change` event starts a new run
			await expect(check).toHaveAttribute('data-ok', 'true', { timeout: 10_000 });
			await expectRows(check, READY_ROWS);
		} finally {
			await context.close();
		}
	});
});
