/**
 * `npm run bench -- checks` (after a build): how fast the live check in the browser
 * reaches its verdict, compared with the bare HTTP requests it makes.
 *
 * 1. Ready scenario: the built /workshops/litellm/ page is served on one loopback
 *    port, the LiteLLM replay server (tests/support/litellm-server.ts, scenario
 *    'ready') on another, so every request is cross-origin as in the workshop.
 *    In the page: time from the click on 「確認する」 to the verdict (the element's
 *    `data-state` turning `done`), measured with `performance.now()` in the page.
 *    Then the same requests the runner made (method, path, headers, body, as the
 *    replay server logged them) are sent directly with `fetch` from the same page,
 *    all at once as the runner sends them (none waits for another's answer), and
 *    timed the same way. Both are repeated (warm-up
 *    first; the figure is the median) and their ratio printed. Goal: ≤ 1.2.
 * 2. Port forward: the same through a loopback relay (scripts/bench/relay.ts) that
 *    delays every chunk 50 ms each way; click → verdict against the minimal chain
 *    and the old sequential order. Goal: ≤ 1.3 × the minimal chain.
 *    - Minimal chain: the dependent round trips of the check, and no more. The runner
 *      starts proxy, key, models and cline together; none of their requests needs
 *      another's answer (`/health/readiness` rides with the liveliness request, the
 *      models row reads the key row's list), so the chain is one round trip: every
 *      request the runner made, sent at once (each with its CORS preflight before it,
 *      as the browser does for any request with an auth header).
 *    - Old sequential order: the engine before the runner, one step after the other:
 *      `/health/liveliness`, then `/v1/models`, then `/v1/model/info` (it sent no
 *      `/health/readiness`), each waiting for the previous answer.
 * 3. Closed port: the Base URL points at a port nobody listens on; time from click
 *    to verdict. Goal: < 1000 ms.
 *
 * Prints figures only; no pass/fail (benchmarks never gate tests).
 * Uses the build in dist/ (or `SITE_DIST`, e.g. test-dist after `npm run test:build`)
 * with whatever Astro `base` it was built with (read from the built page).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright';
import { chromiumArgs, chromiumPath } from '../../src/lib/browser.ts';

const PAGE = 'workshops/litellm/';
/** Measured runs per figure (after one warm-up run); medians are printed. */
const RUNS = 51;
/** Delay of the port-forward relay, each way (ms), and its measured runs. */
const RELAY_DELAY_MS = 50;
const RELAY_RUNS = 11;

/** The Astro `base` dist/ was built with, read from the built page's asset URLs. */
function builtBase(distPage: string): string {
	const html = readFileSync(distPage, 'utf8');
	const m = /(?:href|src)="([^"]*?)_astro\//.exec(html);
	return m ? m[1] : '/';
}

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.floor(s.length / 2)];
}

/**
 * Clicks 「確認する」 on the first `<proxy-check>`; resolves with the ms until the
 * verdict is in the DOM (`data-state="done"`) and until the frame after it (next
 * `requestAnimationFrame`, then a task: roughly when the verdict is painted).
 */
async function clickToVerdict(
	page: Page,
	baseUrl: string,
): Promise<{ ms: number; paintedMs: number; ok: string | undefined }> {
	return page.evaluate(async (url) => {
		const el = document.querySelector<HTMLElement>('proxy-check')!;
		const input = el.querySelector<HTMLInputElement>('[data-pc-input="baseUrl"]')!;
		input.value = url;
		const button = el.querySelector<HTMLButtonElement>('[data-pc-action="run"]')!;
		const done = new Promise<void>((resolve) => {
			const obs = new MutationObserver(() => {
				if (el.dataset.state === 'done') {
					obs.disconnect();
					resolve();
				}
			});
			obs.observe(el, { attributes: true, attributeFilter: ['data-state'] });
		});
		const t0 = performance.now();
		button.click();
		await done;
		const ms = performance.now() - t0;
		await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
		return { ms, paintedMs: performance.now() - t0, ok: el.dataset.ok };
	}, baseUrl);
}

interface LoggedRequest {
	method: string;
	path: string;
	headers: Record<string, string>;
	body?: string;
}

/**
 * Sends `requests` to `origin` all at once with plain fetch (the minimal chain when
 * none depends on another: one round trip plus its preflight); ms until the last answer.
 */
async function parallelRequests(
	page: Page,
	origin: string,
	requests: LoggedRequest[],
): Promise<number> {
	return page.evaluate(
		async ({ origin, requests }) => {
			const t0 = performance.now();
			await Promise.all(
				requests.map(async (r) => {
					const res = await fetch(origin + r.path, {
						method: r.method,
						headers: r.headers,
						body: r.body,
						redirect: 'manual',
						credentials: 'omit',
						cache: 'no-store',
					});
					await res.text();
				}),
			);
			return performance.now() - t0;
		},
		{ origin, requests },
	);
}

/** Sends `requests` to `origin` one after the other with plain fetch; ms for all. */
async function rawRequests(page: Page, origin: string, requests: LoggedRequest[]): Promise<number> {
	return page.evaluate(
		async ({ origin, requests }) => {
			const t0 = performance.now();
			for (const r of requests) {
				// The same fetch options as the engine's `send` (src/lib/checks/http.ts), so
				// both sides make byte-identical requests and hit the same preflight cache.
				const res = await fetch(origin + r.path, {
					method: r.method,
					headers: r.headers,
					body: r.body,
					redirect: 'manual',
					credentials: 'omit',
					cache: 'no-store',
				});
				await res.text();
			}
			return performance.now() - t0;
		},
		{ origin, requests },
	);
}

export async function benchChecks(): Promise<void> {
	const distRoot = process.env.SITE_DIST
		? pathToFileURL(`${resolve(process.env.SITE_DIST)}/`)
		: new URL('../../dist/', import.meta.url);
	const distPage = new URL(`${PAGE}index.html`, distRoot);
	if (!existsSync(distPage)) {
		console.log(
			`checks: ${distRoot.pathname} has no built /workshops/litellm/ page; run \`npm run build\` first.`,
		);
		return;
	}
	process.env.BASE_PATH = builtBase(distPage.pathname);
	const { startSiteServer } = await import('../../tests/support/site-server.ts');
	const { startLiteLLMServer, closedPortUrl } =
		await import('../../tests/support/litellm-server.ts');

	const site = await startSiteServer();
	const proxy = await startLiteLLMServer({ scenario: 'ready' });
	const browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs] });
	try {
		const page = await browser.newPage();
		await page.goto(site.url + PAGE);

		// 1. ready: component vs raw requests
		const componentMs: number[] = [];
		const paintedMs: number[] = [];
		const rawMs: number[] = [];
		let logged: LoggedRequest[] = [];
		for (let i = 0; i <= RUNS; i++) {
			const before = proxy.requests.length;
			const { ms, paintedMs: painted, ok } = await clickToVerdict(page, proxy.url);
			if (ok !== 'true')
				throw new Error(`ready scenario did not pass in the browser (data-ok=${ok})`);
			// The browser sends CORS preflights (OPTIONS) by itself; replay only the real requests.
			logged = proxy.requests
				.slice(before)
				.map(toLogged)
				.filter((q) => q.method !== 'OPTIONS');
			const raw = await parallelRequests(page, proxy.origin, logged);
			if (i === 0) continue; // warm-up
			componentMs.push(ms);
			paintedMs.push(painted);
			rawMs.push(raw);
		}
		const c = median(componentMs);
		const r = median(rawMs);
		console.log(`checks: ready scenario, ${RUNS} runs (median), ${logged.length} requests per run`);
		console.log(`  requests: ${logged.map((q) => `${q.method} ${q.path}`).join(', ')}`);
		console.log(`  click → verdict      ${c.toFixed(1)} ms`);
		console.log(`  raw requests (fetch, all at once) ${r.toFixed(1)} ms`);
		console.log(`  ratio                ${(c / r).toFixed(2)}  (goal ≤ 1.2)`);
		console.log(
			`  click → verdict painted ${median(paintedMs).toFixed(1)} ms (ratio ${(median(paintedMs) / r).toFixed(2)}; adds the wait for the next frame, up to 16.7 ms at 60 Hz, and its rendering)`,
		);

		// 2. through a relay delaying every chunk 50 ms each way (an SSM port forward to a
		// far region). Minimal chain: the runner's requests all at once (none depends on
		// another's answer: one round trip plus its preflight). Old order: the engine
		// before the runner, liveliness → models → model info, one after the other.
		const { startRelay } = await import('./relay.ts');
		const relay = await startRelay({ host: proxy.host, port: proxy.port }, RELAY_DELAY_MS);
		try {
			const viaMs: number[] = [];
			const chainMs: number[] = [];
			const seqMs: number[] = [];
			let sent: LoggedRequest[] = [];
			for (let i = 0; i <= RELAY_RUNS; i++) {
				const before = proxy.requests.length;
				const { ms, ok } = await clickToVerdict(page, relay.url);
				if (ok !== 'true') throw new Error(`ready scenario through the relay: data-ok=${ok}`);
				const reqs = proxy.requests
					.slice(before)
					.map(toLogged)
					.filter((q) => q.method !== 'OPTIONS');
				sent = reqs;
				const chain = await parallelRequests(page, relay.url, reqs);
				const seq = await rawRequests(
					page,
					relay.url,
					OLD_ORDER.map((path) => pick(reqs, path)),
				);
				if (i === 0) continue;
				viaMs.push(ms);
				chainMs.push(chain);
				seqMs.push(seq);
			}
			const v = median(viaMs);
			const m = median(chainMs);
			console.log(
				`checks: through a relay delaying every chunk ${RELAY_DELAY_MS} ms each way, ${RELAY_RUNS} runs (median)`,
			);
			console.log(`  click → verdict          ${v.toFixed(1)} ms`);
			console.log(
				`  requests: ${sent.map((q) => `${q.method} ${q.path}`).join(', ')} (one dependent round trip, each after its preflight)`,
			);
			console.log(`  minimal chain (all at once) ${m.toFixed(1)} ms`);
			console.log(
				`  old sequential order        ${median(seqMs).toFixed(1)} ms  (${OLD_ORDER.join(' → ')})`,
			);
			console.log(`  ratio to minimal chain   ${(v / m).toFixed(2)}  (goal ≤ 1.3)`);
		} finally {
			await relay.close();
		}

		// 3. closed port
		const closed = await closedPortUrl();
		const closedMs: number[] = [];
		for (let i = 0; i <= RUNS; i++) {
			const { ms } = await clickToVerdict(page, closed);
			if (i > 0) closedMs.push(ms);
		}
		console.log(`checks: closed port, ${RUNS} runs`);
		console.log(
			`  click → verdict      ${median(closedMs).toFixed(1)} ms median, ${Math.max(...closedMs).toFixed(1)} ms max  (goal < 1000 ms)`,
		);
	} finally {
		await browser.close();
		await proxy.close();
		await site.close();
	}
}

/** The requests of the engine before the runner, in its order, each after the previous answer. */
const OLD_ORDER = ['/health/liveliness', '/v1/models', '/v1/model/info'] as const;

/** The logged request for `path`. @throws Error when the runner made none */
function pick(reqs: LoggedRequest[], path: string): LoggedRequest {
	const r = reqs.find((q) => q.path === path);
	if (!r) throw new Error(`the check sent no ${path}`);
	return r;
}

/** Converts one replay-server log entry to a request `fetch` can repeat. */
function toLogged(req: unknown): LoggedRequest {
	const r = req as {
		method: string;
		path?: string;
		url?: string;
		headers: Record<string, string | string[] | undefined>;
		body?: string | null;
	};
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(r.headers ?? {})) {
		// Only the headers a page may set; the browser adds the rest itself.
		if (
			['accept', 'authorization', 'content-type', 'x-litellm-api-key'].includes(
				name.toLowerCase(),
			) &&
			typeof value === 'string'
		) {
			headers[name] = value;
		}
	}
	return {
		method: r.method,
		path: r.path ?? r.url ?? '/',
		headers,
		body: r.body ? r.body : undefined,
	};
}
