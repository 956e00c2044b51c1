/**
 * "Does anything answer there?" for the first request of a service that is not
 * LiteLLM's main check: the shared outcome table (nothing listens, a connection closed
 * before the answer, timeout, DNS, TLS, an answer the browser may not read, Local
 * Network Access, a redirect that is never followed, a body over the limit) with neutral texts naming
 * the service (`{what}`), and the function that maps a failed request onto it through
 * the one mapping (`classifyFailure`). On a loopback Base URL, "nothing listens" comes
 * with the set-up pages' SSM port forward for that port (EC2 path).
 */
import type { HttpOutcome } from '../http.ts';
import type { StepDetail } from '../types.ts';
import { detail, isLoopbackBase, portForwardCommand, shellWord } from './details.ts';
import {
	classifyFailure,
	refusalOutcome,
	type RefusalId,
	type TransportVerdict,
} from './transport.ts';
import type { Outcome, OutcomeTable, RunBase } from './types.ts';

/**
 * Outcome ids of a first request's failure: the verdicts of `classifyFailure`, a
 * redirect by where it pointed, and https against a port that answers over http.
 */
export type ReachId = TransportVerdict | RefusalId | 'tls_http_answers';

/** Texts of a first request's failures; `{what}` is the service's name, `{url}` what was called. */
export const REACH_OUTCOMES: OutcomeTable<ReachId> = {
	unreachable: {
		status: 'fail',
		ja: {
			message: '{url} に接続できません。このポートでは何も待ち受けていません。',
			fix: '{what} を起動してください（下のコマンド）。EC2 の場合は、ローカル PC で {remotePort}→{port} のポートフォワードが動いているか確認してください（しばらく使わないと切れるので、その場合はもう一度実行します）。',
		},
		en: {
			message: 'Cannot connect to {url}: nothing listens on this port.',
			fix: 'Start {what} (commands below). On EC2, make sure the {remotePort}→{port} port forward runs on your PC (it ends when idle; run it again).',
		},
	},
	timeout: {
		status: 'fail',
		ja: {
			message: '{url} が {timeoutSec} 秒以内に応答しませんでした。',
			fix: '{what} の起動直後なら 1 分ほど待って再実行してください。EC2 ではポートフォワードのセッションが切れていないかも確認してください。',
		},
		en: {
			message: '{url} did not answer within {timeoutSec} s.',
			fix: 'If {what} just started, wait a minute and retry. On EC2, also check that the port-forward session is still alive.',
		},
	},
	cors_blocked: {
		status: 'fail',
		ja: {
			message:
				'{url} では何かが応答していますが、ブラウザはその応答を読めません（CORS ヘッダーがありません）。応答したのが {what} かどうかは、ブラウザからは確かめられません。',
			fix: 'ターミナルで確認してください（下のコマンド）。',
		},
		en: {
			message:
				'Something answers at {url}, but the browser may not read it (no CORS headers), so whether it is {what} cannot be told from here.',
			fix: 'Check from a terminal (command below).',
		},
	},
	dns: {
		status: 'fail',
		ja: { message: '{url} のホスト名が見つかりません。', fix: 'URL は通常 {defaultUrl} です。' },
		en: {
			message: 'The host name of {url} does not resolve.',
			fix: 'The URL is normally {defaultUrl}.',
		},
	},
	tls: {
		status: 'fail',
		ja: {
			message: '{url} に https で接続しようとしましたが、相手は https に対応していません。',
			fix: 'http://（例: {defaultUrl}）で入力してください。',
		},
		en: {
			message: '{url} was called over https, but it does not speak https.',
			fix: 'Use http:// (e.g. {defaultUrl}).',
		},
	},
	tls_http_answers: {
		status: 'fail',
		code: 'tls',
		ja: {
			message:
				'{url} に https で接続できませんでした。同じホストとポートの http:// では応答があるので、相手は https に対応していません。',
			fix: 'http://（{httpUrl}）で入力してください。',
		},
		en: {
			message:
				'{url} cannot be reached over https, but http:// on the same host and port answers: it does not speak https.',
			fix: 'Use http:// ({httpUrl}).',
		},
	},
	reset: {
		status: 'fail',
		ja: {
			message: '{url} に接続できましたが、応答の前に相手が接続を切りました。',
			fix: '{what} が起動中か、異常終了を繰り返している可能性があります。少し待って再実行してください。',
		},
		en: {
			message: '{url} accepted the connection but closed it before answering.',
			fix: '{what} may be starting or crashing repeatedly; retry in a moment.',
		},
	},
	// A service's health and web routes answer where they are asked; a redirect is
	// never followed (nothing of another server's answer counts), so it is its own outcome.
	redirect: {
		status: 'fail',
		ja: {
			message:
				'{url} がリダイレクト（別の URL への転送）を返しました。転送先はブラウザからは見えません。転送先には接続していません。',
			fix: 'URL が {what} そのもの（通常 {defaultUrl}）か確認してください。間にログイン画面やリバースプロキシがあると転送されます。',
		},
		en: {
			message:
				'{url} answered with a redirect (to another URL); the browser does not show where to. The check did not follow it.',
			fix: 'Check that the URL is {what} itself (normally {defaultUrl}); a login page or a reverse proxy in between redirects.',
		},
	},
	redirect_same_origin: {
		status: 'fail',
		code: 'redirect',
		ja: {
			message:
				'{url} が同じホストの {location} へリダイレクトしました。転送先には接続していません。',
			fix: 'URL はホストとポートまで（通常 {defaultUrl}）です。余分なパスがないか、ポートが {what} のものか確認してください。',
		},
		en: {
			message: '{url} redirected to {location} on the same host. The check did not follow it.',
			fix: 'The URL ends at host and port (normally {defaultUrl}); check for an extra path and that the port is that of {what}.',
		},
	},
	redirect_other_host: {
		status: 'fail',
		code: 'redirect',
		ja: {
			message:
				'{url} が別のホスト {host} へリダイレクトしました。転送先には接続していません。{host} の答えを {what} の答えとして扱うことはできません。',
			fix: 'URL が {what} そのもの（通常 {defaultUrl}）か確認してください。',
		},
		en: {
			message:
				'{url} redirected to another host, {host}. The check did not follow it: an answer from {host} cannot count as that of {what}.',
			fix: 'Check that the URL is {what} itself (normally {defaultUrl}).',
		},
	},
	too_large: {
		status: 'fail',
		ja: {
			message: '{url} の応答が大きすぎるため、{limitMiB} MiB を超えたところで読むのをやめました。',
			fix: 'URL が {what}（通常 {defaultUrl}）か確認してください。',
		},
		en: {
			message: 'The answer of {url} is too large: reading stopped past {limitMiB} MiB.',
			fix: 'Check that the URL is {what} (normally {defaultUrl}).',
		},
	},
	lna_prompt: {
		status: 'fail',
		ja: {
			message:
				'ブラウザが、このページから localhost への接続の許可を待っています（ローカル ネットワーク アクセス）。',
			fix: 'アドレスバーの下に出ている確認で「許可」を選んでください。許可すると自動で確認し直します。許可したくない場合は、ターミナルで確認できます（下のコマンド）。',
		},
		en: {
			message:
				'The browser is waiting for your permission to let this page connect to localhost (Local Network Access).',
			fix: 'Choose "Allow" in the prompt under the address bar; the check then runs again. Or check from a terminal (command below).',
		},
	},
	lna_denied: {
		status: 'fail',
		ja: {
			message:
				'ブラウザが、このページから localhost への接続をブロックしています（ローカル ネットワーク アクセスが「ブロック」）。',
			fix: 'アドレスバー左のアイコン →「サイトの設定」→「ローカル ネットワーク アクセス」を「許可」にして、ページを再読み込みしてください。または、ターミナルで確認できます（下のコマンド）。',
		},
		en: {
			message:
				'The browser blocks this page from connecting to localhost (Local Network Access is "Blocked").',
			fix: 'Site information (left of the address bar) → "Site settings" → "Local network access" → "Allow", then reload. Or check from a terminal (command below).',
		},
	},
};

/** What a service tells `reachOutcome` about itself. */
export interface ReachInfo {
	/** The service's name inside a sentence, e.g. 「Langfuse」. */
	what: string;
	/** The URL suggested in fixes. */
	defaultUrl: string;
	/** Port inside the EC2 instance (the port forward's `portNumber`). */
	remotePort: number;
	/** Start commands shown when nothing listens. */
	start: StepDetail[];
}

/** The called URL's port ('80'/'443' when implicit). */
function urlPort(url: string): string {
	try {
		const u = new URL(url);
		return u.port || (u.protocol === 'https:' ? '443' : '80');
	} catch {
		return '';
	}
}

/**
 * A service's first request failed: the outcome and its details.
 *
 * @param ctx the run
 * @param url the URL that failed
 * @param r `send`'s failure
 * @param info the service's name, suggested URL, instance port and start commands
 */
export async function reachOutcome(
	ctx: RunBase,
	url: string,
	r: Exclude<HttpOutcome, { kind: 'response' }>,
	info: ReachInfo,
): Promise<Outcome<ReachId>> {
	const { verdict, httpUrl } = await classifyFailure(ctx, url, r, true);
	const p = urlPort(url);
	const params = {
		url,
		what: info.what,
		defaultUrl: info.defaultUrl,
		remotePort: info.remotePort,
		port: p,
		timeoutSec: ctx.timeoutMs / 1000,
	};
	if (verdict === 'redirect' || verdict === 'too_large') return refusalOutcome(ctx, url, r, params);
	if (verdict === 'tls' && httpUrl)
		return {
			id: 'tls_http_answers',
			params: { ...params, httpUrl },
			details: [
				detail(ctx, 'url', url),
				...(r.kind === 'network' ? [detail(ctx, 'error', r.detail)] : []),
			],
		};
	const details: StepDetail[] = [detail(ctx, 'url', url)];
	if (r.kind === 'network') details.push(detail(ctx, 'error', r.detail));
	const curl = detail(ctx, 'curlHealth', `curl -sS -i ${shellWord(url)}`, true);
	let loopback = false;
	try {
		loopback = isLoopbackBase({ ...ctx, base: new URL(url).origin });
	} catch {
		loopback = false;
	}
	const forward = detail(ctx, 'portForward', portForwardCommand(info.remotePort, p), true);
	if (verdict === 'unreachable') details.push(...info.start, ...(loopback ? [forward] : []));
	else if (verdict === 'timeout' && loopback) details.push(forward);
	else if (verdict === 'cors_blocked' || verdict === 'lna_prompt' || verdict === 'lna_denied')
		details.push(curl);
	return { id: verdict, params, details };
}
