/**
 * The one place where a failed request (`send`'s redirect, oversized body, timeout or
 * network outcome) becomes a verdict: a redirect (never followed), a body over the
 * limit, timeout, nothing listening, a connection closed before the answer, DNS, TLS
 * (in a browser told apart with a header-less no-cors probe of `http://` on the same
 * host and port), an answer the browser may not read (CORS, told apart with the
 * no-cors probe), or the browser's Local Network Access prompt or block. Every step of every service maps its failures through
 * `classifyFailure`, so a change in how `send` and `probeNoCors` report (./http.ts)
 * is followed here once.
 *
 * Sources: Chromium's Local Network Access behaviour (../shared/browser-local-network.md);
 * undici's cause codes (./http.ts `networkErrorCode`).
 */
import { probeNoCors, type HttpOutcome } from '../http.ts';
import { httpTwin, networkCause, refusedAnswer } from '../transport.ts';
import type { LocalNetworkPermission } from '../types.ts';
import { detail, quote } from './details.ts';
import type { Outcome, RunBase } from './types.ts';

/** How long the runner waits for `localNetwork.permission()` (ms). */
const PERMISSION_WAIT_MS = 1000;

/** A failed request's verdict. */
export type TransportVerdict =
	| 'timeout'
	| 'unreachable'
	| 'reset'
	| 'cors_blocked'
	| 'dns'
	| 'tls'
	| 'lna_prompt'
	| 'lna_denied'
	| 'redirect'
	| 'too_large';

/** What `classifyFailure` found. */
export interface Classified {
	verdict: TransportVerdict;
	/** The no-cors probe decided it. */
	probed: boolean;
	/**
	 * For 'tls' found in a browser: the same host and port over http, which answered
	 * (say "use http://" with it).
	 */
	httpUrl?: string;
}

/** Local Network Access applies: a browser page that is not itself on loopback. */
export function lnaApplies(ctx: RunBase): boolean {
	return !!ctx.localNetwork && !ctx.localNetwork.pageIsLoopback;
}

/** The permission state, 'unsupported' when unknown or slower than PERMISSION_WAIT_MS. */
export async function permissionState(ctx: RunBase): Promise<LocalNetworkPermission> {
	const ln = ctx.localNetwork;
	if (!ln) return 'unsupported';
	try {
		return await Promise.race([
			ln.permission(),
			new Promise<LocalNetworkPermission>((resolve) =>
				setTimeout(() => resolve('unsupported'), PERMISSION_WAIT_MS),
			),
		]);
	} catch {
		return 'unsupported';
	}
}

/**
 * Maps a failed request to a verdict.
 *
 * A redirect or an oversized body is its own verdict at once ('redirect', 'too_large';
 * `send` followed and read nothing further). A connection closed before the answer is
 * 'reset' on first contact (undici names it; a browser cannot tell it from nothing
 * listening). On first contact with an https URL whose no-cors probe fails too, a
 * header-less no-cors GET of `http://` on the same host and port tells an http-only
 * service apart ('tls' with `httpUrl`).
 *
 * @param ctx the run (fetch, signal, timeout, Local Network Access hooks)
 * @param url the URL that failed (probed again with `mode: 'no-cors'`, no header, when
 *   the browser said nothing about the cause)
 * @param r `send`'s failure outcome
 * @param firstContact true for a service's first request: only then do DNS, TLS,
 *   reset and the Local Network Access permission decide (later requests reached the
 *   host already)
 * @returns the verdict, whether the no-cors probe decided it (`probed`), and for a
 *   browser's 'tls' the http URL that answered
 * @throws the run signal's reason when the run is aborted
 */
export async function classifyFailure(
	ctx: RunBase,
	url: string,
	r: Exclude<HttpOutcome, { kind: 'response' }>,
	firstContact: boolean,
): Promise<Classified> {
	if (r.kind === 'redirect' || r.kind === 'too_large') return { verdict: r.kind, probed: false };
	const lna = async (): Promise<TransportVerdict | undefined> => {
		if (!firstContact || !lnaApplies(ctx)) return undefined;
		const state = await permissionState(ctx);
		return state === 'prompt' ? 'lna_prompt' : state === 'denied' ? 'lna_denied' : undefined;
	};
	if (r.kind === 'timeout') return { verdict: (await lna()) ?? 'timeout', probed: false };
	if (r.code !== undefined) {
		if (!firstContact) return { verdict: 'unreachable', probed: false };
		const cause = networkCause(r.code);
		if (cause === 'dns') return { verdict: 'dns', probed: false };
		if (cause === 'tls') return { verdict: 'tls', probed: false };
		if (cause === 'reset') return { verdict: 'reset', probed: false };
		return { verdict: 'unreachable', probed: false };
	}
	// A browser's bare TypeError: Local Network Access first, then the no-cors probe;
	// a later request first lets the run's first step speak (see `firstStepDone`).
	if (!firstContact) {
		await ctx.firstStepDone;
		ctx.http.signal?.throwIfAborted();
	}
	const blocked = await lna();
	if (blocked) return { verdict: blocked, probed: false };
	const probe = await probeNoCors(ctx.http, url, ctx.timeoutMs);
	if (probe === 'answered') return { verdict: 'cors_blocked', probed: true };
	if (probe === 'redirect') return { verdict: 'redirect', probed: true };
	if (probe === 'timeout') return { verdict: 'timeout', probed: true };
	// https to a port that speaks plain http: the browser's TLS failure has no cause,
	// but a header-less no-cors probe of http:// on the same host and port is answered.
	let twin: string | undefined;
	try {
		twin = firstContact ? httpTwin(new URL(url).origin) : undefined;
	} catch {
		twin = undefined;
	}
	if (twin) {
		const u = new URL(url);
		const twinProbe = await probeNoCors(ctx.http, `${twin}${u.pathname}${u.search}`, ctx.timeoutMs);
		if (twinProbe === 'answered' || twinProbe === 'redirect')
			return { verdict: 'tls', probed: true, httpUrl: twin };
	}
	return { verdict: 'unreachable', probed: true };
}

/** Outcome ids of an answer the check refused: a redirect (by where it pointed) or an oversized body. */
export type RefusalId = 'redirect' | 'redirect_same_origin' | 'redirect_other_host' | 'too_large';

/**
 * The outcome of a refused answer (`classifyFailure` said 'redirect' or 'too_large'):
 * which text (where a redirect pointed, when known: Node sees `Location`, a browser
 * never does), its values (`{host}`, `{location}`, `{limitMiB}`; proxy-supplied ones
 * quoted) and its detail rows (the URL, the status, the `Location`).
 *
 * @param ctx the run
 * @param url the URL that was called
 * @param r `send`'s outcome; a network failure whose no-cors probe was redirected
 *   counts as a redirect to an unknown place
 * @param params values every text of the step uses (e.g. `{endpoint}`)
 */
export function refusalOutcome(
	ctx: RunBase,
	url: string,
	r: Exclude<HttpOutcome, { kind: 'response' }>,
	params: Readonly<Record<string, string | number | undefined>> = {},
): Outcome<RefusalId> {
	const refused =
		r.kind === 'redirect' || r.kind === 'too_large'
			? r
			: ({ kind: 'redirect', status: 0, target: 'unknown' } as const);
	const a = refusedAnswer(refused);
	const values: Record<string, string | number | undefined> = { ...params };
	for (const [k, v] of Object.entries(a.params))
		values[k] = typeof v === 'string' ? quote(ctx, v) : v;
	return {
		id: a.text,
		params: values,
		details: [
			detail(ctx, 'url', url),
			...a.details.map(([label, value]) => detail(ctx, label, quote(ctx, value))),
		],
	};
}
