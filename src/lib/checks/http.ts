/**
 * One HTTP request of the check engine, with a timeout that cannot be escaped, and
 * the classification of network failures in Node (undici) and in browsers.
 */

/** The outcome of `send`: a response (any status), a timeout, or a network failure. */
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
 * Sends one request and reads the whole body, within `timeoutMs`.
 *
 * @param ctx the run's fetch and signal
 * @param url absolute URL
 * @param init method, headers, body (the signal is set here)
 * @param timeoutMs limit for connect + response + body, ms
 * @returns the response, `{ kind: 'timeout' }`, or `{ kind: 'network', code, detail }`
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
	const work = (async () => {
		const res = await ctx.fetch(url, {
			...init,
			signal,
			redirect: 'follow',
			credentials: 'omit',
			cache: 'no-store',
		});
		const text = await res.text();
		return { res, text };
	})();
	work.catch(() => {}); // settled by the race below; avoid an unhandled rejection
	try {
		const { res, text } = await Promise.race([work, whenAborted(signal)]);
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
 * @returns 'answered', 'failed' or 'timeout'
 * @throws the run signal's reason when the run is aborted
 */
export async function probeNoCors(
	ctx: HttpContext,
	url: string,
	timeoutMs: number,
): Promise<'answered' | 'failed' | 'timeout'> {
	ctx.signal?.throwIfAborted();
	const { signal, timeout } = requestSignal(ctx, timeoutMs);
	const work = ctx.fetch(url, {
		method: 'GET',
		mode: 'no-cors',
		credentials: 'omit',
		cache: 'no-store',
		signal,
	});
	work.catch(() => {});
	try {
		await Promise.race([work, whenAborted(signal)]);
		return 'answered';
	} catch {
		if (ctx.signal?.aborted) throw ctx.signal.reason;
		return timeout.aborted ? 'timeout' : 'failed';
	}
}
