/**
 * What the check makes of a request that did not end in a readable answer: a redirect
 * it refused to follow, a body over the byte limit, or a network failure. Pure
 * functions on `HttpOutcome` (./http.ts); the texts are in ./messages.ts.
 */
import type { HttpOutcome } from './http.ts';

/**
 * A network failure in words a participant can act on. Node (undici) names the cause;
 * a browser never does (`TypeError: Failed to fetch` for a refused or reset connection,
 * a CORS block and a Local Network Access block alike), hence 'browser'.
 */
export type NetworkCause = 'refused' | 'reset' | 'dns' | 'tls' | 'bad_port' | 'browser' | 'other';

/**
 * Classifies an undici cause code (see `networkErrorCode` in ./http.ts).
 *
 * @param code e.g. 'ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET'; undefined in a browser
 */
export function networkCause(code: string | undefined): NetworkCause {
	if (code === undefined) return 'browser';
	if (code === 'ECONNREFUSED') return 'refused';
	if (/^(ECONNRESET|EPIPE|ECONNABORTED|UND_ERR_SOCKET|UND_ERR_CLOSED)$/.test(code)) return 'reset';
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
	if (/^ERR_SSL|^EPROTO$|SSL|TLS/i.test(code)) return 'tls';
	if (code === 'BAD_PORT') return 'bad_port';
	return 'other';
}

/**
 * The same host and port over plain http, for telling "https against an http-only
 * proxy" apart in a browser (only a header-less no-cors probe goes there).
 *
 * @param base a normalised Base URL, e.g. 'https://localhost:4000'
 * @returns e.g. 'http://localhost:4000', or undefined when `base` is not https
 */
export function httpTwin(base: string): string | undefined {
	try {
		const u = new URL(base);
		if (u.protocol !== 'https:') return undefined;
		// `hostname` keeps the brackets of an IPv6 address
		return `http://${u.hostname}:${u.port || '443'}`;
	} catch {
		return undefined;
	}
}

/** Labels of the detail rows `refusedAnswer` returns (keys of `DETAIL_LABELS`). */
export type RefusedDetailLabel = 'status' | 'location';

/**
 * An answer the check would not take: the outcome suffix of its code, the catalogue
 * variant of its text, template parameters and detail rows (label key, value; values
 * come from the proxy: quote them before showing).
 */
export interface RefusedAnswer {
	outcome: 'redirect' | 'too_large';
	/** Catalogue variant: '<step>.<text>' (e.g. 'key.redirect_other_host'). */
	text: 'redirect' | 'redirect_same_origin' | 'redirect_other_host' | 'too_large';
	params: Record<string, string | number>;
	details: [RefusedDetailLabel, string][];
}

/**
 * Describes a redirect or an over-long body.
 *
 * @param r the outcome of `send`
 * @returns where a redirect pointed (`{host}`, `{location}`; nothing in a browser,
 *   which hides `Location`), or the byte limit that was reached (`{limitMiB}`)
 */
export function refusedAnswer(
	r: Extract<HttpOutcome, { kind: 'redirect' | 'too_large' }>,
): RefusedAnswer {
	if (r.kind === 'too_large') {
		const limitMiB = Math.round((r.limitBytes / 1024 / 1024) * 10) / 10;
		return {
			outcome: 'too_large',
			text: 'too_large',
			params: { limitMiB },
			details: [['status', String(r.status)]],
		};
	}
	const details: [RefusedDetailLabel, string][] = [];
	if (r.status) details.push(['status', String(r.status)]);
	if (r.location) details.push(['location', r.location]);
	if (r.target === 'unknown' || !r.location)
		return { outcome: 'redirect', text: 'redirect', params: {}, details };
	const to = new URL(r.location);
	return {
		outcome: 'redirect',
		text: r.target === 'same_origin' ? 'redirect_same_origin' : 'redirect_other_host',
		params: { host: to.host, location: `${to.pathname}${to.search}` },
		details,
	};
}
