/**
 * The one place where a failed request (`send`'s timeout or network outcome) becomes a
 * verdict: timeout, nothing listening, DNS, TLS, an answer the browser may not read
 * (CORS, told apart with the no-cors probe), or the browser's Local Network Access
 * prompt or block. Every step of every service maps its failures through
 * `classifyFailure`, so a change in how `send` and `probeNoCors` report (./http.ts)
 * is followed here once.
 *
 * Sources: Chromium's Local Network Access behaviour (../shared/browser-local-network.md);
 * undici's cause codes (./http.ts `networkErrorCode`).
 */
import { probeNoCors, type HttpOutcome } from '../http.ts';
import type { LocalNetworkPermission } from '../types.ts';
import type { RunBase } from './types.ts';

/** How long the runner waits for `localNetwork.permission()` (ms). */
const PERMISSION_WAIT_MS = 1000;

/** A failed request's verdict. */
export type TransportVerdict =
	'timeout' | 'unreachable' | 'cors_blocked' | 'dns' | 'tls' | 'lna_prompt' | 'lna_denied';

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
 * @param ctx the run (fetch, signal, timeout, Local Network Access hooks)
 * @param url the URL that failed (probed again with `mode: 'no-cors'`, no header, when
 *   the browser said nothing about the cause)
 * @param r `send`'s failure outcome
 * @param firstContact true for a service's first request: only then do DNS, TLS and
 *   the Local Network Access permission decide (later requests reached the host already)
 * @returns the verdict and whether the no-cors probe decided it (`probed`)
 * @throws the run signal's reason when the run is aborted
 */
export async function classifyFailure(
	ctx: RunBase,
	url: string,
	r: Exclude<HttpOutcome, { kind: 'response' }>,
	firstContact: boolean,
): Promise<{ verdict: TransportVerdict; probed: boolean }> {
	const lna = async (): Promise<TransportVerdict | undefined> => {
		if (!firstContact || !lnaApplies(ctx)) return undefined;
		const state = await permissionState(ctx);
		return state === 'prompt' ? 'lna_prompt' : state === 'denied' ? 'lna_denied' : undefined;
	};
	if (r.kind === 'timeout') return { verdict: (await lna()) ?? 'timeout', probed: false };
	if (r.code !== undefined) {
		if (!firstContact) return { verdict: 'unreachable', probed: false };
		if (r.code === 'ENOTFOUND' || r.code === 'EAI_AGAIN') return { verdict: 'dns', probed: false };
		if (/^ERR_SSL|^EPROTO$|SSL|TLS/i.test(r.code)) return { verdict: 'tls', probed: false };
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
	return {
		verdict:
			probe === 'answered' ? 'cors_blocked' : probe === 'timeout' ? 'timeout' : 'unreachable',
		probed: true,
	};
}
