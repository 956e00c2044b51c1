/**
 * Catalogue entry: the Langfuse workshop (4.langfuse). Steps, in order:
 * - web: Langfuse's web container answers its health endpoint,
 *   `GET {webUrl}/api/public/health` → 200 `{"status":"OK","version":…}`, 503 when it
 *   is not healthy (Langfuse docs, "Health and Readiness Check Endpoints":
 *   https://langfuse.com/self-hosting/health-readiness-endpoints — no recording exists;
 *   the test server follows that page). When the browser may not read the answer
 *   (no CORS headers), the no-cors probe still tells "something answers" from
 *   "nothing listens", and the message says that it cannot tell more.
 * - proxy: LiteLLM Proxy answers `GET {base}/health/readiness` (no key; fixture
 *   `workshop-langfuse-health-readiness`).
 * - callbacks: its `success_callbacks` lists "langfuse": `update-config` was run and
 *   LiteLLM restarted with the Langfuse config (`["langfuse","sync_deployment_callback_on_success"]`
 *   after it, `["sync_deployment_callback_on_success"]` before; fixture `workshop-health-readiness`).
 *
 * No key is asked for: nothing here needs one.
 */
import * as z from 'zod/mini';
import { workshop } from '../../../../workshop.config.ts';
import { send, type HttpOutcome } from '../http.ts';
import { ReadinessSchema, isLivelinessBody } from '../litellm.ts';
import { PHRASES } from '../messages.ts';
import { detail, quote, workshopDir } from '../runner/details.ts';
import { REACH_OUTCOMES, reachOutcome, type ReachInfo } from '../runner/reach.ts';
import { defineStep } from '../runner/run.ts';
import type { RunBase, ServiceDef } from '../runner/types.ts';

/** `GET /api/public/health` body (Langfuse docs, see the module comment). */
const HealthSchema = z.object({ status: z.string(), version: z.optional(z.string()) });

interface LangfuseContext extends RunBase {
	webUrl: string;
	/** `/health/readiness` of the proxy, sent once, shared by proxy and callbacks. */
	readiness(): Promise<HttpOutcome>;
	/** From the proxy step. */
	callbacks?: string[];
	version?: string;
}

const step = defineStep<LangfuseContext>();
const DIR = workshopDir(workshop.langfuse.workingDirectory);
const LITELLM_DIR = workshopDir(workshop.workingDirectory);

function describe(ctx: RunBase, r: Extract<HttpOutcome, { kind: 'response' }>): string {
	const p = PHRASES[ctx.lang];
	if (/html/.test(r.contentType)) return p.htmlPage(r.status);
	if (!r.isJson) return p.notJson(r.status, r.contentType || p.noContentType);
	return p.unexpectedJson(r.status);
}

const webStep = step({
	id: 'web',
	label: { ja: 'Langfuse の Web 画面', en: 'Langfuse web' },
	prerequisite: true,
	outcomes: {
		...REACH_OUTCOMES,
		ok: {
			status: 'ok',
			ja: { message: 'Langfuse が {url} で応答しました（バージョン {version}）。' },
			en: { message: 'Langfuse answers at {url} (version {version}).' },
		},
		unhealthy: {
			status: 'fail',
			ja: {
				message: 'Langfuse は応答しましたが、正常ではないと答えました（HTTP {status}）。',
				fix: '4.langfuse で docker compose logs を実行し、langfuse-web とデータベースのコンテナのログを確認してください。起動直後なら 1 分ほど待って再実行します。',
			},
			en: {
				message: 'Langfuse answered but says it is not healthy (HTTP {status}).',
				fix: 'Run docker compose logs in 4.langfuse and read the langfuse-web and database logs. If it just started, wait a minute and retry.',
			},
		},
		not_langfuse: {
			status: 'fail',
			ja: {
				message: '{url} で応答したのは Langfuse ではないようです（{what}）。',
				fix: 'Langfuse の Web 画面はポート 3000 です。別のアプリが 3000 番を使っていないか確認してください。',
			},
			en: {
				message: 'What answers at {url} does not seem to be Langfuse ({what}).',
				fix: "Langfuse's web UI uses port 3000: check that no other app holds it.",
			},
		},
	},
	async run(ctx) {
		const url = `${ctx.webUrl}/api/public/health`;
		const r = await send(
			ctx.http,
			url,
			{ method: 'GET', headers: { accept: 'application/json' } },
			ctx.timeoutMs,
		);
		const info: ReachInfo = {
			what: 'Langfuse',
			defaultUrl: workshop.langfuse.webUrl,
			remotePort: Number(new URL(workshop.langfuse.webUrl).port || 3000),
			start: [
				detail(ctx, 'startEc2', `cd ${DIR} && ./manage-langfuse.sh start`, true),
				detail(
					ctx,
					'startLocal',
					`cd ${DIR} && ./manage-langfuse.sh -c ${workshop.configFiles.local} start`,
					true,
				),
			],
		};
		if (r.kind !== 'response') return reachOutcome(ctx, url, r, info);
		const health = HealthSchema.safeParse(r.json);
		if (r.isJson && health.success) {
			const version = quote(ctx, health.data.version ?? PHRASES[ctx.lang].unknown);
			if (r.status === 200 && health.data.status.toUpperCase() === 'OK') {
				return { id: 'ok', params: { url: ctx.webUrl, version } };
			}
		}
		if (r.status === 503)
			return { id: 'unhealthy', params: { status: r.status }, details: [detail(ctx, 'url', url)] };
		return {
			id: 'not_langfuse',
			params: { url: ctx.webUrl, what: describe(ctx, r) },
			details: [detail(ctx, 'url', url), detail(ctx, 'status', String(r.status))],
		};
	},
});

const proxyStep = step({
	id: 'proxy',
	label: { ja: 'LiteLLM Proxy の起動', en: 'LiteLLM Proxy is up' },
	prerequisite: true,
	outcomes: {
		...REACH_OUTCOMES,
		input: { status: 'fail', ja: { message: '' }, en: { message: '' } },
		ok: {
			status: 'ok',
			ja: { message: 'LiteLLM Proxy が {url} で応答しました。' },
			en: { message: 'LiteLLM Proxy answers at {url}.' },
		},
		not_litellm: {
			status: 'fail',
			ja: {
				message: '{url} の /health/readiness の応答が LiteLLM の形式ではありません（{what}）。',
				fix: 'Base URL のポートが LiteLLM Proxy（通常 4000）か確認してください。',
			},
			en: {
				message: "/health/readiness at {url} is not in LiteLLM's format ({what}).",
				fix: "Check that the Base URL port is the LiteLLM Proxy's (normally 4000).",
			},
		},
	},
	async run(ctx) {
		if (!ctx.url.ok)
			return { id: 'input', rendered: { code: ctx.url.code, message: ctx.url.message } };
		const url = `${ctx.base}/health/readiness`;
		const r = await ctx.readiness();
		if (r.kind !== 'response')
			return reachOutcome(ctx, url, r, {
				what: 'LiteLLM Proxy',
				defaultUrl: workshop.proxyBaseUrl,
				remotePort: 4000,
				start: [
					detail(ctx, 'updateConfig', `cd ${DIR} && ./manage-langfuse.sh update-config`, true),
				],
			});
		const ready = ReadinessSchema.safeParse(r.json);
		if (r.status === 200 && r.isJson && ready.success && !isLivelinessBody(r.json)) {
			ctx.callbacks = (ready.data.success_callbacks ?? []).map(String);
			if (ready.data.litellm_version) ctx.version = ready.data.litellm_version;
			return { id: 'ok', params: { url: ctx.base } };
		}
		return {
			id: 'not_litellm',
			params: { url: ctx.base, what: describe(ctx, r) },
			details: [detail(ctx, 'url', url), detail(ctx, 'status', String(r.status))],
		};
	},
});

const callbacksStep = step({
	id: 'callbacks',
	label: { ja: 'LiteLLM から Langfuse への送信設定', en: 'LiteLLM sends to Langfuse' },
	outcomes: {
		ok: {
			status: 'ok',
			ja: {
				message:
					'LiteLLM Proxy の success_callbacks に langfuse があります。呼び出しが Langfuse に記録されます。',
			},
			en: {
				message: "LiteLLM Proxy's success_callbacks list langfuse: calls are traced in Langfuse.",
			},
		},
		missing: {
			status: 'fail',
			ja: {
				message:
					'LiteLLM Proxy の success_callbacks に langfuse がありません（今の値: {callbacks}）。',
				fix: '4.langfuse で ./manage-langfuse.sh update-config を実行していないか、LiteLLM Proxy が Langfuse の設定で起動し直されていません。update-config を実行し、LiteLLM Proxy が再起動したことを確かめてから再実行してください。',
			},
			en: {
				message: "LiteLLM Proxy's success_callbacks do not list langfuse (now: {callbacks}).",
				fix: 'Either ./manage-langfuse.sh update-config was not run in 4.langfuse, or LiteLLM Proxy was not restarted with the Langfuse config. Run update-config, make sure the proxy restarted, then retry.',
			},
		},
	},
	async run(ctx) {
		await ctx.readiness();
		const list = ctx.callbacks ?? [];
		const details = [detail(ctx, 'callbacks', list.map((c) => quote(ctx, c)).join(', ') || '[]')];
		if (list.includes('langfuse')) return { id: 'ok', details };
		return {
			id: 'missing',
			params: { callbacks: quote(ctx, list.join(', ')) || PHRASES[ctx.lang].none },
			details: [
				...details,
				detail(ctx, 'updateConfig', `cd ${DIR} && ./manage-langfuse.sh update-config`, true),
				detail(ctx, 'logs', `cd ${LITELLM_DIR} && docker compose logs --tail 100`, true),
			],
		};
	},
});

export const langfuse: ServiceDef<LangfuseContext> = {
	id: 'langfuse',
	title: {
		ja: 'Langfuse と LiteLLM の連携（4.langfuse）',
		en: 'Langfuse and LiteLLM (4.langfuse)',
	},
	intro: {
		ja: 'Langfuse の Web 画面が応答するか、LiteLLM Proxy が起動しているか、LiteLLM Proxy が Langfuse に記録を送る設定になっているかを確認します。',
		en: 'Checks that Langfuse web answers, LiteLLM Proxy is up, and LiteLLM Proxy is set to send traces to Langfuse.',
	},
	page: 'workshops/langfuse/',
	defaultBaseUrl: workshop.proxyBaseUrl,
	inputs: {},
	extraUrls: {
		langfuseWeb: {
			default: workshop.langfuse.webUrl,
			label: { ja: 'Langfuse の URL', en: 'Langfuse URL' },
		},
	},
	steps: [webStep, proxyStep, callbacksStep],
	context(base) {
		let readiness: Promise<HttpOutcome> | undefined;
		return {
			...base,
			webUrl: base.urls.langfuseWeb ?? workshop.langfuse.webUrl,
			readiness: () =>
				(readiness ??= !base.url.ok
					? Promise.resolve({ kind: 'network', code: 'INPUT', detail: '' } as const)
					: send(
							base.http,
							`${base.base}/health/readiness`,
							{ method: 'GET', headers: { accept: 'application/json' } },
							base.timeoutMs,
						)),
		};
	},
	finish: (ctx) => (ctx.version ? { version: ctx.version } : {}),
};
