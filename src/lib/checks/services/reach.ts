/**
 * Catalogue entries that only ask "does it answer?": VS Code Server through the set-up
 * pages' port forward (instance 8080 → local 18080), and LiteLLM's Admin UI (`/ui/`).
 * One step each, `reach`; a new port of this kind is one more `reachService(…)` here.
 */
import { workshop } from '../../../../workshop.config.ts';
import { send } from '../http.ts';
import { detail, workshopDir } from '../runner/details.ts';
import { REACH_OUTCOMES, reachOutcome } from '../runner/reach.ts';
import { defineStep } from '../runner/run.ts';
import type { RunBase, ServiceDef } from '../runner/types.ts';
import type { StepDetail } from '../types.ts';

interface ReachSpec {
	id: string;
	title: { ja: string; en: string };
	page: string;
	defaultBaseUrl: string;
	/** Path requested on the Base URL ('/' or '/ui/'). */
	path: string;
	/** The service's name inside a sentence, per language. */
	what: { ja: string; en: string };
	remotePort: number;
	start(ctx: RunBase): StepDetail[];
}

const step = defineStep<RunBase>();

/**
 * A reachability-only service.
 *
 * Outcomes besides the shared first-request ones (REACH_OUTCOMES): `answers` (a
 * readable answer, any status but a 404 or 5xx), `answers_opaque` (the no-cors probe
 * answered: something listens, the browser may not read it — all this check asks),
 * `http_error` (404 or 5xx), `answers_redirect` (a redirect on the same origin, or one
 * the browser hides: something listens — a web UI sending to its login page or last
 * folder — and it is not followed; one to another host stays a failure).
 */
function reachService(spec: ReachSpec): ServiceDef<RunBase> {
	const reach = step({
		id: 'reach',
		label: { ja: `${spec.what.ja} に接続できるか`, en: `${spec.what.en} answers` },
		outcomes: {
			...REACH_OUTCOMES,
			cors_blocked: {
				status: 'ok',
				ja: {
					message:
						'{url} で何かが応答しています（ブラウザは応答の中身を読めないので、{what} かどうかまでは確かめていません）。ブラウザで開いて確認してください。',
				},
				en: {
					message:
						'Something answers at {url} (the browser may not read the answer, so it was not checked that it is {what}). Open it in the browser to see.',
				},
				code: 'answers_opaque',
			},
			redirect_same_origin: {
				status: 'ok',
				ja: {
					message:
						'{url} で何かが応答しています（同じホストの {location} へのリダイレクト。転送先は開いていません）。ブラウザで開いて確認してください。',
				},
				en: {
					message:
						'Something answers at {url} (a redirect to {location} on the same host, not followed). Open it in the browser to see.',
				},
				code: 'answers_redirect',
			},
			redirect: {
				status: 'ok',
				ja: {
					message:
						'{url} で何かが応答しています（リダイレクト。転送先は開いていません）。ブラウザで開いて確認してください。',
				},
				en: {
					message:
						'Something answers at {url} (a redirect, not followed). Open it in the browser to see.',
				},
				code: 'answers_redirect',
			},
			answers: {
				status: 'ok',
				ja: { message: '{what} が {url} で応答しました（HTTP {status}）。' },
				en: { message: '{what} answers at {url} (HTTP {status}).' },
			},
			http_error: {
				status: 'fail',
				ja: {
					message: '{url} は HTTP {status} を返しました。',
					fix: 'URL とポートを確認してください（既定: {defaultUrl}）。',
				},
				en: {
					message: '{url} answered HTTP {status}.',
					fix: 'Check the URL and port (default: {defaultUrl}).',
				},
			},
		},
		async run(ctx) {
			if (!ctx.url.ok)
				return {
					id: 'http_error',
					rendered: { code: ctx.url.code, message: ctx.url.message },
				};
			const url = `${ctx.base}${spec.path}`;
			const what = spec.what[ctx.lang];
			const params = { url, what, defaultUrl: spec.defaultBaseUrl };
			const r = await send(ctx.http, url, { method: 'GET' }, ctx.timeoutMs);
			if (r.kind !== 'response') {
				const o = await reachOutcome(ctx, url, r, {
					what,
					defaultUrl: spec.defaultBaseUrl,
					remotePort: spec.remotePort,
					start: spec.start(ctx),
				});
				return o.id === 'cors_blocked' ? { ...o, details: [detail(ctx, 'url', url)] } : o;
			}
			if (r.status === 404 || r.status >= 500)
				return { id: 'http_error', params: { ...params, status: r.status } };
			return { id: 'answers', params: { ...params, status: r.status } };
		},
	});
	return {
		id: spec.id,
		title: spec.title,
		intro: {
			ja: `${spec.what.ja}（${spec.defaultBaseUrl}）に接続できるかを確認します。`,
			en: `Checks that ${spec.what.en} (${spec.defaultBaseUrl}) answers.`,
		},
		page: spec.page,
		defaultBaseUrl: spec.defaultBaseUrl,
		inputs: {},
		steps: [reach],
		context: (base) => base,
	};
}

/** VS Code Server on the EC2 instance, through the set-up pages' forward (8080 → 18080). */
export const vscode = reachService({
	id: 'vscode',
	title: { ja: 'VS Code Server（EC2）', en: 'VS Code Server (EC2)' },
	page: 'setup/studio-ec2/',
	defaultBaseUrl: `http://localhost:${workshop.vscodeServer.localPort}`,
	path: '/',
	what: { ja: 'VS Code Server', en: 'VS Code Server' },
	remotePort: workshop.vscodeServer.instancePort,
	start: () => [],
});

/** LiteLLM's Admin UI, `{proxy}/ui/` (fixture `ui-slash`: 200 text/html; `/ui` is a 307 to it). */
export const litellmUi = reachService({
	id: 'litellm-ui',
	title: { ja: 'LiteLLM の管理画面（/ui）', en: 'LiteLLM Admin UI (/ui)' },
	page: 'workshops/litellm/',
	defaultBaseUrl: workshop.proxyBaseUrl,
	path: '/ui/',
	what: { ja: 'LiteLLM の Admin UI', en: "LiteLLM's Admin UI" },
	remotePort: 4000,
	start: (ctx) => [
		detail(
			ctx,
			'startEc2',
			`cd ${workshopDir(workshop.workingDirectory)} && ./manage-litellm.sh start`,
			true,
		),
	],
});
