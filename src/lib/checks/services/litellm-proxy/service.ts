/**
 * The LiteLLM Proxy check as a catalogue entry factory: 2.litellm's proxy on 4000 and
 * the MLflow workshop's own proxy on 4001 are the same LiteLLM with other values
 * (`LiteLLMFlavour`). Steps, in order:
 * - proxy: `GET {base}/health/liveliness` (no auth); `/health/readiness` goes out with
 *   it for the version (fixtures `health-liveliness`, `health-readiness`)
 * - key: `GET {base}/v1/models` with `Authorization: Bearer {key}`
 * - models: the list from `key` holds the chosen `model_name` (may call `/v1/model/info`)
 * - cline: `GET {base}/v1/model/info` with `x-litellm-api-key`, the call Cline makes
 * - chat: a one-token `POST {base}/v1/chat/completions` (costs tokens; on request only)
 * - fallback: the same with `"mock_testing_fallbacks": true` (costs tokens)
 *
 * proxy, key, models and cline start together (the model list is one shared request);
 * the verdict still names the first failing step in this order.
 *
 * Behaviour is built against LiteLLM 1.81's recorded answers (tests/fixtures/litellm)
 * and Chromium's Local Network Access behaviour (../shared/browser-local-network.md).
 */
import { distance } from 'fastest-levenshtein';
import { workshop } from '../../../../../workshop.config.ts';
import { send, type HttpOutcome } from '../../http.ts';
import {
	ChatResponseSchema,
	ModelInfoSchema,
	MAX_MODEL_IDS,
	ReadinessSchema,
	canonicalProviderModel,
	classifyAuthError,
	classifyCallError,
	isLivelinessBody,
	isMockFallbackError,
	looksLikeBedrockId,
	modelNamesForBedrockId,
	readModelIds,
	readProxyError,
	type ModelInfo,
	type ModelInfoEntry,
} from '../../litellm.ts';
import { NETWORK_CAUSES, PHRASES, renderMessage, type MessageParams } from '../../messages.ts';
import {
	detail,
	isLoopbackBase,
	port,
	portForwardDetail,
	quote,
	shellWord,
	workshopDir,
} from '../../runner/details.ts';
import { defineStep } from '../../runner/run.ts';
import { classifyFailure, refusalOutcome, type RefusalId } from '../../runner/transport.ts';
import { networkCause } from '../../transport.ts';
import type { Outcome, OutcomeEntry, RunBase, ServiceDef } from '../../runner/types.ts';
import type { ClineSettings, StepDetail } from '../../types.ts';
import { fromCatalog, RENDERED } from './outcomes.ts';

type Response = Extract<HttpOutcome, { kind: 'response' }>;

/** What differs between the workshop's LiteLLM Proxies. */
export interface LiteLLMFlavour {
	id: string;
	title: { ja: string; en: string };
	intro: { ja: string; en: string };
	page: string;
	defaultBaseUrl: string;
	expectedModel: string;
	/** Folder under `cline/` with its compose file and `.env`. */
	workingDirectory: string;
	/** Port the proxy listens on inside the EC2 instance (the port forward's `portNumber`). */
	instancePort: number;
	/** Start commands, run in `workingDirectory`. */
	start: { ec2: string; local: string };
	/** Config file names for `models.empty`. */
	configFiles: { ec2: string; local: string };
	/**
	 * The list tells the proxy belongs to another workshop when it holds none of
	 * `onlyNames` (names only this flavour's config has); `entry` says so.
	 */
	otherWorkshop?: { onlyNames: readonly string[]; entry: OutcomeEntry };
	/**
	 * What to do when Bedrock rejects or misses the proxy's AWS credentials
	 * (`credentials_expired` / `_missing` / `_invalid`), when it differs from 2.litellm's
	 * (IAM role on EC2, access keys in `.env` on a local PC); plain text, placeholders
	 * filled. The message itself stays the catalogue's.
	 */
	credentialsFix?: { ja: string; en: string };
}

/** State of one LiteLLM run. */
export interface LiteLLMContext extends RunBase {
	flavour: LiteLLMFlavour;
	/** `/v1/models` with the Bearer key, sent once and shared by key and models. */
	modelList(): Promise<HttpOutcome>;
	/** `/v1/model/info` with the Bearer key, once per run; undefined on any failure. */
	modelInfo(): Promise<ModelInfo | undefined>;
	/** `/health/readiness`, sent with the liveliness request; undefined on any failure. */
	readiness?: Promise<string | undefined>;
	/** From the key step. */
	modelIds?: string[];
	/** From the cline step (or the model info). */
	clineInfo?: ModelInfo;
	supportsPromptCaching?: boolean;
}

const step = defineStep<LiteLLMContext>();

/** The working directory as the pages' `cd` names it. */
const dir = (ctx: LiteLLMContext) => workshopDir(ctx.flavour.workingDirectory);

/**
 * Commands that check the proxy from a terminal, for when the browser cannot (Local
 * Network Access, CORS). Plain curl, which every participant has (this site's own
 * `npm run doctor` needs its repository, which participants do not have). Never
 * containing the key: the `/v1/models` call reads it from `$LITELLM_MASTER_KEY` and,
 * when the variable is unset, stops before sending anything, saying what to export.
 */
function terminalDetails(ctx: LiteLLMContext): StepDetail[] {
	const unset = PHRASES[ctx.lang].exportKeyFirst;
	return [
		detail(ctx, 'curlLive', `curl -sS ${shellWord(`${ctx.base}/health/liveliness`)}`, true),
		detail(
			ctx,
			'curl',
			`curl -sS ${shellWord(`${ctx.base}/v1/models`)} -H "Authorization: Bearer \${LITELLM_MASTER_KEY:?${unset}}"`,
			true,
		),
	];
}

/** `docker compose logs`, run in the working directory (the compose file is there). */
function logsDetail(ctx: LiteLLMContext): StepDetail {
	return detail(ctx, 'logs', `cd ${dir(ctx)} && docker compose logs --tail 100`, true);
}

/** Start commands (EC2 with its IAM role, local PC with access keys) and the EC2 port forward. */
function startDetails(ctx: LiteLLMContext): StepDetail[] {
	return [
		detail(ctx, 'startEc2', `cd ${dir(ctx)} && ${ctx.flavour.start.ec2}`, true),
		detail(ctx, 'startLocal', `cd ${dir(ctx)} && ${ctx.flavour.start.local}`, true),
		portForwardDetail(ctx, ctx.flavour.instancePort),
	];
}

/** What answered instead of LiteLLM, for 'not_litellm' messages. */
function describeAnswer(ctx: RunBase, r: Response): string {
	const p = PHRASES[ctx.lang];
	const ct = r.contentType || p.noContentType;
	if (/html/.test(r.contentType)) return p.htmlPage(r.status);
	if (r.status === 404) return p.http404(ct);
	if (!r.isJson) return p.notJson(r.status, ct);
	return p.unexpectedJson(r.status);
}

function responseDetails(ctx: RunBase, url: string, r: Response): StepDetail[] {
	const out = [detail(ctx, 'url', url), detail(ctx, 'status', String(r.status))];
	if (r.contentType) out.push(detail(ctx, 'contentType', r.contentType));
	const err = readProxyError(r.json);
	if (err?.message) out.push(detail(ctx, 'proxyMessage', quote(ctx, err.message)));
	else if (r.text && !/html/.test(r.contentType))
		out.push(detail(ctx, 'proxyMessage', quote(ctx, r.text)));
	return out;
}

/** The error text of a failed response: `error.message`, `detail`, or the body. */
function errorText(r: Response): string {
	const err = readProxyError(r.json);
	if (err?.message) return err.message;
	if (/html/.test(r.contentType)) return `HTTP ${r.status}`;
	return r.text.trim() || `HTTP ${r.status}`;
}

function lnaOutcome(ctx: LiteLLMContext, state: 'prompt' | 'denied') {
	const details = [...terminalDetails(ctx)];
	const origin = ctx.localNetwork?.pageOrigin;
	if (state === 'denied' && origin) {
		details.unshift(
			detail(
				ctx,
				'settings',
				`chrome://settings/content/siteDetails?site=${encodeURIComponent(origin)}`,
				true,
			),
		);
	}
	return {
		id: state === 'denied' ? ('lna_denied' as const) : ('lna_prompt' as const),
		params: { baseUrl: ctx.base },
		details,
	};
}

/**
 * Redirect, oversized body, timeout or network failure of a step after `proxy`,
 * through the one mapping. A network failure is named in words (`{cause}`); the raw
 * error is only in the detail row meant for a facilitator.
 */
async function transportOutcome(
	ctx: LiteLLMContext,
	url: string,
	endpoint: string,
	r: Exclude<HttpOutcome, { kind: 'response' }>,
	timeoutMs: number,
): Promise<Outcome<'timeout' | 'unreachable' | 'cors_blocked' | RefusalId>> {
	const params = {
		endpoint,
		baseUrl: ctx.base,
		timeoutSec: Math.round(timeoutMs / 100) / 10,
		cause: '',
	};
	if (r.kind === 'timeout')
		return { id: 'timeout', params, details: [detail(ctx, 'url', url), logsDetail(ctx)] };
	const { verdict } = await classifyFailure(ctx, url, r, false);
	if (verdict === 'redirect' || verdict === 'too_large')
		return refusalOutcome(ctx, url, r, { endpoint, baseUrl: ctx.base });
	if (r.kind !== 'network') throw new Error(`unexpected outcome ${r.kind}`);
	const id = verdict === 'cors_blocked' || verdict === 'timeout' ? verdict : 'unreachable';
	params.cause = NETWORK_CAUSES[ctx.lang][networkCause(r.code)];
	const details = [detail(ctx, 'url', url), detail(ctx, 'error', r.detail)];
	if (id === 'cors_blocked') details.push(...terminalDetails(ctx), logsDetail(ctx));
	else details.push(logsDetail(ctx));
	return { id, params, details };
}

/**
 * Outcomes of an answer no step takes (texts `*.redirect…`, `*.too_large`): a redirect
 * is never followed, a body over the limit never read to its end.
 */
function refusals<S extends 'warn' | 'fail'>(status: S) {
	return {
		redirect: status,
		redirect_same_origin: [status, 'redirect'],
		redirect_other_host: [status, 'redirect'],
		too_large: status,
	} as const;
}

/** The shared transport outcomes of a step after `proxy` (texts `*.timeout` …). */
const TRANSPORT = {
	timeout: 'fail',
	unreachable: 'fail',
	cors_blocked: 'fail',
	...refusals('fail'),
} as const;

const proxyStep = step({
	id: 'proxy',
	label: { ja: 'プロキシの起動', en: 'Proxy is up' },
	prerequisite: true,
	outcomes: {
		input: RENDERED,
		...fromCatalog('proxy', {
			ok: 'ok',
			unreachable: 'fail',
			dns: 'fail',
			tls: 'fail',
			timeout: 'fail',
			not_litellm: 'fail',
			http_error: 'fail',
			lna_prompt: 'fail',
			lna_denied: 'fail',
			cors_blocked: 'fail',
			reset: 'fail',
			tls_http_answers: ['fail', 'tls'],
			...refusals('fail'),
		}),
	},
	/** `GET {base}/health/liveliness`, no auth (fixture `health-liveliness`). */
	async run(ctx) {
		if (!ctx.url.ok)
			return { id: 'input', rendered: { code: ctx.url.code, message: ctx.url.message } };
		const url = `${ctx.base}/health/liveliness`;
		const params = {
			baseUrl: ctx.base,
			port: port(ctx),
			remotePort: ctx.flavour.instancePort,
			timeoutSec: ctx.timeoutMs / 1000,
		};
		const r = await send(
			ctx.http,
			url,
			{ method: 'GET', headers: { accept: 'application/json' } },
			ctx.timeoutMs,
		);
		if (r.kind === 'response') {
			if (r.status === 200 && r.isJson && isLivelinessBody(r.json))
				return { id: 'ok', params, details: [detail(ctx, 'url', url)] };
			if (r.status >= 500) {
				return {
					id: 'http_error',
					params: { ...params, status: r.status },
					details: [...responseDetails(ctx, url, r), logsDetail(ctx)],
				};
			}
			return {
				id: 'not_litellm',
				params: { ...params, what: describeAnswer(ctx, r) },
				details: responseDetails(ctx, url, r),
			};
		}
		const { verdict, probed, httpUrl } = await classifyFailure(ctx, url, r, true);
		if (verdict === 'redirect' || verdict === 'too_large')
			return refusalOutcome(ctx, url, r, { ...params, endpoint: '/health/liveliness' });
		const errDetails =
			r.kind === 'network'
				? [detail(ctx, 'url', url), detail(ctx, 'error', r.detail)]
				: [detail(ctx, 'url', url)];
		switch (verdict) {
			case 'lna_prompt':
			case 'lna_denied':
				return lnaOutcome(ctx, verdict === 'lna_denied' ? 'denied' : 'prompt');
			case 'timeout':
				if (probed) return { id: 'timeout', params, details: [detail(ctx, 'url', url)] };
				return {
					id: 'timeout',
					params,
					details: [
						detail(ctx, 'url', url),
						logsDetail(ctx),
						...(isLoopbackBase(ctx) ? startDetails(ctx).slice(2) : []),
					],
				};
			case 'dns':
				return {
					id: 'dns',
					params: { ...params, host: new URL(ctx.base).hostname },
					details: errDetails,
				};
			case 'tls':
				if (httpUrl)
					return { id: 'tls_http_answers', params: { ...params, httpUrl }, details: errDetails };
				return { id: 'tls', params, details: errDetails };
			case 'reset':
				return { id: 'reset', params, details: [...errDetails, logsDetail(ctx)] };
			case 'cors_blocked':
				return { id: 'cors_blocked', params, details: [...errDetails, ...terminalDetails(ctx)] };
			case 'unreachable':
				return { id: 'unreachable', params, details: [...errDetails, ...startDetails(ctx)] };
		}
	},
});

const keyStep = step({
	id: 'key',
	label: { ja: 'API キー', en: 'API key' },
	prerequisite: true,
	outcomes: {
		input: RENDERED,
		...fromCatalog('key', {
			...TRANSPORT,
			ok: 'ok',
			not_required: 'warn',
			not_litellm: 'fail',
			missing: 'fail',
			malformed: 'fail',
			rejected_no_db: 'fail',
			rejected: 'fail',
			server_error: 'fail',
			http_error: 'fail',
			too_many_models: ['fail', 'too_large'],
		}),
	},
	/** `GET {base}/v1/models` with `Authorization: Bearer {key}` (at most `MAX_MODEL_IDS` ids read). */
	async run(ctx) {
		const params: MessageParams = {
			baseUrl: ctx.base,
			defaultKey: workshop.defaultApiKey,
			endpoint: '/v1/models',
		};
		if (!ctx.key.ok)
			return { id: 'input', rendered: { code: ctx.key.code, message: ctx.key.message } };
		const url = `${ctx.base}/v1/models`;
		const r = await ctx.modelList();
		if (r.kind !== 'response') return transportOutcome(ctx, url, '/v1/models', r, ctx.timeoutMs);
		const keyPlace = detail(
			ctx,
			'masterKey',
			`${ctx.flavour.workingDirectory}/.env: LITELLM_MASTER_KEY`,
		);
		if (r.status === 200) {
			const list = readModelIds(r.json);
			if (!list.ok && list.count !== undefined) {
				return {
					id: 'too_many_models',
					params: { ...params, count: list.count, max: MAX_MODEL_IDS },
					details: [detail(ctx, 'url', url)],
				};
			}
			if (!r.isJson || !list.ok) {
				return {
					id: 'not_litellm',
					params: { ...params, what: describeAnswer(ctx, r) },
					details: responseDetails(ctx, url, r),
				};
			}
			ctx.modelIds = list.ids;
			const count = ctx.modelIds.length;
			if (!ctx.apiKey) return { id: 'not_required', params: { ...params, count } };
			return { id: 'ok', params: { ...params, count } };
		}
		const err = readProxyError(r.json);
		const verdict =
			r.status >= 400 && r.status < 500 ? classifyAuthError(r.status, err) : undefined;
		if (verdict) {
			const details = [detail(ctx, 'status', String(r.status))];
			if (err?.message) details.push(detail(ctx, 'proxyMessage', quote(ctx, err.message)));
			details.push(keyPlace);
			if (verdict === 'malformed') details.push(...terminalDetails(ctx));
			return { id: verdict, params, details };
		}
		if (r.status < 500 && (r.status === 404 || !r.isJson)) {
			return {
				id: 'not_litellm',
				params: { ...params, what: describeAnswer(ctx, r) },
				details: responseDetails(ctx, url, r),
			};
		}
		return {
			id: r.status >= 500 ? 'server_error' : 'http_error',
			params: { ...params, status: r.status, detail: quote(ctx, errorText(r)) },
			details: [...responseDetails(ctx, url, r), logsDetail(ctx)],
		};
	},
});

/**
 * Largest edit distance still suggested, as a share of the longer of the two names:
 * a quarter. 'bedrock-converse-us-claude-3-7-sonnet' (a missing '-v1', 3 edits in 40
 * characters) or 'bedrock-us-claude-3-7-sonnet-v1' (9) are suggested; '<img src=x …>'
 * (34) or 'claude' (34) are not; for a 6-character id, one edit.
 */
const SUGGEST_MAX_DISTANCE_RATIO = 1 / 4;

/**
 * The model id a mistyped `model_name` most likely meant, for the 'did you mean' of
 * `models.missing`.
 *
 * Case-insensitive equality first; otherwise the id with the smallest Levenshtein
 * distance (case-insensitive), if that distance is at most
 * `floor(max(model.length, id.length) × SUGGEST_MAX_DISTANCE_RATIO)` (a quarter) and
 * no other id is just as close (an even tie is a guess, not a suggestion).
 *
 * @param model the name as typed (trimmed)
 * @param ids the `id`s of `/v1/models`
 * @returns the suggested id, or undefined when nothing is close
 */
export function closestModel(model: string, ids: readonly string[]): string | undefined {
	if (ids.length === 0 || !model) return undefined;
	const lower = model.toLowerCase();
	const same = ids.find((id) => id.toLowerCase() === lower);
	if (same) return same;
	let best: { id: string; d: number } | undefined;
	let tie = false;
	for (const id of ids) {
		const d = distance(lower, id.toLowerCase());
		if (d > Math.floor(Math.max(model.length, id.length) * SUGGEST_MAX_DISTANCE_RATIO)) continue;
		if (!best || d < best.d) {
			best = { id, d };
			tie = false;
		} else if (d === best.d) {
			tie = true;
		}
	}
	return best && !tie ? best.id : undefined;
}

/** Placeholder entry for flavours that cannot tell another workshop's proxy (never returned). */
const NO_OTHER_WORKSHOP: OutcomeEntry = {
	status: 'fail',
	ja: { message: '別のワークショップの LiteLLM Proxy です。' },
	en: { message: "This is another workshop's LiteLLM Proxy." },
};

function modelsStep(flavour: LiteLLMFlavour) {
	return step({
		id: 'models',
		label: { ja: 'モデル一覧', en: 'Model list' },
		prerequisite: true,
		outcomes: {
			...fromCatalog('models', {
				ok: 'ok',
				empty: 'fail',
				no_input: 'fail',
				missing: 'fail',
				missing_suggest: ['fail', 'missing'],
				bedrock_id: 'fail',
				bedrock_id_mapped: ['fail', 'bedrock_id'],
			}),
			other_workshop: flavour.otherWorkshop?.entry ?? NO_OTHER_WORKSHOP,
		},
		/** The list from the key step holds the chosen model_name. */
		async run(ctx) {
			// The key step reads the same shared request; wait for its list.
			await ctx.modelList();
			const ids = ctx.modelIds ?? [];
			const listDetail = detail(ctx, 'models', ids.join(', '));
			const params: MessageParams = {
				model: ctx.model,
				expected: ctx.flavour.expectedModel,
				configEc2: ctx.flavour.configFiles.ec2,
				configLocal: ctx.flavour.configFiles.local,
			};
			if (ids.length === 0) {
				return {
					id: 'empty',
					params,
					details: [
						detail(
							ctx,
							'configFile',
							`${ctx.flavour.configFiles.ec2} (EC2) / ${ctx.flavour.configFiles.local} (${PHRASES[ctx.lang].localPc})`,
						),
						...startDetails(ctx).slice(0, 2),
					],
				};
			}
			const other = ctx.flavour.otherWorkshop;
			if (other && !other.onlyNames.some((n) => ids.includes(n)))
				return { id: 'other_workshop', params, details: [listDetail] };
			if (!ctx.model) return { id: 'no_input', params, details: [listDetail] };
			if (ids.includes(ctx.model)) return { id: 'ok', params, details: [listDetail] };

			if (looksLikeBedrockId(ctx.model)) {
				const info = await ctx.modelInfo();
				const names = info
					? modelNamesForBedrockId(info, ctx.model).filter((n) => ids.includes(n))
					: [];
				if (names.length > 0) {
					return {
						id: 'bedrock_id_mapped',
						params: { ...params, modelName: names[0] },
						details: [detail(ctx, 'suggestion', names[0], true), listDetail],
					};
				}
				return { id: 'bedrock_id', params, details: [listDetail] };
			}
			const suggestion = closestModel(ctx.model, ids);
			if (suggestion) {
				return {
					id: 'missing_suggest',
					params: { ...params, suggestion },
					details: [detail(ctx, 'suggestion', suggestion, true), listDetail],
				};
			}
			return { id: 'missing', params, details: [listDetail] };
		},
	});
}

function findEntry(info: ModelInfo | undefined, model: string): ModelInfoEntry | undefined {
	return info?.data.find((d) => d.model_name === model);
}

const clineStep = step({
	id: 'cline',
	label: { ja: 'Cline から見たモデル情報', en: 'Model info as Cline sees it' },
	outcomes: fromCatalog('cline', {
		timeout: 'warn',
		unreachable: 'warn',
		cors_blocked: 'warn',
		not_litellm: 'warn',
		http_error: 'warn',
		model_absent: 'warn',
		prompt_caching: 'ok',
		no_prompt_caching: 'ok',
		prompt_caching_unknown: 'ok',
		...refusals('warn'),
	}),
	/**
	 * `GET {base}/v1/model/info` with `x-litellm-api-key`, as Cline's LiteLLM provider
	 * does (cline/cline src/core/api/providers/litellm.ts, `fetchLiteLlmModelsInfo`;
	 * fixtures `model-info-v1`, preflight `cors-preflight-models-v1-x-litellm-api-key`).
	 * Cline falls back to defaults when this fails, so every failure here is a warning.
	 */
	async run(ctx) {
		const url = `${ctx.base}/v1/model/info`;
		const params: MessageParams = {
			model: ctx.model,
			endpoint: '/v1/model/info',
			timeoutSec: ctx.timeoutMs / 1000,
		};
		// An unusable input fails an earlier row; send nothing with it.
		if (!ctx.url.ok || !ctx.key.ok) return { id: 'model_absent', params };
		const headers: Record<string, string> = { accept: 'application/json' };
		if (ctx.apiKey) headers['x-litellm-api-key'] = ctx.apiKey;
		const r = await send(ctx.http, url, { method: 'GET', headers }, ctx.timeoutMs);
		if (r.kind !== 'response')
			return transportOutcome(ctx, url, '/v1/model/info', r, ctx.timeoutMs);
		if (r.status !== 200) {
			return {
				id: 'http_error',
				params: { ...params, status: r.status },
				details: responseDetails(ctx, url, r),
			};
		}
		const info = ModelInfoSchema.safeParse(r.json);
		if (!r.isJson || !info.success) {
			return {
				id: 'not_litellm',
				params: { ...params, what: describeAnswer(ctx, r) },
				details: responseDetails(ctx, url, r),
			};
		}
		ctx.clineInfo = info.data;
		const entry = findEntry(info.data, ctx.model);
		if (!entry) return { id: 'model_absent', params };
		const caching = entry.model_info?.supports_prompt_caching;
		const p = PHRASES[ctx.lang];
		const details: StepDetail[] = [
			detail(ctx, 'caching', caching === true ? 'true' : caching === false ? 'false' : p.unknown),
		];
		if (entry.litellm_params?.model)
			details.push(detail(ctx, 'bedrockModel', entry.litellm_params.model));
		if (/claude-3-7/i.test(`${ctx.model} ${entry.litellm_params?.model ?? ''}`))
			details.push(detail(ctx, 'thinking', p.thinkingOff));
		if (caching === true || caching === false) ctx.supportsPromptCaching = caching;
		const id =
			caching === true
				? 'prompt_caching'
				: caching === false
					? 'no_prompt_caching'
					: 'prompt_caching_unknown';
		return { id, params, details };
	},
});

/** One chat completion; shared by the chat and fallback steps. */
async function callChat(ctx: LiteLLMContext, extra: Record<string, unknown>) {
	const url = `${ctx.base}/v1/chat/completions`;
	const headers: Record<string, string> = {
		accept: 'application/json',
		'content-type': 'application/json',
	};
	if (ctx.apiKey) headers.authorization = `Bearer ${ctx.apiKey}`;
	const body = JSON.stringify({
		model: ctx.model,
		messages: [{ role: 'user', content: 'ping' }],
		max_tokens: 1,
		...extra,
	});
	const r = await send(ctx.http, url, { method: 'POST', headers, body }, ctx.chatTimeoutMs);
	return { url, r };
}

/** Outcomes of a failed completion (`classifyCallError`), shared by chat and fallback. */
const CALL_ERRORS = {
	invalid_model: 'fail',
	inference_profile: 'fail',
	credentials_expired: 'fail',
	credentials_missing: 'fail',
	credentials_invalid: 'fail',
	access_denied: 'fail',
	bedrock_model_invalid: 'fail',
	throttled: 'fail',
	no_deployments: 'fail',
	cooldown: 'fail',
	key_rejected: 'fail',
	call_failed: 'fail',
} as const;
type CallError = keyof typeof CALL_ERRORS;

function callErrorOutcome(
	ctx: LiteLLMContext,
	stepId: 'chat' | 'fallback',
	url: string,
	r: Response,
): Outcome<CallError> {
	const text = errorText(r);
	const id = classifyCallError(r.status, text, readProxyError(r.json)) as CallError;
	const params: MessageParams = {
		model: ctx.model,
		status: r.status,
		detail: quote(ctx, text),
		configEc2: ctx.flavour.configFiles.ec2,
		configLocal: ctx.flavour.configFiles.local,
	};
	const details = responseDetails(ctx, url, r);
	const own = ctx.flavour.credentialsFix;
	if (own && id.startsWith('credentials_')) {
		const code = `${stepId}.${id}`;
		const { message } = renderMessage(code, ctx.lang, params);
		return { id, params, details, rendered: { code, message, fix: own[ctx.lang] } };
	}
	if (id === 'throttled')
		details.push(detail(ctx, 'quota', 'tokens per minute for Anthropic Claude', true));
	if (id === 'call_failed' || id === 'no_deployments' || id === 'cooldown')
		details.push(logsDetail(ctx));
	return { id, params, details };
}

const chatStep = step({
	id: 'chat',
	label: { ja: 'モデルの呼び出し（1 トークン）', en: 'Model call (1 token)' },
	costsTokens: true,
	outcomes: fromCatalog('chat', { ...TRANSPORT, ...CALL_ERRORS, ok: 'ok', not_litellm: 'fail' }),
	/** A one-token completion (fixture `chat-completions-ok`; errors: `classifyCallError`). */
	async run(ctx) {
		const { url, r } = await callChat(ctx, {});
		if (r.kind !== 'response')
			return transportOutcome(ctx, url, '/v1/chat/completions', r, ctx.chatTimeoutMs);
		if (r.status !== 200) return callErrorOutcome(ctx, 'chat', url, r);
		const chat = ChatResponseSchema.safeParse(r.json);
		if (!r.isJson || !chat.success) {
			return {
				id: 'not_litellm',
				params: { endpoint: '/v1/chat/completions', what: describeAnswer(ctx, r) },
				details: responseDetails(ctx, url, r),
			};
		}
		const answered = chat.data.model ?? '?';
		const reply = chat.data.choices?.[0]?.message?.content ?? '';
		const details = [detail(ctx, 'answered', quote(ctx, answered))];
		if (reply) details.push(detail(ctx, 'reply', quote(ctx, reply)));
		return { id: 'ok', params: { model: ctx.model, answered: quote(ctx, answered) }, details };
	},
});

const fallbackStep = step({
	id: 'fallback',
	label: { ja: 'フォールバック', en: 'Fallback' },
	costsTokens: true,
	outcomes: fromCatalog('fallback', {
		...TRANSPORT,
		...CALL_ERRORS,
		ok: 'ok',
		same_model: 'warn',
		answered: 'warn',
		not_configured: 'fail',
		not_litellm: 'fail',
	}),
	/**
	 * The chat request plus `"mock_testing_fallbacks": true` (fixture
	 * `chat-completions-mock-testing-fallbacks`). The body's `model` says which deployment
	 * answered (the `x-litellm-*` headers are not exposed cross-origin); it is compared with
	 * the primary deployment's `litellm_params.model` from `/v1/model/info`.
	 */
	async run(ctx) {
		const info = await ctx.modelInfo();
		const primary = findEntry(info, ctx.model)?.litellm_params?.model ?? undefined;
		const { url, r } = await callChat(ctx, { mock_testing_fallbacks: true });
		if (r.kind !== 'response')
			return transportOutcome(ctx, url, '/v1/chat/completions', r, ctx.chatTimeoutMs);
		if (r.status !== 200) {
			if (isMockFallbackError(errorText(r))) {
				return {
					id: 'not_configured',
					params: {
						model: ctx.model,
						promptCaching: workshop.configFiles.promptCaching,
						configEc2: ctx.flavour.configFiles.ec2,
					},
					details: responseDetails(ctx, url, r),
				};
			}
			return callErrorOutcome(ctx, 'fallback', url, r);
		}
		const chat = ChatResponseSchema.safeParse(r.json);
		if (!r.isJson || !chat.success || !chat.data.model) {
			return {
				id: 'not_litellm',
				params: { endpoint: '/v1/chat/completions', what: describeAnswer(ctx, r) },
				details: responseDetails(ctx, url, r),
			};
		}
		const answeredModel = chat.data.model;
		const answeredName = info?.data.find(
			(d) =>
				d.litellm_params?.model &&
				canonicalProviderModel(d.litellm_params.model) === canonicalProviderModel(answeredModel),
		)?.model_name;
		const answered = quote(
			ctx,
			answeredName ? `${answeredName} (${answeredModel})` : answeredModel,
		);
		const details = [detail(ctx, 'answered', answered)];
		if (primary) details.push(detail(ctx, 'primary', quote(ctx, primary)));
		const params = { model: ctx.model, answered };
		if (!primary) return { id: 'answered', params, details };
		if (canonicalProviderModel(primary) === canonicalProviderModel(answeredModel))
			return { id: 'same_model', params, details };
		return { id: 'ok', params, details };
	},
});

/** The memoised requests of one run. */
function liteLLMContext(base: RunBase, flavour: LiteLLMFlavour): LiteLLMContext {
	let list: Promise<HttpOutcome> | undefined;
	let info: Promise<ModelInfo | undefined> | undefined;
	const bearer = (): Record<string, string> => {
		const headers: Record<string, string> = { accept: 'application/json' };
		if (base.apiKey) headers.authorization = `Bearer ${base.apiKey}`;
		return headers;
	};
	const ctx: LiteLLMContext = {
		...base,
		flavour,
		// Nothing leaves with an unusable input (its row fails with the input's code).
		modelList: () =>
			(list ??=
				!base.url.ok || !base.key.ok
					? Promise.resolve({ kind: 'network', code: 'INPUT', detail: '' } as const)
					: send(
							base.http,
							`${base.base}/v1/models`,
							{ method: 'GET', headers: bearer() },
							base.timeoutMs,
						)),
		modelInfo: () =>
			(info ??= (async () => {
				if (ctx.clineInfo) return ctx.clineInfo;
				const r = await send(
					base.http,
					`${base.base}/v1/model/info`,
					{ method: 'GET', headers: bearer() },
					base.timeoutMs,
				);
				if (r.kind !== 'response' || r.status !== 200) return undefined;
				const parsed = ModelInfoSchema.safeParse(r.json);
				return parsed.success ? parsed.data : undefined;
			})().catch(() => undefined)),
	};
	// The version rides along with the liveliness request, unless the input is
	// unusable (then nothing at all is sent).
	if (base.url.ok && base.key.ok) {
		ctx.readiness = send(
			base.http,
			`${base.base}/health/readiness`,
			{ method: 'GET', headers: { accept: 'application/json' } },
			base.timeoutMs,
		)
			.then((r) => {
				if (r.kind !== 'response' || r.status !== 200) return undefined;
				const parsed = ReadinessSchema.safeParse(r.json);
				return parsed.success ? (parsed.data.litellm_version ?? undefined) : undefined;
			})
			.catch(() => undefined);
	}
	return ctx;
}

/**
 * A LiteLLM Proxy catalogue entry.
 *
 * @param flavour the workshop's values for this proxy
 * @returns the service: steps proxy, key, models, cline (default) and chat, fallback (tokens)
 */
export function liteLLMService(flavour: LiteLLMFlavour): ServiceDef<LiteLLMContext> {
	return {
		id: flavour.id,
		title: flavour.title,
		intro: flavour.intro,
		page: flavour.page,
		defaultBaseUrl: flavour.defaultBaseUrl,
		inputs: { apiKey: true, model: true },
		defaultModel: flavour.expectedModel,
		steps: [proxyStep, keyStep, modelsStep(flavour), clineStep, chatStep, fallbackStep],
		params: { workingDirectory: flavour.workingDirectory, remotePort: flavour.instancePort },
		context: (base) => liteLLMContext(base, flavour),
		async finish(ctx, results) {
			const passed = (id: string) =>
				results.some((r) => r.id === id && (r.status === 'ok' || r.status === 'warn'));
			const extras: { cline?: ClineSettings; version?: string } = {};
			if (passed('proxy')) {
				const version = await ctx.readiness;
				if (version) extras.version = version;
			}
			if (passed('proxy') && passed('key') && passed('models')) {
				const cline: ClineSettings = {
					provider: 'LiteLLM',
					baseUrl: ctx.base,
					apiKey: ctx.apiKey,
					modelId: ctx.model,
				};
				if (ctx.supportsPromptCaching !== undefined)
					cline.supportsPromptCaching = ctx.supportsPromptCaching;
				extras.cline = cline;
			}
			return extras;
		},
	};
}
