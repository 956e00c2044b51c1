/**
 * A LiteLLM-compatible test server that replays the recorded LiteLLM Proxy 1.81
 * exchanges of tests/fixtures/litellm (see the README there) on a loopback port.
 *
 * Faithfulness (proved by tests/unit/litellm-server.test.ts, which sends every
 * fixture's recorded request and compares status line, headers and body bytes):
 * - It is a raw HTTP/1.1 server on `node:net`, so the wire carries exactly the
 *   recorded status line and headers, in recorded order and case, and nothing else
 *   (`node:http` would add `Connection`/`Keep-Alive`, which uvicorn does not send).
 * - `date` is regenerated; every other header is the recorded one (call ids and
 *   durations included); `content-length` is recomputed only when a body is derived.
 * - Bodies are byte-faithful: JSON fixtures are parsed with the number lexemes kept
 *   (`JSON.parse` source text + `JSON.rawJSON`), so Python's `3e-06`, `200000.0`
 *   re-serialise as recorded instead of JS's `0.000003`, `200000`. FastAPI renders
 *   compactly (`separators=(",", ":")`), which is `JSON.stringify`'s format.
 * - CORS follows Starlette's CORSMiddleware as LiteLLM configures it (origins "*",
 *   credentials true, all methods and headers): responses to a request with `Origin`
 *   get `access-control-allow-origin: *` + `access-control-allow-credentials: true`
 *   appended (with `Cookie`: the origin echoed + `vary: Origin`); an OPTIONS preflight
 *   gets 200 "OK" text/plain echoing origin and requested headers, the method list
 *   and max-age 600. Never `access-control-expose-headers`, never
 *   `Access-Control-Allow-Private-Network`.
 *
 * Derived (not recorded) answers, each built from a recording: a chat completion for
 * the other two configured models (the 3-7 recording with `model`, model id and model
 * group of that deployment, from `model-info-v1`); the unknown-model 400 and the
 * `/v1/models/{id}` 404 with the requested name; `/v1/models/{id}` for the other
 * configured ids; a 405 with the route's `allow`; the `wrong-key-db` 401 (shape from
 * LiteLLM's source, user_api_key_auth.py 887–899: "Received API Key = sk-...<last 4>,
 * Key Hash (Token) =<sha256 of sk- keys; other keys verbatim>", type
 * `token_not_found_in_db`, param `key`, code "401"). Exchanges that cannot be derived
 * (e.g. `mock_testing_fallbacks` on a model without fallbacks, a chat body that is not
 * JSON) answer `501 Not Implemented` text/plain "litellm-server: no recording for …",
 * so no test can rely on an invented answer.
 *
 * Scenarios: see `Scenario`.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';

/**
 * - ready: config.yaml (3 models, fallbacks), no database: the master key works, any
 *   other key gets the recorded 400 `no_db_connection` ("wrong key without DB").
 * - empty: config-empty.yaml (`model_list: []`): `{"data":[],"object":"list"}`.
 * - no-model-list: config-no-model-list.yaml (no `model_list` key): same empty list.
 * - wrong-key-db: config.yaml as if a database were connected: a non-master key gets
 *   the 401 `token_not_found_in_db` (with CORS headers, like every ProxyException).
 * - slow: accepts connections and reads requests but never answers.
 * - html: some other web app on the port: 200 text/html for everything, no CORS headers.
 * - server-error: liveliness/liveness/readiness and `/` answer as in `ready`; every
 *   other request gets Starlette's ServerErrorMiddleware answer, 500 text/plain
 *   "Internal Server Error" WITHOUT CORS headers (that middleware sits outside
 *   CORSMiddleware); preflights still succeed (CORSMiddleware answers them).
 * - not-found: LiteLLM reached under a wrong path (a FastAPI app without the routes):
 *   404 `{"detail":"Not Found"}` for every request, CORS as recorded; preflights succeed.
 *
 * The workshop's own configs (fixtures `workshop-*`, README section "Workshop configs"):
 * - workshop: 2.litellm's iam_role_config.yml (4 models, fallbacks), no database.
 * - prompt-caching: prompt_caching.yml (1 model, no fallbacks): `mock_testing_fallbacks`
 *   gets the recorded 500 "…Fallbacks=None…".
 * - mlflow: 5.mlflow's litellm_config.yml (7 models), as on port 4001.
 * - langfuse: the workshop config plus `success_callback: ["langfuse"]` (readiness lists
 *   it; a chat completion gets the recorded 500 "Langfuse not installed").
 * - nomock: config.yaml without mock responses and without AWS credentials: a chat
 *   completion gets the recorded 401 "Unable to locate credentials" with its fallback chain.
 * - nomock-cooldown: the same, sent at once after that 401: the recorded 429 "No
 *   deployments available for selected model, Try again in 5 seconds" (cooldown).
 * Routes of these scenarios that were not recorded answer as derived below
 * (`WORKSHOP_CONFIGS`) or `501`.
 */
export type Scenario =
	| 'ready'
	| 'empty'
	| 'no-model-list'
	| 'wrong-key-db'
	| 'slow'
	| 'html'
	| 'server-error'
	| 'not-found'
	| 'workshop'
	| 'prompt-caching'
	| 'mlflow'
	| 'langfuse'
	| 'nomock'
	| 'nomock-cooldown';

export const SCENARIOS: readonly Scenario[] = [
	'ready',
	'empty',
	'no-model-list',
	'wrong-key-db',
	'slow',
	'html',
	'server-error',
	'not-found',
	'workshop',
	'prompt-caching',
	'mlflow',
	'langfuse',
	'nomock',
	'nomock-cooldown',
];

/** `LITELLM_MASTER_KEY` of the recording. */
export const MASTER_KEY = 'sk-litellm-test-key';

/** One request as the server received it. */
export interface LoggedRequest {
	method: string;
	/** Request target as sent, query included, e.g. '/v1/models'. */
	path: string;
	/** Header names lower-cased; repeated headers joined with ', '. */
	headers: Record<string, string>;
	/** Body as UTF-8 text; null when the request had none (so `fetch(…, { body })` can repeat it). */
	body: string | null;
}

export interface LiteLLMServer {
	/** Base URL for the checks and Cline, e.g. 'http://127.0.0.1:38211'. */
	url: string;
	/** Same as `url` (no path): the origin the browser sees. */
	origin: string;
	port: number;
	host: string;
	scenario: Scenario;
	/** Every request received, in order (preflights included). */
	requests: LoggedRequest[];
	/** Stops listening and destroys open connections. */
	close(): Promise<void>;
}

/** One recorded exchange (tests/fixtures/litellm/*.json), numbers kept as raw JSON. */
export interface Fixture {
	name: string;
	description: string;
	config: string;
	request: {
		method: string;
		path: string;
		url: string;
		headers: Record<string, string>;
		body: unknown;
		curl: string;
	};
	response: {
		status: number;
		status_line: string;
		headers: Record<string, string>;
		raw_headers: [string, string][];
		body_is_json: boolean;
		body: unknown;
		body_bytes: number;
	};
}

const FIXTURE_DIR = new URL('../fixtures/litellm/', import.meta.url);

let fixtureCache: Map<string, Fixture> | undefined;

/** Parses JSON keeping every number's source text (`3e-06` stays `3e-06`). */
function parseKeepingNumbers(text: string): unknown {
	const rawJSON = (JSON as unknown as { rawJSON(s: string): unknown }).rawJSON;
	return JSON.parse(text, (_key, value, context?: { source?: string }) =>
		typeof value === 'number' && context?.source !== undefined ? rawJSON(context.source) : value,
	);
}

/** All fixtures by name (file name without `.json`), loaded once. */
export function loadFixtures(): Map<string, Fixture> {
	if (!fixtureCache) {
		fixtureCache = new Map();
		for (const file of readdirSync(FIXTURE_DIR)
			.filter((f) => f.endsWith('.json'))
			.sort()) {
			const text = readFileSync(new URL(file, FIXTURE_DIR), 'utf8');
			const f = JSON.parse(text) as Fixture;
			// Bodies keep their number lexemes; the rest (status, body_bytes…) are plain numbers.
			const raw = parseKeepingNumbers(text) as Fixture;
			f.request.body = raw.request.body;
			f.response.body = raw.response.body;
			fixtureCache.set(file.slice(0, -'.json'.length), f);
		}
	}
	return fixtureCache;
}

function fixture(name: string): Fixture {
	const f = loadFixtures().get(name);
	if (!f) throw new Error(`litellm-server: fixture ${name} is missing`);
	return f;
}

/** The recorded body bytes of a fixture (byte-faithful, see the module doc). */
export function fixtureBodyBytes(f: Fixture): Buffer {
	const b = f.response.body;
	if (b === null || b === undefined) return Buffer.alloc(0);
	if (f.response.body_is_json) return Buffer.from(JSON.stringify(b), 'utf8');
	return Buffer.from(String(b), 'utf8');
}

/**
 * The scenario that replays a fixture's `config` (and, for the cooldown recording of
 * config-nomock.yaml, its name).
 */
export function scenarioForConfig(config: string, name = ''): Scenario {
	if (config === 'config-empty.yaml') return 'empty';
	if (config === 'config-no-model-list.yaml') return 'no-model-list';
	if (config === 'workshop-iam_role_config.yml') return 'workshop';
	if (config === 'workshop-prompt_caching.yml') return 'prompt-caching';
	if (config === 'workshop-mlflow_config.yml') return 'mlflow';
	if (config === 'workshop-langfuse.yml') return 'langfuse';
	if (config === 'config-nomock.yaml')
		return name.endsWith('-cooldown') ? 'nomock-cooldown' : 'nomock';
	return 'ready';
}

// ---- responses --------------------------------------------------------------------------------

interface Reply {
	status: number;
	reason: string;
	headers: [string, string][];
	body: Buffer;
}

const REASONS: Record<number, string> = {
	200: 'OK',
	307: 'Temporary Redirect',
	400: 'Bad Request',
	401: 'Unauthorized',
	429: 'Too Many Requests',
	404: 'Not Found',
	405: 'Method Not Allowed',
	500: 'Internal Server Error',
	501: 'Not Implemented',
};

const isCorsHeader = (name: string) =>
	/^access-control-/i.test(name) || name.toLowerCase() === 'vary';

/**
 * A fixture's response without the CORS headers the middleware added (they are
 * re-applied per request), optionally with a derived body.
 */
function fromFixture(
	name: string,
	derive?: { json?: (body: any) => unknown; headers?: Record<string, string> },
): Reply {
	const f = fixture(name);
	const reason = f.response.status_line.replace(/^HTTP\/1\.1 \d+ ?/, '');
	let body = fixtureBodyBytes(f);
	if (derive?.json)
		body = Buffer.from(JSON.stringify(derive.json(cloneJson(f.response.body))), 'utf8');
	const headers = f.response.raw_headers
		.filter(([n]) => !isCorsHeader(n))
		.map(([n, v]): [string, string] => {
			if (n === 'content-length') return [n, String(body.length)];
			if (derive?.headers && n in derive.headers) return [n, derive.headers[n]];
			return [n, v];
		});
	return { status: f.response.status, reason, headers, body };
}

/** Deep copy that keeps `JSON.rawJSON` numbers (structuredClone would turn them into objects). */
function cloneJson(v: unknown): any {
	if ((JSON as unknown as { isRawJSON(x: unknown): boolean }).isRawJSON(v)) return v;
	if (Array.isArray(v)) return v.map(cloneJson);
	if (v && typeof v === 'object')
		return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cloneJson(x)]));
	return v;
}

function plain(
	status: number,
	text: string,
	contentType = 'text/plain; charset=utf-8',
	server: string | null = 'uvicorn',
): Reply {
	const body = Buffer.from(text, 'utf8');
	const headers: [string, string][] = [['date', '']];
	if (server) headers.push(['server', server]);
	headers.push(['content-length', String(body.length)], ['content-type', contentType]);
	return { status, reason: REASONS[status] ?? 'Unknown', headers, body };
}

function jsonReply(status: number, value: unknown): Reply {
	return plain(status, JSON.stringify(value), 'application/json');
}

const notRecorded = (what: string) => plain(501, `litellm-server: no recording for ${what}`);

/** The model_info entries of config.yaml (fixture `model-info-v1`). */
function deployments(): { name: string; model: string; id: string }[] {
	const body = fixture('model-info-v1').response.body as {
		data: { model_name: string; litellm_params: { model: string }; model_info: { id: string } }[];
	};
	return body.data.map((d) => ({
		name: d.model_name,
		model: d.litellm_params.model,
		id: d.model_info.id,
	}));
}

type AuthResult = { kind: 'none' } | { kind: 'malformed' } | { kind: 'key'; key: string };

/**
 * Which key LiteLLM sees: `x-litellm-api-key` first (raw or `Bearer …`), then
 * `Authorization` (`Bearer `/`bearer `/`Basic `, anything else is "malformed").
 * Source: `get_api_key` in litellm/proxy/auth/user_api_key_auth.py.
 */
function resolveAuth(h: Record<string, string>): AuthResult {
	const custom = h['x-litellm-api-key'];
	if (custom !== undefined) {
		const key = custom.replace(/^(Bearer |bearer |Basic )/, '');
		return key ? { kind: 'key', key } : { kind: 'none' };
	}
	const auth = h.authorization;
	if (auth === undefined || auth === '') return { kind: 'none' };
	const m = /^(?:Bearer |bearer |Basic )(.*)$/.exec(auth);
	if (!m) return { kind: 'malformed' };
	return m[1] ? { kind: 'key', key: m[1] } : { kind: 'malformed' };
}

/** The 401 of a LiteLLM with a database for a key it does not know. */
function invalidTokenReply(key: string): Reply {
	const hashed = key.startsWith('sk-') ? createHash('sha256').update(key).digest('hex') : key;
	const message = `Authentication Error, Invalid proxy server token passed. Received API Key = sk-...${key.slice(-4)}, Key Hash (Token) =${hashed}. Unable to find token in cache or \`LiteLLM_VerificationTokenTable\``;
	return jsonReply(401, {
		error: { message, type: 'token_not_found_in_db', param: 'key', code: '401' },
	});
}

function authError(scenario: Scenario, auth: AuthResult): Reply | undefined {
	if (auth.kind === 'none') return fromFixture('models-v1-no-auth');
	if (auth.kind === 'malformed') return fromFixture('models-v1-raw-key-no-bearer');
	if (auth.key === MASTER_KEY) return undefined;
	return scenario === 'wrong-key-db'
		? invalidTokenReply(auth.key)
		: fromFixture('models-v1-bearer-wrong');
}

function methodNotAllowed(allow: string): Reply {
	return fromFixture('health-liveliness-post', { headers: { allow } });
}

const notFound = () => fromFixture('unknown-route-origin');

interface Parsed {
	method: string;
	target: string;
	version: string;
	rawHeaders: [string, string][];
	headers: Record<string, string>;
	body: Buffer;
}

/** The answer of LiteLLM (scenarios ready, empty, no-model-list, wrong-key-db). */
function litellmReply(scenario: Scenario, req: Parsed): Reply {
	const cfg =
		scenario === 'empty' ? 'empty' : scenario === 'no-model-list' ? 'no-model-list' : 'ready';
	const pick = (ready: string, empty: string, nml: string) =>
		cfg === 'ready' ? ready : cfg === 'empty' ? empty : nml;
	const [pathname] = req.target.split('?');
	const get = (make: () => Reply) => (req.method === 'GET' ? make() : methodNotAllowed('GET'));

	switch (pathname) {
		case '/health/liveliness':
			return get(() => fromFixture('health-liveliness'));
		case '/health/liveness':
			return get(() => fromFixture('health-liveness'));
		case '/health/readiness':
			return get(() =>
				fromFixture(
					pick('health-readiness', 'empty-health-readiness', 'no-model-list-health-readiness'),
				),
			);
		case '/':
			return get(() => fromFixture('root'));
		case '/ui':
			return get(() =>
				fromFixture('ui', {
					headers: { location: `http://${req.headers.host ?? '127.0.0.1:4000'}/ui/` },
				}),
			);
		case '/ui/':
			return get(() => fromFixture('ui-slash'));
	}

	const authed = (method: string, make: () => Reply): Reply => {
		if (req.method !== method) return methodNotAllowed(method);
		return authError(scenario, resolveAuth(req.headers)) ?? make();
	};
	const configured = cfg === 'ready' ? deployments() : [];

	switch (pathname) {
		case '/v1/models':
			return authed('GET', () =>
				fromFixture(pick('models-v1-bearer-master', 'empty-models-v1', 'no-model-list-models-v1')),
			);
		case '/models':
			return authed('GET', () =>
				fromFixture(pick('models-bearer-master', 'empty-models', 'no-model-list-models-v1')),
			);
		case '/v1/model/info':
			return authed('GET', () =>
				fromFixture(pick('model-info-v1', 'empty-model-info-v1', 'no-model-list-model-info-v1')),
			);
		case '/model/info':
			return authed('GET', () =>
				fromFixture(pick('model-info', 'empty-model-info-v1', 'no-model-list-model-info-v1')),
			);
		case '/model_group/info':
			return authed('GET', () =>
				fromFixture(
					pick('model-group-info', 'empty-model-group-info', 'no-model-list-model-group-info'),
				),
			);
		case '/key/info':
			return authed('GET', () => fromFixture('key-info-master'));
		case '/v1/chat/completions':
		case '/chat/completions':
			return authed('POST', () => chatReply(cfg, configured, req));
	}
	const byId = /^\/(?:v1\/)?models\/(.+)$/.exec(pathname);
	if (byId) {
		let id: string;
		try {
			id = decodeURIComponent(byId[1]);
		} catch {
			id = byId[1];
		}
		return authed('GET', () =>
			configured.some((d) => d.name === id)
				? fromFixture('models-v1-by-id-existing', { json: (b) => ({ ...b, id }) })
				: fromFixture('models-v1-by-id-missing', {
						json: () => ({ detail: `The model \`${id}\` does not exist or is not accessible` }),
					}),
		);
	}
	return notFound();
}

function chatReply(
	cfg: string,
	configured: { name: string; model: string; id: string }[],
	req: Parsed,
): Reply {
	let body: { model?: unknown; mock_testing_fallbacks?: unknown };
	try {
		body = JSON.parse(req.body.toString('utf8'));
	} catch {
		return notRecorded('a chat completion whose body is not JSON');
	}
	const model = typeof body?.model === 'string' ? body.model : '';
	const deployment = configured.find((d) => d.name === model);
	if (!deployment) {
		const name =
			cfg === 'ready'
				? 'chat-completions-unknown-model'
				: cfg === 'empty'
					? 'empty-chat-completions'
					: 'no-model-list-chat-completions';
		return fromFixture(name, {
			json: (b) => {
				b.error.message = b.error.message.replace(/model=[^.]*\. Call/, `model=${model}. Call`);
				return b;
			},
		});
	}
	const primary = deployments()[0];
	if (body.mock_testing_fallbacks === true) {
		return deployment.name === primary.name
			? fromFixture('chat-completions-mock-testing-fallbacks')
			: notRecorded(`mock_testing_fallbacks on ${deployment.name}`);
	}
	// Two recordings of the same completion exist (without and with Origin; ids and
	// durations differ): replay the one recorded for this kind of request.
	if (deployment.name === primary.name)
		return fromFixture(
			req.headers.origin === undefined ? 'chat-completions-ok' : 'cors-chat-completions-ok-origin',
		);
	return fromFixture('chat-completions-ok', {
		json: (b) => ({ ...b, model: deployment.model.replace(/^bedrock\//, '') }),
		headers: { 'x-litellm-model-id': deployment.id, 'x-litellm-model-group': deployment.name },
	});
}

// ---- the workshop's own configs --------------------------------------------------------------

/** Fixtures of one workshop config; routes not named here answer 501. */
interface WorkshopConfig {
	liveliness: string;
	readiness: string;
	/** `/v1/models` with the master key, without and with `Origin`. */
	models: string;
	modelsOrigin?: string;
	/** `/v1/models` with a wrong key (no database: 400 `no_db_connection`). */
	wrongKey: string;
	/** `/v1/model/info`; `derive` filters another config's recording to this list. */
	modelInfo: { fixture: string; filterToModels?: boolean };
	/** Chat completion of the first model, and with `mock_testing_fallbacks`. */
	chatOk?: string;
	chatMock?: string;
	/** Any chat completion answers this (langfuse: the callback set-up fails first). */
	chatAlways?: string | ((req: Parsed) => string);
	/** A model name LiteLLM does not know. */
	chatUnknown: string;
	/** Other recorded routes: target (path and query) → fixture. */
	routes: Record<string, string>;
}

const WORKSHOP_ROUTES: Record<string, string> = {
	'/v2/model/info': 'workshop-model-info-v2',
	'/model_group/info': 'workshop-model-group-info',
	'/ui/': 'workshop-ui-slash',
	'/health/services?service=langfuse': 'workshop-health-services-langfuse',
};

const WORKSHOP: WorkshopConfig = {
	liveliness: 'workshop-health-liveliness-origin',
	readiness: 'workshop-health-readiness',
	models: 'workshop-models-v1-bearer-master',
	modelsOrigin: 'workshop-cors-models-v1-origin',
	wrongKey: 'workshop-cors-models-v1-bearer-wrong-origin',
	modelInfo: { fixture: 'workshop-cors-model-info-v1-x-litellm-api-key-origin' },
	chatOk: 'workshop-chat-completions-ok',
	chatMock: 'workshop-chat-completions-mock-testing-fallbacks',
	chatUnknown: 'workshop-chat-completions-bedrock-id-as-model',
	routes: WORKSHOP_ROUTES,
};

/**
 * Per scenario. Derived, each from a recording of the same proxy build: readiness of
 * prompt-caching and mlflow (the README: its body does not depend on the model list or
 * fallbacks), liveliness of prompt-caching and langfuse (the same "I'm alive!"), the
 * prompt-caching model info (the workshop's entry of its one model), the completion of
 * the 3-7 model under prompt-caching and mlflow (the same deployment as the workshop's).
 */
const WORKSHOP_CONFIGS: Partial<Record<Scenario, WorkshopConfig>> = {
	workshop: WORKSHOP,
	'prompt-caching': {
		...WORKSHOP,
		models: 'workshop-prompt-caching-models-v1-bearer-master',
		modelsOrigin: undefined,
		modelInfo: { fixture: WORKSHOP.modelInfo.fixture, filterToModels: true },
		chatMock: 'workshop-prompt-caching-chat-completions-mock-testing-fallbacks',
		routes: { '/ui/': 'workshop-ui-slash' },
	},
	mlflow: {
		...WORKSHOP,
		liveliness: 'workshop-mlflow-health-liveliness',
		models: 'workshop-mlflow-models-v1-bearer-master',
		modelsOrigin: undefined,
		modelInfo: { fixture: 'workshop-mlflow-model-info-v1-x-litellm-api-key' },
		chatMock: undefined,
		routes: {},
	},
	langfuse: {
		...WORKSHOP,
		readiness: 'workshop-langfuse-health-readiness',
		chatAlways: 'workshop-langfuse-chat-completions-ok',
		routes: {
			...WORKSHOP_ROUTES,
			'/health/services?service=langfuse': 'workshop-langfuse-health-services-langfuse',
		},
	},
};

/** The `model_name`s a workshop config lists (its `/v1/models` recording). */
function workshopModels(cfg: WorkshopConfig): string[] {
	return (fixture(cfg.models).response.body as { data: { id: string }[] }).data.map((m) => m.id);
}

/** The answer of LiteLLM under one of the workshop's configs. */
function workshopReply(scenario: Scenario, cfg: WorkshopConfig, req: Parsed): Reply {
	const [pathname] = req.target.split('?');
	const get = (make: () => Reply) => (req.method === 'GET' ? make() : methodNotAllowed('GET'));
	const authed = (method: string, make: () => Reply): Reply => {
		if (req.method !== method) return methodNotAllowed(method);
		const auth = resolveAuth(req.headers);
		if (auth.kind === 'key' && auth.key !== MASTER_KEY) return fromFixture(cfg.wrongKey);
		return authError(scenario, auth) ?? make();
	};
	if (req.target in cfg.routes) {
		const name = cfg.routes[req.target];
		// The admin UI needs no key; the API routes do.
		return pathname === '/ui/'
			? get(() => fromFixture(name))
			: authed('GET', () => fromFixture(name));
	}
	const names = workshopModels(cfg);
	switch (pathname) {
		case '/health/liveliness':
		case '/health/liveness':
			return get(() => fromFixture(cfg.liveliness));
		case '/health/readiness':
			return get(() => fromFixture(cfg.readiness));
		case '/ui':
			return get(() =>
				fromFixture('workshop-ui', {
					headers: { location: `http://${req.headers.host ?? '127.0.0.1:4000'}/ui/` },
				}),
			);
		case '/v1/models':
			return authed('GET', () =>
				fromFixture(
					req.headers.origin !== undefined && cfg.modelsOrigin ? cfg.modelsOrigin : cfg.models,
				),
			);
		case '/v1/model/info':
			return authed('GET', () =>
				cfg.modelInfo.filterToModels
					? fromFixture(cfg.modelInfo.fixture, {
							json: (b) => ({
								...b,
								data: b.data.filter((d: { model_name: string }) => names.includes(d.model_name)),
							}),
						})
					: fromFixture(cfg.modelInfo.fixture),
			);
		case '/v1/chat/completions':
		case '/chat/completions':
			return authed('POST', () => {
				let body: { model?: unknown; mock_testing_fallbacks?: unknown };
				try {
					body = JSON.parse(req.body.toString('utf8'));
				} catch {
					return notRecorded('a chat completion whose body is not JSON');
				}
				if (cfg.chatAlways)
					return fromFixture(
						typeof cfg.chatAlways === 'string' ? cfg.chatAlways : cfg.chatAlways(req),
					);
				const model = typeof body?.model === 'string' ? body.model : '';
				if (!names.includes(model)) {
					return fromFixture(cfg.chatUnknown, {
						json: (b) => {
							b.error.message = b.error.message.replace(
								/model=[^.]*\. Call/,
								`model=${model}. Call`,
							);
							return b;
						},
					});
				}
				if (model !== names[0]) return notRecorded(`a completion of ${model} under ${scenario}`);
				if (body.mock_testing_fallbacks === true)
					return cfg.chatMock
						? fromFixture(cfg.chatMock)
						: notRecorded(`mock_testing_fallbacks under ${scenario}`);
				return cfg.chatOk ? fromFixture(cfg.chatOk) : notRecorded(`a completion under ${scenario}`);
			});
	}
	return notFound();
}

const HEALTH = new Set(['/health/liveliness', '/health/liveness', '/health/readiness', '/']);

const HTML_PAGE =
	'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Another web app</title></head>' +
	'<body><h1>Another web app</h1><p>This port is not LiteLLM Proxy.</p></body></html>\n';

function isPreflight(req: Parsed): boolean {
	return (
		req.method === 'OPTIONS' &&
		'origin' in req.headers &&
		'access-control-request-method' in req.headers
	);
}

/** Starlette's preflight answer, in the recorded header order (fixture `cors-preflight-*`). */
function preflight(req: Parsed): Reply {
	const headers: [string, string][] = [
		['date', ''],
		['server', 'uvicorn'],
		['vary', 'Origin'],
		['access-control-allow-methods', 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT'],
		['access-control-max-age', '600'],
		['access-control-allow-credentials', 'true'],
		['access-control-allow-origin', req.headers.origin],
	];
	if (req.headers['access-control-request-headers'] !== undefined) {
		headers.push(['access-control-allow-headers', req.headers['access-control-request-headers']]);
	}
	headers.push(['content-length', '2'], ['content-type', 'text/plain; charset=utf-8']);
	return { status: 200, reason: 'OK', headers, body: Buffer.from('OK') };
}

/** Starlette's simple-response CORS headers, appended (fixtures `cors-*-origin*`). */
function withCors(reply: Reply, req: Parsed): Reply {
	const origin = req.headers.origin;
	if (origin === undefined) return reply;
	const cookie = req.headers.cookie !== undefined;
	const headers = [...reply.headers];
	headers.push(
		['access-control-allow-origin', cookie ? origin : '*'],
		['access-control-allow-credentials', 'true'],
	);
	if (cookie) headers.push(['vary', 'Origin']);
	return { ...reply, headers };
}

/**
 * A chat completion without AWS credentials (config-nomock.yaml, the model list of
 * config.yaml): the recorded 401 (with and without `Origin`), or right after it the
 * recorded cooldown 429. Auth as everywhere else.
 */
function nomockChat(scenario: Scenario, req: Parsed): Reply {
	if (req.method !== 'POST') return methodNotAllowed('POST');
	const denied = authError(scenario, resolveAuth(req.headers));
	if (denied) return denied;
	if (scenario === 'nomock-cooldown')
		return fromFixture('workshop-nomock-cors-chat-completions-origin-cooldown');
	return fromFixture(
		req.headers.origin === undefined
			? 'workshop-nomock-chat-completions'
			: 'workshop-nomock-cors-chat-completions-origin',
	);
}

/** The whole answer for a scenario, or null for "never answer". */
function respond(scenario: Scenario, req: Parsed): Reply | null {
	if (scenario === 'slow') return null;
	if (scenario === 'html')
		return plain(200, HTML_PAGE, 'text/html; charset=utf-8', 'other-app/1.0');
	if (isPreflight(req)) return preflight(req);
	const [pathname] = req.target.split('?');
	if (scenario === 'server-error' && !HEALTH.has(pathname))
		return plain(500, 'Internal Server Error');
	if (scenario === 'not-found') return withCors(notFound(), req);
	const workshopConfig = WORKSHOP_CONFIGS[scenario];
	if (workshopConfig) return withCors(workshopReply(scenario, workshopConfig, req), req);
	if (
		(scenario === 'nomock' || scenario === 'nomock-cooldown') &&
		/^\/(v1\/)?chat\/completions$/.test(pathname)
	)
		return withCors(nomockChat(scenario, req), req);
	const as =
		scenario === 'server-error' || scenario === 'nomock' || scenario === 'nomock-cooldown'
			? 'ready'
			: scenario;
	return withCors(litellmReply(as, req), req);
}

function serialize(reply: Reply, headOnly: boolean): Buffer {
	const date = new Date().toUTCString();
	const lines = [`HTTP/1.1 ${reply.status} ${reply.reason}`];
	for (const [n, v] of reply.headers) lines.push(`${n}: ${n === 'date' ? date : v}`);
	const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
	return headOnly ? head : Buffer.concat([head, reply.body]);
}

// ---- a small HTTP/1.1 request parser -------------------------------------------------------------

const MAX_HEAD = 64 * 1024;

/** Parses one request from `buf`; undefined when incomplete; 'bad' on garbage. */
function parseOne(buf: Buffer): { req: Parsed; used: number } | undefined | 'bad' {
	// Not a request line (e.g. a TLS ClientHello from an https:// client): reject at once.
	if (!/^[A-Z]*$/.test(buf.subarray(0, Math.min(buf.length, 8)).toString('latin1').split(' ')[0]))
		return 'bad';
	const end = buf.indexOf('\r\n\r\n');
	if (end < 0) return buf.length > MAX_HEAD ? 'bad' : undefined;
	const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
	const m = /^([A-Z]+) (\S+) (HTTP\/1\.[01])$/.exec(lines[0]);
	if (!m) return 'bad';
	const rawHeaders: [string, string][] = [];
	const headers: Record<string, string> = {};
	for (const line of lines.slice(1)) {
		const i = line.indexOf(':');
		if (i <= 0) return 'bad';
		const name = line.slice(0, i).trim();
		const value = line.slice(i + 1).trim();
		rawHeaders.push([name, value]);
		const lower = name.toLowerCase();
		headers[lower] = lower in headers ? `${headers[lower]}, ${value}` : value;
	}
	let pos = end + 4;
	let body: Buffer;
	if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
		const parts: Buffer[] = [];
		for (;;) {
			const eol = buf.indexOf('\r\n', pos);
			if (eol < 0) return undefined;
			const size = parseInt(buf.subarray(pos, eol).toString('latin1'), 16);
			if (Number.isNaN(size)) return 'bad';
			if (size === 0) {
				// "0\r\n", optional trailer lines, then an empty line
				if (buf.length < eol + 4) return undefined;
				if (buf.subarray(eol, eol + 4).toString('latin1') === '\r\n\r\n') {
					pos = eol + 4;
				} else {
					const t = buf.indexOf('\r\n\r\n', eol + 2);
					if (t < 0) return undefined;
					pos = t + 4;
				}
				break;
			}
			if (buf.length < eol + 2 + size + 2) return undefined;
			parts.push(buf.subarray(eol + 2, eol + 2 + size));
			pos = eol + 2 + size + 2;
		}
		body = Buffer.concat(parts);
	} else {
		const len = Number(headers['content-length'] ?? 0);
		if (!Number.isInteger(len) || len < 0) return 'bad';
		if (buf.length < pos + len) return undefined;
		body = buf.subarray(pos, pos + len);
		pos += len;
	}
	return {
		req: {
			method: m[1],
			target: m[2],
			version: m[3],
			rawHeaders,
			headers,
			body: Buffer.from(body),
		},
		used: pos,
	};
}

/**
 * Starts a replay server on a free loopback port.
 *
 * @param options.scenario default 'ready'
 * @param options.host default '127.0.0.1' (loopback only: '127.x.y.z', '::1' or 'localhost')
 * @returns the server; `requests` logs every request; `close()` stops it
 * @throws Error for a non-loopback host
 */
export async function startLiteLLMServer(
	options: { scenario?: Scenario; host?: string } = {},
): Promise<LiteLLMServer> {
	const scenario = options.scenario ?? 'ready';
	const host = options.host ?? '127.0.0.1';
	if (!/^(127(\.\d{1,3}){3}|::1|localhost)$/.test(host))
		throw new Error(`litellm-server listens on loopback only, not ${host}`);
	if (!SCENARIOS.includes(scenario)) throw new Error(`unknown scenario ${scenario}`);
	loadFixtures();
	const requests: LoggedRequest[] = [];
	const sockets = new Set<net.Socket>();

	const server = net.createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => {});
		let buf = Buffer.alloc(0);
		let closed = false;
		socket.on('data', (chunk) => {
			if (closed) return;
			buf = Buffer.concat([buf, chunk]);
			for (;;) {
				const r = parseOne(buf);
				if (r === undefined) return;
				if (r === 'bad') {
					closed = true; // not recorded; uvicorn also answers garbage with a 400 and closes
					socket.end(serialize(plain(400, 'Invalid HTTP request received.'), false));
					return;
				}
				buf = buf.subarray(r.used);
				const { req } = r;
				requests.push({
					method: req.method,
					path: req.target,
					headers: { ...req.headers },
					body: req.body.length ? req.body.toString('utf8') : null,
				});
				const reply = respond(scenario, req);
				if (reply === null) continue; // slow: never answer
				const close =
					(req.headers.connection ?? '').toLowerCase() === 'close' || req.version === 'HTTP/1.0';
				socket.write(serialize(reply, req.method === 'HEAD'));
				if (close) {
					closed = true;
					socket.end();
					return;
				}
			}
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, host, () => resolve());
	});
	const port = (server.address() as net.AddressInfo).port;
	const hostInUrl = host.includes(':') ? `[${host}]` : host;
	const url = `http://${hostInUrl}:${port}`;
	return {
		url,
		origin: url,
		port,
		host,
		scenario,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			}),
	};
}

/**
 * A URL whose port was free a moment ago and is now closed (nothing listens): the
 * "proxy not started" case.
 */
export async function closedPortUrl(host = '127.0.0.1'): Promise<string> {
	const server = net.createServer();
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, host, () => resolve());
	});
	const port = (server.address() as net.AddressInfo).port;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
