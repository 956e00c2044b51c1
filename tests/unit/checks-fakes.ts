/**
 * Test helpers that stand in for a browser's `fetch` in node:test, on top of undici's
 * real fetch to the replay server (so the HTTP exchanges stay real):
 *
 * - `browserLikeFetch(pageOrigin)` applies the CORS protocol as a browser does: adds
 *   `Origin`, sends a preflight for non-safelisted headers, and turns a response without
 *   a matching `access-control-allow-origin` — and any network failure — into a bare
 *   `TypeError('Failed to fetch')` with no cause, which is all a page gets. A
 *   `mode: 'no-cors'` request resolves when anything answers (a real browser gives an
 *   opaque response, status 0; a Response cannot be built with status 0, so this one
 *   is an empty 200 — the engine only looks at whether it resolves). Under
 *   `redirect: 'manual'` a redirect answer becomes an opaque-redirect stand-in, and
 *   preflights never follow redirects, as in a browser; with 'follow' (undici's
 *   default) redirects are followed, dropping `Authorization` across origins but not
 *   custom headers, as browsers and undici do.
 * - `blockedFetch(noCors)` models a browser whose every CORS request fails at once
 *   (Local Network Access block, or nothing listening), with the no-cors outcome chosen.
 * - `pendingFetch()` never settles unless its signal aborts (a fetch waiting on the
 *   browser's permission prompt); `deafFetch()` ignores its signal altogether.
 */
import { fetch as undiciFetch } from 'undici';
import { runService } from '../../src/lib/checks/runner/run.ts';
import { serviceById } from '../../src/lib/checks/services/index.ts';
import type { RunOptions } from '../../src/lib/checks/types.ts';
import { MASTER_KEY } from '../support/litellm-server.ts';

type Fetch = typeof globalThis.fetch;

const SAFELISTED = new Set(['accept', 'accept-language', 'content-language']);

function failedToFetch(): TypeError {
	return new TypeError('Failed to fetch');
}

/**
 * What a browser gives for a redirect under `redirect: 'manual'`: an opaque-redirect
 * response (type 'opaqueredirect', status 0, no headers, no body). A Response cannot
 * be built with status 0, so this is a stand-in with the fields the engine reads.
 */
function opaqueRedirect(url: string): Response {
	return {
		type: 'opaqueredirect',
		status: 0,
		ok: false,
		url,
		headers: new Headers(),
		body: null,
	} as unknown as Response;
}

const isRedirect = (status: number) => [301, 302, 303, 307, 308].includes(status);

/** A record of what the page asked for: url, mode and (lower-cased) header names. */
export interface FetchCall {
	url: string;
	mode: string;
	method: string;
	headers: Record<string, string>;
}

export function browserLikeFetch(pageOrigin: string, calls: FetchCall[] = []): Fetch {
	return (async (input: RequestInfo | URL, init: RequestInit = {}) => {
		const url = String(input);
		const method = (init.method ?? 'GET').toUpperCase();
		const mode = init.mode ?? 'cors';
		const headers = new Headers(init.headers);
		calls.push({ url, mode, method, headers: Object.fromEntries(headers) });
		if (mode === 'no-cors') {
			// Chromium: "Request mode is "no-cors" but the redirect mode is not "follow""
			if ((init.redirect ?? 'follow') !== 'follow') throw failedToFetch();
			try {
				const res = await undiciFetch(url, {
					method: 'GET',
					headers: { origin: pageOrigin },
					redirect: init.redirect ?? 'follow',
					signal: init.signal ?? null,
				});
				await res.arrayBuffer();
				if (init.redirect === 'manual' && isRedirect(res.status)) return opaqueRedirect(url);
			} catch (err) {
				if ((err as Error).name === 'AbortError' || (err as Error).name === 'TimeoutError')
					throw err;
				throw failedToFetch();
			}
			return new Response(null, { status: 200 });
		}
		const contentType = headers.get('content-type');
		const unsafe = [...headers.keys()].filter(
			(h) =>
				!SAFELISTED.has(h) &&
				!(
					h === 'content-type' &&
					/^(text\/plain|application\/x-www-form-urlencoded|multipart\/form-data)/.test(
						contentType ?? '',
					)
				),
		);
		try {
			if (unsafe.length > 0 || !['GET', 'HEAD', 'POST'].includes(method)) {
				const pre = await undiciFetch(url, {
					method: 'OPTIONS',
					headers: {
						origin: pageOrigin,
						'access-control-request-method': method,
						...(unsafe.length ? { 'access-control-request-headers': unsafe.sort().join(',') } : {}),
					},
					// a browser never follows a redirect of a preflight: it fails
					redirect: 'manual',
					signal: init.signal ?? null,
				});
				await pre.arrayBuffer();
				const allowOrigin = pre.headers.get('access-control-allow-origin');
				if (!pre.ok || (allowOrigin !== '*' && allowOrigin !== pageOrigin)) throw failedToFetch();
			}
			headers.set('origin', pageOrigin);
			const res = await undiciFetch(url, {
				method,
				headers,
				body: init.body as string | undefined,
				redirect: init.redirect ?? 'follow',
				signal: init.signal ?? null,
			});
			const allowOrigin = res.headers.get('access-control-allow-origin');
			if (allowOrigin !== '*' && allowOrigin !== pageOrigin) {
				await res.arrayBuffer();
				throw failedToFetch();
			}
			if (init.redirect === 'manual' && isRedirect(res.status)) {
				await res.arrayBuffer();
				return opaqueRedirect(url);
			}
			return res as unknown as Response;
		} catch (err) {
			if ((err as Error).name === 'AbortError' || (err as Error).name === 'TimeoutError') throw err;
			throw failedToFetch();
		}
	}) as Fetch;
}

export function blockedFetch(noCors: 'answers' | 'fails', calls: FetchCall[] = []): Fetch {
	return (async (input: RequestInfo | URL, init: RequestInit = {}) => {
		calls.push({
			url: String(input),
			mode: init.mode ?? 'cors',
			method: init.method ?? 'GET',
			headers: Object.fromEntries(new Headers(init.headers)),
		});
		if (init.mode === 'no-cors' && noCors === 'answers') return new Response(null, { status: 200 });
		throw failedToFetch();
	}) as Fetch;
}

export function pendingFetch(calls: FetchCall[] = []): Fetch {
	return ((input: RequestInfo | URL, init: RequestInit = {}) => {
		calls.push({
			url: String(input),
			mode: init.mode ?? 'cors',
			method: init.method ?? 'GET',
			headers: Object.fromEntries(new Headers(init.headers)),
		});
		return new Promise<Response>((_, reject) => {
			const signal = init.signal;
			if (signal?.aborted) reject(signal.reason);
			signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
		});
	}) as Fetch;
}

export function deafFetch(): Fetch {
	return (() => new Promise<Response>(() => {})) as Fetch;
}

/**
 * Runs one catalogue service as the CLI does (undici's fetch, the master key, the
 * service's default model, a 1500 ms per-request timeout); `opts` overrides any of them.
 *
 * @param id the catalogue id, e.g. 'litellm', 'mlflow', 'langfuse'
 * @throws when `id` is not in the catalogue
 */
export function checkService(id: string, opts: Partial<RunOptions> & { baseUrl: string }) {
	return runService(serviceById(id), {
		apiKey: MASTER_KEY,
		model: serviceById(id).defaultModel ?? '',
		fetch: undiciFetch as unknown as Fetch,
		timeoutMs: 1500,
		...opts,
	});
}
