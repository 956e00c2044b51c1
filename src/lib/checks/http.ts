/**
 * One HTTP request of the check engine, with a timeout that cannot be escaped, and
 * the classification of network failures in Node (undici) and in browsers.
 *
 * Everything a proxy sends is data and bounded: no request follows a redirect (so the
 * key never travels to a `Location` on another origin), and a body is read only up to
 * `maxBytes`.
 */

/**
 * Default limit of one response body, bytes (4 MiB). LiteLLM's largest answer the
 * check reads, `/v1/model/info` of the workshop's configs, is under 10 kB (recorded in
 * tests/fixtures/litellm); a proxy with a thousand models stays far below this.
 */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Where a redirect pointed: the Base URL's own origin, another origin, or not known
 * (a browser hides `Location` of an opaque-redirect response).
 */
export type RedirectTarget = 'same_origin' | 'other_host' | 'unknown';

/**
 * The outcome of `send`: a response (any status), a redirect (not followed), a body
 * over the limit, a timeout, or a network failure.
 */
export type HttpOutcome =
	| {
			kind: 'response';
			status: number;
			/** `content-type` without parameters, lower-cased ('' when absent). */
			contentType: string;
			/** The body as text (response bodies of this API are small). */
			text: string;
			/** The parsed body when it is JSON, else undefined. */
			json: unknown;
			isJson: boolean;
	  }
	| {
			kind: 'redirect';
			/** 301, 302, 303, 307, 308 in Node; 0 in a browser (opaque-redirect response). */
			status: number;
			target: RedirectTarget;
			/** The `Location` as an absolute URL, when known (Node only; never in a browser). */
			location?: string;
	  }
	| {
			kind: 'too_large';
			status: number;
			/** The limit that was reached, bytes. */
			limitBytes: number;
	  }
	| { kind: 'timeout' }
	| {
			kind: 'network';
			/**
			 * Node/undici cause code: 'ECONNREFUSED' (nothing listening), 'ENOTFOUND',
			 * 'EAI_AGAIN', 'ECONNRESET', 'UND_ERR_SOCKET' (closed by the other side),
			 * 'ERR_SSL_WRONG_VERSION_NUMBER' (https to an http port), 'BAD_PORT', …
			 * Undefined for a browser's bare `TypeError: Failed to fetch`, which says
			 * nothing about the cause (CORS, Local Network Access, nothing listening).
			 */
			code: string | undefined;
			/** Short technical description for a detail row. */
			detail: string;
	  };

/** Context shared by the requests of one run. */
export interface HttpContext {
	fetch: typeof globalThis.fetch;
	/** The run's signal: when it aborts, `send` rejects with its reason. */
	signal?: AbortSignal;
	/** Limit of one response body, bytes; default `MAX_BODY_BYTES`. */
	maxBytes?: number;
}

/**
 * Reads a body as UTF-8 text, chunk by chunk, and stops (cancelling the stream, so
 * the rest is never downloaded) as soon as more than `limit` bytes arrived.
 *
 * @returns the text, or null when the body is larger than `limit` bytes
 */
export async function readBounded(res: Response, limit: number): Promise<string | null> {
	const declared = Number(res.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > limit) {
		await res.body?.cancel().catch(() => {});
		return null;
	}
	if (!res.body) return '';
	const reader = res.body.getReader();
	const decoder = new TextDecoder();
	let size = 0;
	let text = '';
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) {
			await reader.cancel().catch(() => {});
			return null;
		}
		text += decoder.decode(value, { stream: true });
	}
	return text + decoder.decode();
}

/** 3xx statuses that carry a `Location` to follow (304 does not). */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * Tells a redirect apart from an answer: a browser's `redirect: 'manual'` gives an
 * opaque-redirect response (type 'opaqueredirect', status 0, no headers); undici gives
 * the 3xx itself with its `Location`.
 *
 * @param url the request's absolute URL (to resolve a relative `Location`)
 * @returns the redirect outcome, or undefined when `res` is not a redirect
 */
export function redirectOf(
	res: Response,
	url: string,
): Extract<HttpOutcome, { kind: 'redirect' }> | undefined {
	if (res.type === 'opaqueredirect') return { kind: 'redirect', status: 0, target: 'unknown' };
	if (!REDIRECT_STATUSES.has(res.status)) return undefined;
	const raw = res.headers.get('location');
	if (raw === null) return undefined;
	try {
		const to = new URL(raw, url);
		const target = to.origin === new URL(url).origin ? 'same_origin' : 'other_host';
		return { kind: 'redirect', status: res.status, target, location: to.href };
	} catch {
		return { kind: 'redirect', status: res.status, target: 'unknown' };
	}
}

/**
 * Combines the run's signal with a per-request timeout. Returns both so the caller can
 * tell a timeout (`timeout.aborted`) from an abort of the run.
 */
function requestSignal(
	ctx: HttpContext,
	timeoutMs: number,
): { signal: AbortSignal; timeout: AbortSignal } {
	const timeout = AbortSignal.timeout(timeoutMs);
	return { signal: ctx.signal ? AbortSignal.any([timeout, ctx.signal]) : timeout, timeout };
}

/**
 * Rejects when `signal` aborts, even if the `fetch` in use ignores its signal: the
 * engine must never hang on an injected fetch.
 */
function whenAborted(signal: AbortSignal): Promise<never> {
	return new Promise((_, reject) => {
		if (signal.aborted) reject(signal.reason);
		else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
	});
}

/**
 * Reads the cause code of a failed fetch: undici's `TypeError('fetch failed')` carries
 * `cause.code` (or `cause.errors[i].code` for an AggregateError of several addresses);
 * undici's "bad port" network error has no code and becomes 'BAD_PORT'.
 */
export function networkErrorCode(err: unknown): string | undefined {
	const cause = (err as { cause?: unknown } | null)?.cause as
		{ code?: unknown; message?: unknown; errors?: { code?: unknown }[] } | undefined;
	if (!cause || typeof cause !== 'object') return undefined;
	if (typeof cause.code === 'string') return cause.code;
	const inner = Array.isArray(cause.errors)
		? cause.errors.find((e) => typeof e?.code === 'string')
		: undefined;
	if (inner) return String(inner.code);
	if (cause.message === 'bad port') return 'BAD_PORT';
	return undefined;
}

function describeError(err: unknown): string {
	const e = err as { name?: string; message?: string; cause?: { message?: string } } | null;
	const code = networkErrorCode(err);
	const base = `${e?.name ?? 'Error'}: ${e?.message ?? String(err)}`;
	return code ? `${base} (${code})` : base;
}

/**
 * Sends one request without following a redirect and reads the body up to the
 * context's byte limit, within `timeoutMs`.
 *
 * @param ctx the run's fetch, signal and body limit
 * @param url absolute URL
 * @param init method, headers, body (signal, redirect, credentials and cache are set here)
 * @param timeoutMs limit for connect + response + body, ms
 * @returns the response, `{ kind: 'redirect' }` (never followed), `{ kind: 'too_large' }`
 *   (the rest of the body is not read), `{ kind: 'timeout' }`, or
 *   `{ kind: 'network', code, detail }`
 * @throws the run signal's reason when the run is aborted
 */
export async function send(
	ctx: HttpContext,
	url: string,
	init: RequestInit,
	timeoutMs: number,
): Promise<HttpOutcome> {
	ctx.signal?.throwIfAborted();
	const { signal, timeout } = requestSignal(ctx, timeoutMs);
	const limit = ctx.maxBytes ?? MAX_BODY_BYTES;
	const work = (async () => {
		const res = await ctx.fetch(url, {
			...init,
			signal,
			redirect: 'manual',
			credentials: 'omit',
			cache: 'no-store',
		});
		const redirect = redirectOf(res, url);
		if (redirect) {
			await res.body?.cancel().catch(() => {});
			return { redirect, res: undefined, text: undefined };
		}
		return { redirect: undefined, res, text: await readBounded(res, limit) };
	})();
	work.catch(() => {}); // settled by the race below; avoid an unhandled rejection
	try {
		const done = await Promise.race([work, whenAborted(signal)]);
		if (done.redirect) return done.redirect;
		const { res, text } = done;
		if (text === null) return { kind: 'too_large', status: res.status, limitBytes: limit };
		const contentType = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
		let json: unknown;
		let isJson = false;
		if (text !== '' && !/html/.test(contentType)) {
			try {
				json = JSON.parse(text);
				isJson = true;
			} catch {
				// not JSON: the caller treats it as "not LiteLLM"
			}
		}
		return { kind: 'response', status: res.status, contentType, text, json, isJson };
	} catch (err) {
		if (ctx.signal?.aborted) throw ctx.signal.reason;
		if (timeout.aborted) return { kind: 'timeout' };
		return { kind: 'network', code: networkErrorCode(err), detail: describeError(err) };
	}
}

/**
 * A `mode: 'no-cors'` request to the same URL, without any header (so never the key):
 * in a browser it resolves with an opaque response whenever something answers, even
 * without CORS headers, and rejects when nothing does (or the browser blocks it).
 *
 * The one request of the check that may follow a redirect: browsers reject `no-cors`
 * with any redirect mode but 'follow' ("Request mode is "no-cors" but the redirect
 * mode is not "follow""). It carries nothing to follow with — no header, no body, no
 * credentials (a `no-cors` request cannot even hold `Authorization`) — and its answer
 * is opaque, so nothing of another server's answer is read. Where a 3xx does reach
 * the caller (Node, test stand-ins) it is reported as 'redirect'.
 *
 * @returns 'answered', 'redirect', 'failed' or 'timeout'
 * @throws the run signal's reason when the run is aborted
 */
export async function probeNoCors(
	ctx: HttpContext,
	url: string,
	timeoutMs: number,
): Promise<'answered' | 'redirect' | 'failed' | 'timeout'> {
	ctx.signal?.throwIfAborted();
	const { signal, timeout } = requestSignal(ctx, timeoutMs);
	const work = ctx.fetch(url, {
		method: 'GET',
		mode: 'no-cors',
		redirect: 'follow',
		credentials: 'omit',
		cache: 'no-store',
		signal,
	});
	work.catch(() => {});
	try {
		const res = await Promise.race([work, whenAborted(signal)]);
		const redirect = res && typeof res === 'object' ? redirectOf(res, url) : undefined;
		await res?.body?.cancel().catch(() => {});
		return redirect ? 'redirect' : 'answered';
	} catch {
		if (ctx.signal?.aborted) throw ctx.signal.reason;
		return timeout.aborted ? 'timeout' : 'failed';
	}
}
