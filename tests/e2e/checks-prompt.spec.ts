/**
 * `<ProxyCheck>` on a published (public https) page whose Chromium shows the
 * local-network-access permission prompt: the participant has not answered yet.
 *
 * This needs a HEADED Chromium (headless has no prompt: it rejects at once, which
 * checks-public.spec.ts covers as `proxy.lna_denied`), so the file starts its own
 * Xvfb. Measured with Debian's Chromium 150 under Xvfb (2 cores):
 * - `navigator.permissions.query({ name: 'loopback-network' })` (and
 *   `'local-network-access'`) is `prompt` before and while the prompt is shown,
 *   `granted` after `context.grantPermissions(['local-network-access'])`, and the
 *   PermissionStatus fires `change` at once.
 * - A fetch to `http://127.0.0.1:<proxy>` stays pending (no request reaches the
 *   server) until its signal aborts it; one without a signal was still pending 20 s
 *   later, also after the grant: a waiting fetch never completes.
 * - After the grant a new fetch goes through at once (5–20 ms), even while an older
 *   one still waits. Exception, not LNA but Chromium's HTTP cache lock: a new GET of
 *   the SAME URL in the default cache mode waits behind the pending one (timed out
 *   after 20 s, no request at the server). The engine sends `cache: 'no-store'`, which
 *   has no such lock, and the component aborts a run before it re-runs.
 *
 * Prompt UI itself cannot be clicked by Playwright; `grantPermissions` changes the
 * site setting, which is what the participant's "Allow" does.
 * See ../shared/browser-local-network.md and tests/support/public-site.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test, expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { MASTER_KEY, startLiteLLMServer, type LiteLLMServer } from '../support/litellm-server.ts';
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
/** Per-request timeout given to the component for the "no answer yet" run (ms). */
const SHORT_TIMEOUT_MS = 1500;
/** Slack above the timeout for the verdict: the engine's permission query (≤ 1000 ms) plus rendering (ms). */
const VERDICT_SLACK_MS = 2500;

interface Xvfb {
	/** The X display, e.g. ':117'. */
	display: string;
	stop(): Promise<void>;
}

/**
 * Starts `Xvfb :<n> -screen 0 1280x800x24 -nolisten tcp` on the first free display
 * number from a per-process start point, and resolves once the server is ready
 * (`-displayfd` writes the display number when it accepts connections). A display
 * taken meanwhile (Xvfb exits: "Server is already active") is skipped.
 *
 * @throws an Error naming ./scripts/setup-machine.sh when Xvfb is not installed, or
 *   when no display could be started in 20 tries or 10 s each.
 */
async function startXvfb(): Promise<Xvfb> {
	const first = 100 + (process.pid % 400);
	let lastStderr = '';
	for (let n = first; n < first + 20; n++) {
		if (existsSync(`/tmp/.X${n}-lock`) || existsSync(`/tmp/.X11-unix/X${n}`)) continue;
		const proc = spawn(
			'Xvfb',
			[`:${n}`, '-screen', '0', '1280x800x24', '-nolisten', 'tcp', '-displayfd', '3'],
			{
				stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
			},
		);
		const ready = await new Promise<boolean>((resolve, reject) => {
			let stderr = '';
			const timer = setTimeout(() => {
				proc.kill();
				reject(new Error(`Xvfb :${n} did not become ready within 10 s. stderr:\n${stderr}`));
			}, 10_000);
			proc.stderr!.on('data', (d) => (stderr += d));
			proc.once('error', (err: NodeJS.ErrnoException) => {
				clearTimeout(timer);
				reject(
					err.code === 'ENOENT'
						? new Error(
								'Xvfb is not installed, and the headed permission-prompt test needs it. Run ./scripts/setup-machine.sh (it installs xvfb).',
							)
						: err,
				);
			});
			proc.once('exit', () => {
				clearTimeout(timer);
				lastStderr = stderr;
				resolve(false); // display taken (or Xvfb failed): try the next number
			});
			(proc.stdio[3] as NodeJS.ReadableStream).on('data', (d) => {
				if (String(d).trim() === String(n)) {
					clearTimeout(timer);
					resolve(true);
				}
			});
		});
		if (ready) return { display: `:${n}`, stop: () => stopProcess(proc) };
	}
	throw new Error(
		`could not start Xvfb on any display from :${first} to :${first + 19}; last stderr:\n${lastStderr}`,
	);
}

function stopProcess(proc: ChildProcess): Promise<void> {
	if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		proc.once('exit', () => resolve());
		proc.kill('SIGTERM');
	});
}

/** The page's loopback-network permission state, as the component reads it. */
function permissionState(page: Page): Promise<string> {
	return page.evaluate(async () => {
		for (const name of ['loopback-network', 'local-network-access']) {
			try {
				return (await navigator.permissions.query({ name } as unknown as PermissionDescriptor))
					.state;
			} catch {
				// unknown name: try the next
			}
		}
		return 'unsupported';
	});
}

/** The ms the engine measured for a finished row (its `data-pc="ms"` text, e.g. "1503 ms"). */
async function rowMs(check: Locator, step: string): Promise<number> {
	const text = await check.locator(`[data-check-step="${step}"] [data-pc="ms"]`).textContent();
	const match = /^(\d+) ms$/.exec(text ?? '');
	if (!match) throw new Error(`row ${step}: no "<n> ms" text, got ${JSON.stringify(text)}`);
	return Number(match[1]);
}

// One Xvfb and one headed browser for the file: run its tests in order in one worker.
test.describe.configure({ mode: 'default' });

test.describe('ProxyCheck on a public https page, headed Chromium, permission prompt unanswered', () => {
	let xvfb: Xvfb | undefined;
	let pub: PublicSite | undefined;
	let proxy: LiteLLMServer;
	let context: BrowserContext;

	test.beforeAll(async () => {
		xvfb = await startXvfb();
		pub = await startPublicSite({ headless: false, display: xvfb.display });
	});
	test.afterAll(async () => {
		await pub?.close();
		await xvfb?.stop();
	});
	test.beforeEach(async () => {
		proxy = await startLiteLLMServer({ scenario: 'ready' });
		context = await pub!.browser.newContext({ ignoreHTTPSErrors: true });
	});
	test.afterEach(async () => {
		await context.close();
		await proxy.close();
	});

	/** Opens the page as a public page (proved via CDP) with the permission still at `prompt`. */
	async function openPublicPage(): Promise<{ page: Page; check: Locator }> {
		const page = await context.newPage();
		expect(
			await documentAddressSpace(page, pub!.url + PAGE),
			'CDP resourceIPAddressSpace of the page',
		).toBe('Public');
		expect(await permissionState(page), 'permission before any request').toBe('prompt');
		return { page, check: checkLocator(page, 0) };
	}

	test('fetch waits on the prompt: proxy.lna_prompt at the timeout, nothing reaches the proxy; granting re-runs to all ok', async () => {
		const { page, check } = await openPublicPage();
		const leaks = watchKey(page, MASTER_KEY);
		await check.evaluate(
			(el: HTMLElement, ms) => (el.dataset.timeoutMs = String(ms)),
			SHORT_TIMEOUT_MS,
		);

		// No hang: the verdict must come at about the per-request timeout.
		await runCheck(check, {
			baseUrl: proxy.url,
			apiKey: MASTER_KEY,
			timeout: SHORT_TIMEOUT_MS + VERDICT_SLACK_MS,
		});
		await expect(check).toHaveAttribute('data-ok', 'false');
		await expectRows(check, {
			proxy: ['fail', 'proxy.lna_prompt'],
			key: ['skipped', 'key.skipped'],
			models: ['skipped', 'models.skipped'],
			cline: ['skipped', 'cline.skipped'],
		});
		// It waited for the timeout (headless rejects within ms instead) and no longer.
		const ms = await rowMs(check, 'proxy');
		expect(ms, 'proxy row ms: pending until the timeout').toBeGreaterThanOrEqual(SHORT_TIMEOUT_MS);
		expect(ms, 'proxy row ms: verdict right after the timeout').toBeLessThan(
			SHORT_TIMEOUT_MS + VERDICT_SLACK_MS,
		);
		// The fix asks for "Allow" in the prompt and offers the terminal check.
		const fix = check.locator('[data-check-step="proxy"] [data-pc="fix"]');
		await expect(fix).toContainText('許可');
		await expect(fix).toContainText('ターミナル');
		expect(await permissionState(page), 'prompt still unanswered (not denied as in headless)').toBe(
			'prompt',
		);
		expect(proxy.requests, 'requests at the replay server while the prompt is up').toHaveLength(0);

		// The participant allows: no click on 確認する, the `change` event starts a new run.
		await context.grantPermissions(['local-network-access']);
		await expect(check).toHaveAttribute('data-ok', 'true', { timeout: 10_000 });
		await expectRows(check, READY_ROWS);
		await expect(check.locator('[data-pc="cline"]')).toBeVisible();
		const liveliness = proxy.requests.filter((r) => r.path === '/health/liveliness');
		expect(liveliness, 'liveliness requests: only the re-run’s new one').toHaveLength(1);
		await expectKeyContained(page, leaks, proxy.origin, MASTER_KEY);
	});

	test('granted while the check still waits on the prompt: the run is replaced by a re-run that goes ok', async () => {
		const { check } = await openPublicPage();
		// A long timeout: the run must not end by timing out before the grant.
		const longTimeoutMs = 30_000;
		await check.evaluate(
			(el: HTMLElement, ms) => (el.dataset.timeoutMs = String(ms)),
			longTimeoutMs,
		);
		await check.getByLabel('Base URL', { exact: true }).fill(proxy.url);
		await check.getByLabel('API キー', { exact: true }).fill(MASTER_KEY);
		await check.getByRole('button', { name: '確認する', exact: true }).click();
		const proxyRow = check.locator('[data-check-step="proxy"]');
		await expect(proxyRow).toHaveAttribute('data-status', 'running');
		await expect(check).toHaveAttribute('data-state', 'running');
		expect(proxy.requests, 'requests at the replay server while the fetch waits').toHaveLength(0);

		await context.grantPermissions(['local-network-access']);
		// Well before longTimeoutMs: the waiting fetch never completes, so only the
		// re-run started by `change` (with new fetches) can end this run.
		await expect(check).toHaveAttribute('data-ok', 'true', { timeout: 10_000 });
		await expectRows(check, READY_ROWS);
		expect(proxy.requests.filter((r) => r.path === '/health/liveliness')).toHaveLength(1);
	});
});
