/**
 * The pure parts of the check element (src/components/proxy-check.client.ts), here so
 * that node tests cover them: the origin guard that keeps the API key home, the
 * one-line summary, the Local Network Access permission query, and the verdict the
 * element announces to the page (./verdict.ts). No DOM access beyond what callers pass.
 */
import { httpTwin } from './transport.ts';
import type { CheckReport, LocalNetworkPermission, StepStatus } from './types.ts';
import type { Verdict } from './verdict.ts';

/** Visible status words; the icon next to them is decoration (status is never colour alone). */
export const STATUS_TEXT: Record<StepStatus, string> = {
	pending: '未実行',
	running: '確認中',
	ok: 'OK',
	warn: '注意',
	fail: '失敗',
	skipped: 'スキップ',
};

/** Summary when 確認する was pressed with an unusable Base URL (the reason is in the input error). */
export const INVALID_INPUT_SUMMARY =
	'Base URL を直してから、もう一度「確認する」を押してください（確認は実行していません）。';
/** Summary once a field was edited after (or during) a run. */
export const STALE_SUMMARY =
	'入力が変更されました。上の結果は変更前の入力のものです。「確認する」を押して、もう一度確認してください。';

/** Request headers that carry the API key. */
const KEY_HEADERS = ['authorization', 'x-litellm-api-key'];

/**
 * A `fetch` that only reaches the configured origins: `keyOrigin` (the Base URL's,
 * the only one that may get the API key) and `otherOrigins` (a service's extra URLs,
 * e.g. Langfuse's web UI) for requests without a key header. Anything else is
 * refused with a TypeError before it leaves, whatever the check is asked to do.
 *
 * No request it lets through follows a redirect (`redirect: 'manual'` is forced, so a
 * `Location` on another origin never receives a header), except a `no-cors` request:
 * Chromium rejects `no-cors` with any mode but 'follow' ("Request mode is "no-cors"
 * but the redirect mode is not "follow""), and a `no-cors` request cannot carry
 * `Authorization` or `x-litellm-api-key` (only CORS-safelisted headers), so it has no
 * key to take along. One more request may go out, carrying nothing: for an https
 * allowed origin, a `no-cors` GET without headers or body to the same host and port
 * over http (`httpTwin`), which tells "https against an http-only service" apart.
 *
 * @param keyOrigin e.g. 'http://localhost:4000'
 * @param otherOrigins origins reachable without a key
 * @param fetchImpl the browser's fetch
 * @param pageHref the page URL, to resolve relative inputs (`location.href`)
 */
export function originGuardedFetch(
	keyOrigin: string,
	otherOrigins: readonly string[],
	fetchImpl: typeof fetch,
	pageHref: string,
): typeof fetch {
	const twins = [keyOrigin, ...otherOrigins]
		.map((o) => httpTwin(o))
		.filter((o): o is string => o !== undefined);
	const go = (input: RequestInfo | URL, init: RequestInit | undefined) =>
		fetchImpl(input, {
			...init,
			// no-cors must be 'follow' (browsers reject anything else) and carries no key header
			redirect: init?.mode === 'no-cors' ? 'follow' : 'manual',
		});
	return (input, init) => {
		const url = new URL(input instanceof Request ? input.url : String(input), pageHref);
		if (url.origin === keyOrigin) return go(input, init);
		const headers = new Headers(
			init?.headers ?? (input instanceof Request ? input.headers : undefined),
		);
		if (otherOrigins.includes(url.origin)) {
			if (KEY_HEADERS.some((h) => headers.has(h)))
				return Promise.reject(new TypeError(`blocked: no key may go to ${url.origin}`));
			return go(input, init);
		}
		const bare =
			init?.mode === 'no-cors' &&
			(init.method ?? 'GET') === 'GET' &&
			init.body == null &&
			[...headers.keys()].length === 0 &&
			!(input instanceof Request);
		if (bare && twins.includes(url.origin)) return go(input, init);
		return Promise.reject(
			new TypeError(`blocked: ${url.origin} is not the proxy origin ${keyOrigin}`),
		);
	};
}

/**
 * The one-line verdict read out by the aria-live region.
 *
 * @param report the run's report
 * @param labelOf a row's visible title by step id
 * @param clineCard whether the element shows the Cline settings card on success
 */
export function summarize(
	report: CheckReport,
	labelOf: (id: string) => string,
	clineCard = true,
): string {
	if (report.ok) {
		const warns = report.steps.filter((s) => s.status === 'warn').length;
		const base =
			report.cline && clineCard
				? 'すべての確認に合格しました。下の「Cline の設定」の値を Cline に入力してください。'
				: 'すべての確認に合格しました。';
		return warns ? `${base}（注意 ${warns} 件）` : base;
	}
	const fails = report.steps.filter((s) => s.status === 'fail');
	const first = fails[0] ?? report.steps.find((s) => s.status === 'warn');
	const head = `問題が見つかりました（失敗 ${fails.length} 件）。`;
	return first ? `${head}${labelOf(first.id)}: ${first.message}` : head;
}

/**
 * The browser's Local Network Access permission for loopback addresses. Queries
 * `loopback-network`, falls back to `local-network-access` (older Chromium), and
 * answers 'unsupported' when neither name is known (other browsers throw a TypeError
 * for unknown permission names). Source: ../shared/browser-local-network.md.
 *
 * @param permissions `navigator.permissions` (undefined where the API is missing)
 * @returns the state and, when supported, the PermissionStatus (it fires `change`)
 */
export async function queryLocalNetworkPermission(
	permissions: Permissions | undefined,
): Promise<{ state: LocalNetworkPermission; status?: PermissionStatus }> {
	if (!permissions || typeof permissions.query !== 'function') return { state: 'unsupported' };
	for (const name of ['loopback-network', 'local-network-access']) {
		try {
			const status = await permissions.query({ name } as unknown as PermissionDescriptor);
			return { state: status.state as LocalNetworkPermission, status };
		} catch {
			// unknown permission name in this browser: try the next one
		}
	}
	return { state: 'unsupported' };
}

/**
 * The verdict of a finished run (never the key, not even masked).
 *
 * @param report the run's report (its `service` names the catalogue entry)
 * @param labelOf a row's visible title by step id
 * @param at the end time (default now)
 */
export function toVerdict(
	report: CheckReport,
	labelOf: (id: string) => string,
	at = new Date(),
): Verdict {
	const steps = report.steps
		.filter((s) => s.status !== 'pending' && s.status !== 'running')
		.map((s) => ({
			id: s.id,
			label: labelOf(s.id),
			status: s.status as 'ok' | 'warn' | 'fail' | 'skipped',
			code: s.code,
			message: s.message,
			ms: s.ms,
		}));
	const verdict: Verdict = {
		service: report.service ?? 'litellm',
		ok: report.ok,
		code: report.steps.find((s) => s.status === 'fail')?.code ?? null,
		at: at.toISOString(),
		baseUrl: report.input.baseUrl,
		steps,
	};
	if (report.version) verdict.version = report.version;
	return verdict;
}
