/**
 * The check engine: runs the steps of a LiteLLM Proxy readiness check with an
 * injected `fetch` and reports every outcome with a stable code and a message in
 * Japanese (or English). Pure TypeScript: no Astro, no DOM globals, so the browser
 * component, the CLI (scripts/doctor.ts, undici's fetch) and the tests share it.
 *
 * Behaviour is built against LiteLLM 1.81's recorded answers (tests/fixtures/litellm)
 * and Chromium's Local Network Access behaviour (/work/shared/browser-local-network.md).
 */
import { distance } from 'fastest-levenshtein';
import { workshop } from '../../../workshop.config.ts';
import { probeNoCors, send, type HttpContext, type HttpOutcome } from './http.ts';
import { httpTwin, networkCause, refusedAnswer } from './transport.ts';
import {
	ChatResponseSchema,
	ModelInfoSchema,
	MAX_MODEL_IDS,
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
} from './litellm.ts';
import {
	DETAIL_LABELS,
	NETWORK_CAUSES,
	renderMessage,
	type DetailLabel,
	type MessageParams,
} from './messages.ts';
import { isLoopbackHostname, normalizeApiKey, normalizeBaseUrl, redactKey } from './normalize.ts';
import type {
	CheckReport,
	ClineSettings,
	InputNote,
	Lang,
	LocalNetworkPermission,
	NormalizedKey,
	NormalizedUrl,
	RunOptions,
	StepDetail,
	StepId,
	StepResult,
	StepStatus,
} from './types.ts';

/** Every step, in run order. */
export const ALL_STEPS: readonly StepId[] = ['proxy', 'key', 'models', 'cline', 'chat', 'fallback'];
/** Steps of a run without `steps`: nothing that costs tokens. */
export const DEFAULT_STEPS: readonly StepId[] = ['proxy', 'key', 'models', 'cline'];
/** Steps every other step needs. */
const PREREQUISITES: readonly StepId[] = ['proxy', 'key', 'models'];

/** Longest proxy-supplied text quoted in a message or detail (characters). */
const MAX_QUOTE = 300;
/** How long the engine waits for `localNetwork.permission()` (ms). */
const PERMISSION_WAIT_MS = 1000;

/**
 * The rows a run will have: the requested ones plus their prerequisites, in run order.
 * @param steps requested steps; undefined → DEFAULT_STEPS
 */
export function planSteps(steps?: readonly StepId[]): StepId[] {
	const wanted = new Set<StepId>(steps && steps.length > 0 ? steps : DEFAULT_STEPS);
	for (const s of [...wanted]) {
		for (const p of PREREQUISITES) if (ALL_STEPS.indexOf(p) < ALL_STEPS.indexOf(s)) wanted.add(p);
	}
	return ALL_STEPS.filter((s) => wanted.has(s));
}

/** What a step function returns; the runner adds id, ms and the texts. */
interface Outcome {
	status: Exclude<StepStatus, 'pending' | 'running' | 'skipped'>;
	code: string;
	/** Catalog entry for the texts when it differs from `code` (a variant). */
	text?: string;
	params?: MessageParams;
	/** Texts already rendered (input validation errors). */
	rendered?: { message: string; fix?: string };
	details?: StepDetail[];
}

/** State shared by the steps of one run. */
interface Run {
	lang: Lang;
	http: HttpContext;
	timeoutMs: number;
	chatTimeoutMs: number;
	url: NormalizedUrl;
	/** Normalised base URL, or the trimmed raw input when it could not be used. */
	base: string;
	key: NormalizedKey;
	/** The usable key ('' when none or invalid). */
	apiKey: string;
	model: string;
	localNetwork: RunOptions['localNetwork'];
	/** From the key step. */
	modelIds?: string[];
	/** From `/v1/model/info`, fetched by models, cline or fallback when needed. */
	modelInfo?: ModelInfo;
	supportsPromptCaching?: boolean;
}

const now = (): number => globalThis.performance?.now() ?? Date.now();

function detail(run: Run, label: DetailLabel, value: string, copy = false): StepDetail {
	return copy
		? { label: DETAIL_LABELS[run.lang][label], value, copy }
		: { label: DETAIL_LABELS[run.lang][label], value };
}

/** Proxy text made safe to quote: key redacted (see `redactKey`), whitespace collapsed, length capped. */
function quote(run: Run, text: string): string {
	const flat = redactKey(text, run.apiKey, run.lang).replace(/\s+/g, ' ').trim();
	return flat.length > MAX_QUOTE ? `${flat.slice(0, MAX_QUOTE)}…` : flat;
}

function port(run: Run): string {
	try {
		const u = new URL(run.base);
		return u.port || (u.protocol === 'https:' ? '443' : '80');
	} catch {
		return '4000';
	}
}

function isLoopbackBase(run: Run): boolean {
	try {
		return isLoopbackHostname(new URL(run.base).hostname);
	} catch {
		return false;
	}
}

/**
 * `value` as one word for bash, zsh and sh: as it is when it holds only characters no
 * shell treats specially, else in single quotes. A Base URL may legally hold `;`, `$`,
 * `'`, `(` or `[ ]` (IPv6), which a pasted command must not run or expand.
 */
function shellWord(value: string): string {
	return /^[A-Za-z0-9_\/:.,@%+=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The LiteLLM hands-on's working directory, as the LiteLLM page's `cd` names it
 * (`~/aws-samples/workshops/ai-coding-workshop/cline/<workingDirectory>`; the seed's
 * 「作業ディレクトリに移動」, the same on EC2 and a local PC). `workingDirectory`
 * comes from workshop.config.ts.
 */
const WORKING_DIR = `~/${shellWord(`aws-samples/workshops/ai-coding-workshop/cline/${workshop.workingDirectory}`)}`;

/**
 * Commands that check the proxy from a terminal, for when the browser cannot (Local
 * Network Access, CORS). Plain curl, which every participant has (this site's own
 * `npm run doctor` needs its repository, which participants do not have; the README
 * documents it for facilitators). Never containing the key: the `/v1/models` call reads
 * it from `$LITELLM_MASTER_KEY` (as the LiteLLM page's curl check does) and, when the
 * variable is unset, stops before sending anything, saying what to export.
 */
function terminalDetails(run: Run): StepDetail[] {
	const unset =
		run.lang === 'ja'
			? '先に export LITELLM_MASTER_KEY=<API キー> を実行してください'
			: 'run export LITELLM_MASTER_KEY=<your API key> first';
	return [
		detail(run, 'curlLive', `curl -sS ${shellWord(`${run.base}/health/liveliness`)}`, true),
		detail(
			run,
			'curl',
			`curl -sS ${shellWord(`${run.base}/v1/models`)} -H "Authorization: Bearer \${LITELLM_MASTER_KEY:?${unset}}"`,
			true,
		),
	];
}

/** `docker compose logs`, run in the working directory (the compose file is there). */
function logsDetail(run: Run): StepDetail {
	return detail(run, 'logs', `cd ${WORKING_DIR} && docker compose logs --tail 100`, true);
}

/** Start commands (EC2 with its IAM role, local PC with access keys) and the EC2 port forward. */
function startDetails(run: Run): StepDetail[] {
	// The same placeholder as the set-up pages and manual-facts.md write (`<instance id>`).
	const instance = '<instance id>';
	const p = port(run);
	return [
		detail(run, 'startEc2', `cd ${WORKING_DIR} && ./manage-litellm.sh start`, true),
		detail(
			run,
			'startLocal',
			`cd ${WORKING_DIR} && ./manage-litellm.sh -c ${shellWord(workshop.configFiles.local)} start`,
			true,
		),
		detail(
			run,
			'portForward',
			`aws ssm start-session --target ${instance} --document-name AWS-StartPortForwardingSession --parameters '{"portNumber":["4000"],"localPortNumber":["${p}"]}' --profile ${shellWord(workshop.awsProfile)}`,
			true,
		),
	];
}

/** What answered instead of LiteLLM, for 'not_litellm' messages. */
function describeAnswer(run: Run, r: Extract<HttpOutcome, { kind: 'response' }>): string {
	const ja = run.lang === 'ja';
	const ct = r.contentType || (ja ? 'Content-Type なし' : 'no Content-Type');
	if (/html/.test(r.contentType))
		return ja ? `HTML のページ、HTTP ${r.status}` : `an HTML page, HTTP ${r.status}`;
	if (r.status === 404) return ja ? `HTTP 404、${ct}` : `HTTP 404, ${ct}`;
	if (!r.isJson)
		return ja ? `JSON ではない応答、HTTP ${r.status}、${ct}` : `not JSON, HTTP ${r.status}, ${ct}`;
	return ja ? `想定外の JSON、HTTP ${r.status}` : `unexpected JSON, HTTP ${r.status}`;
}

function responseDetails(
	run: Run,
	url: string,
	r: Extract<HttpOutcome, { kind: 'response' }>,
): StepDetail[] {
	const out = [detail(run, 'url', url), detail(run, 'status', String(r.status))];
	if (r.contentType) out.push(detail(run, 'contentType', r.contentType));
	const err = readProxyError(r.json);
	if (err?.message) out.push(detail(run, 'proxyMessage', quote(run, err.message)));
	else if (r.text && !/html/.test(r.contentType))
		out.push(detail(run, 'proxyMessage', quote(run, r.text)));
	return out;
}

/** The error text of a failed response: `error.message`, `detail`, or the body. */
function errorText(r: Extract<HttpOutcome, { kind: 'response' }>): string {
	const err = readProxyError(r.json);
	if (err?.message) return err.message;
	if (/html/.test(r.contentType)) return `HTTP ${r.status}`;
	return r.text.trim() || `HTTP ${r.status}`;
}

async function permissionState(run: Run): Promise<LocalNetworkPermission> {
	const ln = run.localNetwork;
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

/** Local Network Access applies: a browser page that is not itself on loopback. */
function lnaApplies(run: Run): boolean {
	return !!run.localNetwork && !run.localNetwork.pageIsLoopback;
}

function lnaOutcome(run: Run, state: 'prompt' | 'denied'): Outcome {
	const details = [...terminalDetails(run)];
	const origin = run.localNetwork?.pageOrigin;
	if (state === 'denied' && origin) {
		details.unshift(
			detail(
				run,
				'settings',
				`chrome://settings/content/siteDetails?site=${encodeURIComponent(origin)}`,
				true,
			),
		);
	}
	return {
		status: 'fail',
		code: state === 'denied' ? 'proxy.lna_denied' : 'proxy.lna_prompt',
		params: { baseUrl: run.base },
		details,
	};
}

/**
 * After a network failure without a cause code (a browser's `TypeError: Failed to
 * fetch`): something answers but CORS hides it, or nothing answers.
 */
async function corsOrUnreachable(
	run: Run,
	url: string,
): Promise<'cors_blocked' | 'unreachable' | 'timeout' | 'redirect'> {
	const probe = await probeNoCors(run.http, url, run.timeoutMs);
	if (probe === 'redirect') return 'redirect';
	return probe === 'answered' ? 'cors_blocked' : probe === 'timeout' ? 'timeout' : 'unreachable';
}

/**
 * A redirect (never followed: the key stays with the Base URL's origin) or a body
 * over the byte limit, as `<step>.redirect` / `<step>.too_large`; the text names where
 * the redirect pointed when that is known (see `refusedAnswer`).
 */
function refusedOutcome(
	run: Run,
	step: StepId,
	url: string,
	endpoint: string,
	r: Extract<HttpOutcome, { kind: 'redirect' | 'too_large' }>,
	status: 'warn' | 'fail',
): Outcome {
	const a = refusedAnswer(r);
	const params: MessageParams = { endpoint, baseUrl: run.base };
	for (const [k, v] of Object.entries(a.params))
		params[k] = typeof v === 'string' ? quote(run, v) : v;
	return {
		status,
		code: `${step}.${a.outcome}`,
		text: `${step}.${a.text}`,
		params,
		details: [
			detail(run, 'url', url),
			...a.details.map(([label, value]) => detail(run, label, quote(run, value))),
		],
	};
}

/**
 * Shared handling of a timeout or network failure of a step after `proxy`.
 * `warnOnly` for the cline step (a failure there is a warning).
 */
async function transportOutcome(
	run: Run,
	step: StepId,
	url: string,
	endpoint: string,
	r: Exclude<HttpOutcome, { kind: 'response' }>,
	timeoutMs: number,
	warnOnly = false,
): Promise<Outcome> {
	const status = warnOnly ? 'warn' : 'fail';
	if (r.kind === 'redirect' || r.kind === 'too_large')
		return refusedOutcome(run, step, url, endpoint, r, status);
	const params = {
		endpoint,
		baseUrl: run.base,
		timeoutSec: Math.round(timeoutMs / 100) / 10,
		cause: '',
	};
	if (r.kind === 'timeout')
		return {
			status,
			code: `${step}.timeout`,
			params,
			details: [detail(run, 'url', url), logsDetail(run)],
		};
	let verdict: 'cors_blocked' | 'unreachable' | 'timeout' | 'redirect' = 'unreachable';
	if (r.code === undefined) verdict = await corsOrUnreachable(run, url);
	if (verdict === 'redirect')
		return refusedOutcome(
			run,
			step,
			url,
			endpoint,
			{ kind: 'redirect', status: 0, target: 'unknown' },
			status,
		);
	// In words: the raw error is only in the detail row, for a facilitator.
	params.cause = NETWORK_CAUSES[run.lang][networkCause(r.code)];
	const details = [detail(run, 'url', url), detail(run, 'error', r.detail)];
	if (verdict === 'cors_blocked') details.push(...terminalDetails(run), logsDetail(run));
	else details.push(logsDetail(run));
	return { status, code: `${step}.${verdict}`, params, details };
}

// ---- steps -----------------------------------------------------------------------------------

/** proxy: `GET {base}/health/liveliness`, no auth (fixture `health-liveliness`). */
async function stepProxy(run: Run): Promise<Outcome> {
	if (!run.url.ok)
		return { status: 'fail', code: run.url.code, rendered: { message: run.url.message } };
	const url = `${run.base}/health/liveliness`;
	const params = { baseUrl: run.base, port: port(run), timeoutSec: run.timeoutMs / 1000 };
	const r = await send(
		run.http,
		url,
		{ method: 'GET', headers: { accept: 'application/json' } },
		run.timeoutMs,
	);
	if (r.kind === 'redirect' || r.kind === 'too_large')
		return refusedOutcome(run, 'proxy', url, '/health/liveliness', r, 'fail');

	if (r.kind === 'response') {
		if (r.status === 200 && r.isJson && isLivelinessBody(r.json)) {
			return { status: 'ok', code: 'proxy.ok', params, details: [detail(run, 'url', url)] };
		}
		if (r.status >= 500) {
			return {
				status: 'fail',
				code: 'proxy.http_error',
				params: { ...params, status: r.status },
				details: [...responseDetails(run, url, r), logsDetail(run)],
			};
		}
		return {
			status: 'fail',
			code: 'proxy.not_litellm',
			params: { ...params, what: describeAnswer(run, r) },
			details: responseDetails(run, url, r),
		};
	}

	if (r.kind === 'timeout') {
		if (lnaApplies(run)) {
			const state = await permissionState(run);
			if (state === 'prompt' || state === 'denied') return lnaOutcome(run, state);
		}
		return {
			status: 'fail',
			code: 'proxy.timeout',
			params,
			details: [
				detail(run, 'url', url),
				logsDetail(run),
				...(isLoopbackBase(run) ? startDetails(run).slice(2) : []),
			],
		};
	}

	// network failure
	const errDetails = [detail(run, 'url', url), detail(run, 'error', r.detail)];
	switch (r.code) {
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return {
				status: 'fail',
				code: 'proxy.dns',
				params: { ...params, host: new URL(run.base).hostname },
				details: errDetails,
			};
		case undefined:
			break;
		default:
			if (networkCause(r.code) === 'tls')
				return { status: 'fail', code: 'proxy.tls', params, details: errDetails };
			if (networkCause(r.code) === 'reset')
				return {
					status: 'fail',
					code: 'proxy.reset',
					params,
					details: [...errDetails, logsDetail(run)],
				};
			return {
				status: 'fail',
				code: 'proxy.unreachable',
				params,
				details: [...errDetails, ...startDetails(run)],
			};
	}
	// A browser's bare TypeError: Local Network Access first, then the no-cors probe.
	if (lnaApplies(run)) {
		const state = await permissionState(run);
		if (state === 'prompt' || state === 'denied') return lnaOutcome(run, state);
	}
	const verdict = await corsOrUnreachable(run, url);
	if (verdict === 'redirect')
		return refusedOutcome(
			run,
			'proxy',
			url,
			'/health/liveliness',
			{ kind: 'redirect', status: 0, target: 'unknown' },
			'fail',
		);
	// https to a port that speaks plain http: the browser's TLS failure has no code, but
	// a header-less no-cors probe of http:// on the same host and port is answered.
	const twin = verdict === 'unreachable' ? httpTwin(run.base) : undefined;
	const twinProbe =
		twin && (await probeNoCors(run.http, `${twin}/health/liveliness`, run.timeoutMs));
	if (twin && (twinProbe === 'answered' || twinProbe === 'redirect')) {
		return {
			status: 'fail',
			code: 'proxy.tls',
			text: 'proxy.tls_http_answers',
			params: { ...params, httpUrl: twin },
			details: errDetails,
		};
	}
	if (verdict === 'cors_blocked') {
		return {
			status: 'fail',
			code: 'proxy.cors_blocked',
			params,
			details: [...errDetails, ...terminalDetails(run)],
		};
	}
	if (verdict === 'timeout')
		return { status: 'fail', code: 'proxy.timeout', params, details: [detail(run, 'url', url)] };
	return {
		status: 'fail',
		code: 'proxy.unreachable',
		params,
		details: [...errDetails, ...startDetails(run)],
	};
}

/** key: `GET {base}/v1/models` with `Authorization: Bearer {key}`. */
async function stepKey(run: Run): Promise<Outcome> {
	const params: MessageParams = {
		baseUrl: run.base,
		defaultKey: workshop.defaultApiKey,
		endpoint: '/v1/models',
	};
	if (!run.key.ok)
		return { status: 'fail', code: run.key.code, rendered: { message: run.key.message } };
	const url = `${run.base}/v1/models`;
	const headers: Record<string, string> = { accept: 'application/json' };
	if (run.apiKey) headers.authorization = `Bearer ${run.apiKey}`;
	const r = await send(run.http, url, { method: 'GET', headers }, run.timeoutMs);
	if (r.kind !== 'response')
		return transportOutcome(run, 'key', url, '/v1/models', r, run.timeoutMs);

	const keyPlace = detail(
		run,
		'masterKey',
		`${workshop.workingDirectory}/.env: LITELLM_MASTER_KEY`,
	);
	if (r.status === 200) {
		const list = readModelIds(r.json);
		if (!list.ok && list.count !== undefined) {
			return {
				status: 'fail',
				code: 'key.too_large',
				text: 'key.too_many_models',
				params: { ...params, count: list.count, max: MAX_MODEL_IDS },
				details: [detail(run, 'url', url)],
			};
		}
		if (!r.isJson || !list.ok) {
			return {
				status: 'fail',
				code: 'key.not_litellm',
				params: { ...params, what: describeAnswer(run, r) },
				details: responseDetails(run, url, r),
			};
		}
		run.modelIds = list.ids;
		const count = run.modelIds.length;
		if (!run.apiKey)
			return { status: 'warn', code: 'key.not_required', params: { ...params, count } };
		return { status: 'ok', code: 'key.ok', params: { ...params, count } };
	}
	const err = readProxyError(r.json);
	const verdict = r.status >= 400 && r.status < 500 ? classifyAuthError(r.status, err) : undefined;
	if (verdict) {
		const details = [detail(run, 'status', String(r.status))];
		if (err?.message) details.push(detail(run, 'proxyMessage', quote(run, err.message)));
		details.push(keyPlace);
		if (verdict === 'malformed') details.push(...terminalDetails(run));
		return { status: 'fail', code: `key.${verdict}`, params, details };
	}
	if (r.status < 500 && (r.status === 404 || !r.isJson)) {
		return {
			status: 'fail',
			code: 'key.not_litellm',
			params: { ...params, what: describeAnswer(run, r) },
			details: responseDetails(run, url, r),
		};
	}
	const code = r.status >= 500 ? 'key.server_error' : 'key.http_error';
	return {
		status: 'fail',
		code,
		params: { ...params, status: r.status, detail: quote(run, errorText(r)) },
		details: [...responseDetails(run, url, r), logsDetail(run)],
	};
}

/** Fetches `/v1/model/info` with the Bearer key once per run; undefined on any failure. */
async function loadModelInfo(run: Run): Promise<ModelInfo | undefined> {
	if (run.modelInfo) return run.modelInfo;
	const headers: Record<string, string> = { accept: 'application/json' };
	if (run.apiKey) headers.authorization = `Bearer ${run.apiKey}`;
	const r = await send(
		run.http,
		`${run.base}/v1/model/info`,
		{ method: 'GET', headers },
		run.timeoutMs,
	);
	if (r.kind !== 'response' || r.status !== 200) return undefined;
	const info = ModelInfoSchema.safeParse(r.json);
	if (!info.success) return undefined;
	run.modelInfo = info.data;
	return run.modelInfo;
}

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
 * @returns the suggested id, or undefined when nothing is close: the caller then
 *   shows the list without a suggestion
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

/** models: the list from the key step holds the chosen model_name. */
async function stepModels(run: Run): Promise<Outcome> {
	const ids = run.modelIds ?? [];
	const listDetail = detail(run, 'models', ids.join(', '));
	const params: MessageParams = {
		model: run.model,
		expected: workshop.expectedModel,
		configEc2: workshop.configFiles.ec2,
		configLocal: workshop.configFiles.local,
	};
	if (ids.length === 0) {
		return {
			status: 'fail',
			code: 'models.empty',
			params,
			details: [
				detail(
					run,
					'configFile',
					`${workshop.configFiles.ec2} (EC2) / ${workshop.configFiles.local} (${run.lang === 'ja' ? 'ローカル PC' : 'local PC'})`,
				),
				...startDetails(run).slice(0, 2),
			],
		};
	}
	if (!run.model) return { status: 'fail', code: 'models.no_input', params, details: [listDetail] };
	if (ids.includes(run.model))
		return { status: 'ok', code: 'models.ok', params, details: [listDetail] };

	if (looksLikeBedrockId(run.model)) {
		const info = await loadModelInfo(run);
		const names = info
			? modelNamesForBedrockId(info, run.model).filter((n) => ids.includes(n))
			: [];
		if (names.length > 0) {
			return {
				status: 'fail',
				code: 'models.bedrock_id',
				text: 'models.bedrock_id_mapped',
				params: { ...params, modelName: names[0] },
				details: [detail(run, 'suggestion', names[0], true), listDetail],
			};
		}
		return { status: 'fail', code: 'models.bedrock_id', params, details: [listDetail] };
	}
	const suggestion = closestModel(run.model, ids);
	if (suggestion) {
		return {
			status: 'fail',
			code: 'models.missing',
			text: 'models.missing_suggest',
			params: { ...params, suggestion },
			details: [detail(run, 'suggestion', suggestion, true), listDetail],
		};
	}
	return { status: 'fail', code: 'models.missing', params, details: [listDetail] };
}

function findEntry(info: ModelInfo | undefined, model: string): ModelInfoEntry | undefined {
	return info?.data.find((d) => d.model_name === model);
}

/**
 * cline: `GET {base}/v1/model/info` with `x-litellm-api-key`, as Cline's LiteLLM provider
 * does (cline/cline src/core/api/providers/litellm.ts, `fetchLiteLlmModelsInfo`; fixtures
 * `model-info-v1`, preflight `cors-preflight-models-v1-x-litellm-api-key`). Cline falls back
 * to defaults when this fails, so every failure here is a warning.
 */
async function stepCline(run: Run): Promise<Outcome> {
	const url = `${run.base}/v1/model/info`;
	const headers: Record<string, string> = { accept: 'application/json' };
	if (run.apiKey) headers['x-litellm-api-key'] = run.apiKey;
	const params: MessageParams = {
		model: run.model,
		endpoint: '/v1/model/info',
		timeoutSec: run.timeoutMs / 1000,
	};
	const r = await send(run.http, url, { method: 'GET', headers }, run.timeoutMs);
	if (r.kind !== 'response')
		return transportOutcome(run, 'cline', url, '/v1/model/info', r, run.timeoutMs, true);
	if (r.status !== 200) {
		return {
			status: 'warn',
			code: 'cline.http_error',
			params: { ...params, status: r.status },
			details: responseDetails(run, url, r),
		};
	}
	const info = ModelInfoSchema.safeParse(r.json);
	if (!r.isJson || !info.success) {
		return {
			status: 'warn',
			code: 'cline.not_litellm',
			params: { ...params, what: describeAnswer(run, r) },
			details: responseDetails(run, url, r),
		};
	}
	run.modelInfo = info.data;
	const entry = findEntry(info.data, run.model);
	if (!entry) return { status: 'warn', code: 'cline.model_absent', params };
	const caching = entry.model_info?.supports_prompt_caching;
	const details: StepDetail[] = [
		detail(
			run,
			'caching',
			caching === true
				? 'true'
				: caching === false
					? 'false'
					: run.lang === 'ja'
						? '不明'
						: 'unknown',
		),
	];
	if (entry.litellm_params?.model)
		details.push(detail(run, 'bedrockModel', entry.litellm_params.model));
	if (/claude-3-7/i.test(`${run.model} ${entry.litellm_params?.model ?? ''}`)) {
		details.push(
			detail(
				run,
				'thinking',
				run.lang === 'ja'
					? 'オフにしてください（Claude 3.7 Sonnet V1 ではオンのままだとエラーになります）'
					: 'turn it off (with Claude 3.7 Sonnet V1 it causes errors)',
			),
		);
	}
	if (caching === true || caching === false) run.supportsPromptCaching = caching;
	const code =
		caching === true
			? 'cline.prompt_caching'
			: caching === false
				? 'cline.no_prompt_caching'
				: 'cline.prompt_caching_unknown';
	return { status: 'ok', code, params, details };
}

/** One chat completion; shared by the chat and fallback steps. */
async function callChat(run: Run, extra: Record<string, unknown>) {
	const url = `${run.base}/v1/chat/completions`;
	const headers: Record<string, string> = {
		accept: 'application/json',
		'content-type': 'application/json',
	};
	if (run.apiKey) headers.authorization = `Bearer ${run.apiKey}`;
	const body = JSON.stringify({
		model: run.model,
		messages: [{ role: 'user', content: 'ping' }],
		max_tokens: 1,
		...extra,
	});
	const r = await send(run.http, url, { method: 'POST', headers, body }, run.chatTimeoutMs);
	return { url, r };
}

function callErrorOutcome(
	run: Run,
	step: 'chat' | 'fallback',
	url: string,
	r: Extract<HttpOutcome, { kind: 'response' }>,
): Outcome {
	const text = errorText(r);
	const suffix = classifyCallError(r.status, text, readProxyError(r.json));
	const params: MessageParams = {
		model: run.model,
		status: r.status,
		detail: quote(run, text),
		configEc2: workshop.configFiles.ec2,
		configLocal: workshop.configFiles.local,
	};
	const details = responseDetails(run, url, r);
	if (suffix === 'throttled')
		details.push(detail(run, 'quota', 'tokens per minute for Anthropic Claude', true));
	if (suffix === 'call_failed' || suffix === 'no_deployments') details.push(logsDetail(run));
	return { status: 'fail', code: `${step}.${suffix}`, params, details };
}

/** chat: a one-token completion (fixture `chat-completions-ok`; errors: `classifyCallError`). */
async function stepChat(run: Run): Promise<Outcome> {
	const { url, r } = await callChat(run, {});
	if (r.kind !== 'response')
		return transportOutcome(run, 'chat', url, '/v1/chat/completions', r, run.chatTimeoutMs);
	if (r.status !== 200) return callErrorOutcome(run, 'chat', url, r);
	const chat = ChatResponseSchema.safeParse(r.json);
	if (!r.isJson || !chat.success) {
		return {
			status: 'fail',
			code: 'chat.not_litellm',
			params: { endpoint: '/v1/chat/completions', what: describeAnswer(run, r) },
			details: responseDetails(run, url, r),
		};
	}
	const answered = chat.data.model ?? '?';
	const reply = chat.data.choices?.[0]?.message?.content ?? '';
	const details = [detail(run, 'answered', quote(run, answered))];
	if (reply) details.push(detail(run, 'reply', quote(run, reply)));
	return {
		status: 'ok',
		code: 'chat.ok',
		params: { model: run.model, answered: quote(run, answered) },
		details,
	};
}

/**
 * fallback: the chat request plus `"mock_testing_fallbacks": true` (fixture
 * `chat-completions-mock-testing-fallbacks`). The body's `model` says which deployment
 * answered (the `x-litellm-*` headers are not exposed cross-origin); it is compared with
 * the primary deployment's `litellm_params.model` from `/v1/model/info`.
 */
async function stepFallback(run: Run): Promise<Outcome> {
	const info = await loadModelInfo(run);
	const primary = findEntry(info, run.model)?.litellm_params?.model ?? undefined;
	const { url, r } = await callChat(run, { mock_testing_fallbacks: true });
	if (r.kind !== 'response')
		return transportOutcome(run, 'fallback', url, '/v1/chat/completions', r, run.chatTimeoutMs);
	if (r.status !== 200) {
		if (isMockFallbackError(errorText(r))) {
			return {
				status: 'fail',
				code: 'fallback.not_configured',
				params: { model: run.model },
				details: responseDetails(run, url, r),
			};
		}
		return callErrorOutcome(run, 'fallback', url, r);
	}
	const chat = ChatResponseSchema.safeParse(r.json);
	if (!r.isJson || !chat.success || !chat.data.model) {
		return {
			status: 'fail',
			code: 'fallback.not_litellm',
			params: { endpoint: '/v1/chat/completions', what: describeAnswer(run, r) },
			details: responseDetails(run, url, r),
		};
	}
	const answeredModel = chat.data.model;
	const answeredName = info?.data.find(
		(d) =>
			d.litellm_params?.model &&
			canonicalProviderModel(d.litellm_params.model) === canonicalProviderModel(answeredModel),
	)?.model_name;
	const answered = quote(run, answeredName ? `${answeredName} (${answeredModel})` : answeredModel);
	const details = [detail(run, 'answered', answered)];
	if (primary) details.push(detail(run, 'primary', quote(run, primary)));
	const params = { model: run.model, answered };
	if (!primary) return { status: 'warn', code: 'fallback.answered', params, details };
	if (canonicalProviderModel(primary) === canonicalProviderModel(answeredModel)) {
		return { status: 'warn', code: 'fallback.same_model', params, details };
	}
	return { status: 'ok', code: 'fallback.ok', params, details };
}

const STEPS: Record<StepId, (run: Run) => Promise<Outcome>> = {
	proxy: stepProxy,
	key: stepKey,
	models: stepModels,
	cline: stepCline,
	chat: stepChat,
	fallback: stepFallback,
};

function toResult(run: Run, id: StepId, o: Outcome, ms: number): StepResult {
	const texts =
		o.rendered ?? renderMessage(o.text ?? o.code, run.lang, { baseUrl: run.base, ...o.params });
	const result: StepResult = {
		id,
		status: o.status,
		code: o.code,
		message: texts.message,
		ms: Math.round(ms),
	};
	if (texts.fix) result.fix = texts.fix;
	if (o.details && o.details.length > 0) result.details = o.details;
	return result;
}

function placeholder(run: Run, id: StepId, status: 'pending' | 'running' | 'skipped'): StepResult {
	const code = `${id}.${status}`;
	return { id, status, code, message: renderMessage(code, run.lang).message, ms: 0 };
}

/**
 * Runs the checks.
 *
 * @param options input, injected `fetch`, timeouts, steps, language, browser-only
 *   Local Network Access hooks, progress callback and abort signal (see RunOptions)
 * @returns the report: one result per planned row (failed rows stop the later ones,
 *   which are 'skipped'), `ok` when nothing failed, the normalised input (never the
 *   key) and, when proxy, key and models passed, the settings to give Cline
 * @throws the signal's reason (an AbortError DOMException by default) when
 *   `options.signal` aborts; RangeError for a timeout that is not a positive number
 */
export async function runChecks(options: RunOptions): Promise<CheckReport> {
	const lang: Lang = options.lang === 'en' ? 'en' : 'ja';
	const timeoutMs = options.timeoutMs ?? workshop.timeoutMs;
	const chatTimeoutMs = options.chatTimeoutMs ?? Math.max(workshop.chatTimeoutMs, timeoutMs);
	for (const [name, v] of [
		['timeoutMs', timeoutMs],
		['chatTimeoutMs', chatTimeoutMs],
	] as const) {
		if (!Number.isFinite(v) || v <= 0)
			throw new RangeError(`${name} must be a positive number of ms, got ${v}`);
	}
	options.signal?.throwIfAborted();

	const url = normalizeBaseUrl(options.baseUrl, lang);
	const key = normalizeApiKey(options.apiKey, lang);
	const run: Run = {
		lang,
		http: { fetch: options.fetch, ...(options.signal ? { signal: options.signal } : {}) },
		timeoutMs,
		chatTimeoutMs,
		url,
		base: url.ok ? url.url : String(options.baseUrl ?? '').trim(),
		key,
		apiKey: key.ok ? key.key : '',
		model: String(options.model ?? '').trim(),
		localNetwork: options.localNetwork,
	};
	const notes: InputNote[] = [...(url.ok ? url.notes : []), ...(key.ok ? key.notes : [])];
	const emit = (s: StepResult) => {
		try {
			options.onStep?.(structuredClone(s));
		} catch {
			// a broken progress callback must not break the run
		}
	};

	const plan = planSteps(options.steps);
	plan.forEach((id) => emit(placeholder(run, id, 'pending')));
	const results: StepResult[] = [];
	let failed = false;
	for (const id of plan) {
		if (failed) {
			const skipped = placeholder(run, id, 'skipped');
			results.push(skipped);
			emit(skipped);
			continue;
		}
		options.signal?.throwIfAborted();
		emit(placeholder(run, id, 'running'));
		const t0 = now();
		const outcome = await STEPS[id](run);
		const result = toResult(run, id, outcome, now() - t0);
		results.push(result);
		emit(result);
		if (result.status === 'fail') failed = true;
	}

	const passed = (id: StepId) =>
		results.some((r) => r.id === id && (r.status === 'ok' || r.status === 'warn'));
	const report: CheckReport = {
		ok: !failed,
		input: { baseUrl: run.base, model: run.model, notes },
		steps: results,
	};
	if (passed('proxy') && passed('key') && passed('models')) {
		const cline: ClineSettings = {
			provider: 'LiteLLM',
			baseUrl: run.base,
			apiKey: run.apiKey,
			modelId: run.model,
		};
		if (run.supportsPromptCaching !== undefined)
			cline.supportsPromptCaching = run.supportsPromptCaching;
		report.cline = cline;
	}
	return report;
}
