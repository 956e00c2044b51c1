/**
 * What LiteLLM Proxy 1.81 answers, as the engine reads it: defensive `zod/mini`
 * schemas of the bodies and the classification of its error messages.
 *
 * Shapes come from the recorded fixtures (tests/fixtures/litellm, README there);
 * error texts that were not recorded come from LiteLLM's source and public error
 * reports, cited next to each pattern. Anything that does not parse is treated as
 * "not LiteLLM" by the caller, never trusted.
 */
import * as z from 'zod/mini';

/** `GET /models`, `/v1/models`: `{"data":[{"id":…,"object":"model",…}],"object":"list"}` (fixture `models-v1-bearer-master`). */
export const ModelListSchema = z.object({
	data: z.array(z.object({ id: z.string() })),
});

/**
 * Most model ids the check reads from `/v1/models`. A workshop proxy has 3 to 7
 * (tests/fixtures/litellm); a list longer than this is not a proxy to trust, and
 * comparing every id with the typed name would keep a page busy.
 */
export const MAX_MODEL_IDS = 10_000;

/**
 * Reads the ids of a `/v1/models` answer, at most `max` of them.
 *
 * @param json the parsed body
 * @param max most ids accepted (default `MAX_MODEL_IDS`)
 * @returns `{ ok: true, ids }`; `{ ok: false, count }` when the list holds more than
 *   `max` entries (counted without reading them); `{ ok: false }` when it is not the
 *   list's shape
 */
export function readModelIds(
	json: unknown,
	max = MAX_MODEL_IDS,
): { ok: true; ids: string[] } | { ok: false; count?: number } {
	const data = (json as { data?: unknown } | null)?.data;
	if (Array.isArray(data) && data.length > max) return { ok: false, count: data.length };
	const list = ModelListSchema.safeParse(json);
	return list.success ? { ok: true, ids: list.data.data.map((m) => m.id) } : { ok: false };
}

/**
 * `GET /v1/model/info` (fixture `model-info-v1`): per deployment its `model_name`,
 * `litellm_params.model` (the provider model, e.g. `bedrock/converse/us.anthropic…`)
 * and `model_info` (here only `supports_prompt_caching` and `id` are read).
 */
export const ModelInfoSchema = z.object({
	data: z.array(
		z.object({
			model_name: z.string(),
			litellm_params: z.optional(
				z.nullable(z.object({ model: z.optional(z.nullable(z.string())) })),
			),
			model_info: z.optional(
				z.nullable(
					z.object({
						id: z.optional(z.nullable(z.string())),
						supports_prompt_caching: z.optional(z.nullable(z.boolean())),
					}),
				),
			),
		}),
	),
});
export type ModelInfo = z.infer<typeof ModelInfoSchema>;
export type ModelInfoEntry = ModelInfo['data'][number];

/**
 * LiteLLM's `ProxyException` body, `{"error":{"message","type","param","code"}}`
 * (proxy_server.py 945–956; `code` is a string, `param` may be the string "None"), or
 * FastAPI's `{"detail": …}` (404/405). Fixtures: `models-v1-no-auth`, `models-v1-bearer-wrong`,
 * `chat-completions-unknown-model`, `unknown-route-origin`.
 */
const ErrorBodySchema = z.union([
	z.object({
		error: z.object({
			message: z.optional(z.unknown()),
			type: z.optional(z.nullable(z.string())),
			code: z.optional(z.nullable(z.union([z.string(), z.number()]))),
		}),
	}),
	z.object({ detail: z.unknown() }),
]);

/** `POST /v1/chat/completions` success (fixture `chat-completions-ok`); only `model` and the reply are read. */
export const ChatResponseSchema = z.object({
	model: z.optional(z.nullable(z.string())),
	choices: z.optional(
		z.array(
			z.object({
				message: z.optional(z.nullable(z.object({ content: z.optional(z.nullable(z.string())) }))),
			}),
		),
	),
});

/**
 * `GET /health/readiness` (fixtures `health-readiness`, `workshop-langfuse-health-readiness`):
 * `{"status":"healthy","db":…,"litellm_version":"1.81.0","success_callbacks":[…],…}`;
 * only the version and the callbacks are read.
 */
export const ReadinessSchema = z.object({
	status: z.optional(z.nullable(z.string())),
	litellm_version: z.optional(z.nullable(z.string())),
	success_callbacks: z.optional(z.nullable(z.array(z.unknown()))),
});

/** A LiteLLM error reduced to what the engine uses. */
export interface ProxyError {
	/** `error.message` or `detail`, as text (may contain anything the proxy says: redact before showing). */
	message: string;
	/** `error.type` ('auth_error', 'no_db_connection', 'token_not_found_in_db', …) when present. */
	type?: string;
	/** `error.code` as a string when present. */
	code?: string;
}

/**
 * Reads an error body; undefined when it is not one of LiteLLM's shapes.
 * @param json the parsed body (or undefined when the body was not JSON)
 */
export function readProxyError(json: unknown): ProxyError | undefined {
	const r = ErrorBodySchema.safeParse(json);
	if (!r.success) return undefined;
	if ('error' in r.data) {
		const e = r.data.error;
		const message =
			typeof e.message === 'string'
				? e.message
				: e.message === undefined
					? ''
					: JSON.stringify(e.message);
		return {
			message,
			...(e.type ? { type: e.type } : {}),
			...(e.code !== undefined && e.code !== null ? { code: String(e.code) } : {}),
		};
	}
	const d = r.data.detail;
	return { message: typeof d === 'string' ? d : JSON.stringify(d) };
}

/** The liveliness answer: the JSON string "I'm alive!" (fixture `health-liveliness`). */
export function isLivelinessBody(json: unknown): boolean {
	return typeof json === 'string' && /alive/i.test(json);
}

/** Outcome of a rejected key on `/v1/models`, or undefined for other errors. */
export type AuthVerdict = 'missing' | 'malformed' | 'rejected_no_db' | 'rejected';

/**
 * Classifies an auth failure of `/v1/models`.
 * - 401 "No api key passed in." → missing (fixture `models-v1-no-auth`)
 * - 401 "Malformed API Key passed in. Ensure Key has `Bearer ` prefix." → malformed
 *   (fixture `models-v1-raw-key-no-bearer`)
 * - 400 `type: "no_db_connection"` "No connected db." → rejected_no_db: not the master
 *   key and no database (fixture `models-v1-bearer-wrong`; user_api_key_auth.py 850–858)
 * - 401 "Invalid proxy server token passed…", `type: "token_not_found_in_db"` → rejected
 *   (with a database; user_api_key_auth.py 887–899, shape as in public LiteLLM error
 *   reports); also 401 "LiteLLM Virtual Key expected…" (a non-`sk-` key with a
 *   database, same file) and any other 401/403 with a LiteLLM error body.
 */
export function classifyAuthError(
	status: number,
	err: ProxyError | undefined,
): AuthVerdict | undefined {
	if (!err) return undefined;
	const m = err.message;
	if (/no api key passed in/i.test(m)) return 'missing';
	if (/malformed api key/i.test(m)) return 'malformed';
	if (err.type === 'no_db_connection' || /no connected db/i.test(m)) return 'rejected_no_db';
	if (
		err.type === 'token_not_found_in_db' ||
		/invalid proxy server token|virtual key expected/i.test(m)
	)
		return 'rejected';
	if (status === 401 || status === 403) return 'rejected';
	return undefined;
}

/**
 * Outcome suffix of a failed chat completion (`chat.<suffix>` / `fallback.<suffix>`).
 *
 * Patterns and where they come from:
 * - invalid_model: "Invalid model name passed in model=" — fixture `chat-completions-unknown-model`
 * - not_configured (fallback only, handled by the caller): "This is a mock exception for
 *   model=…, to trigger a fallback." — litellm/router.py, `mock_testing_fallbacks`
 * - access_denied: Bedrock AccessDeniedException "You don't have access to the model with
 *   the specified model ID." as LiteLLM relays it ("BedrockException - {…}", BerriAI/litellm
 *   issue 10378), and "Model access is denied …" (AWS Marketplace subscription variant)
 * - inference_profile: "Invocation of model ID … with on-demand throughput isn’t supported.
 *   Retry your request with the ID or ARN of an inference profile" (BerriAI/litellm issue 7181)
 * - bedrock_model_invalid: Bedrock ValidationException "The provided model identifier is invalid."
 * - throttled: ThrottlingException "Too many tokens/requests, please wait before trying
 *   again." → litellm.RateLimitError, HTTP 429 (BerriAI/litellm issue 589)
 * - credentials_expired: "The security token included in the request is expired"
 *   (ExpiredTokenException)
 * - credentials_invalid: "The security token included in the request is invalid"
 *   (UnrecognizedClientException; BerriAI/litellm issue 6260), "signature we calculated does not match"
 * - credentials_missing: botocore NoCredentialsError "Unable to locate credentials"
 *   ("BedrockException Invalid Authentication - Unable to locate credentials", OpenHands issue 7246)
 * - cooldown: 429 "No deployments available for selected model, Try again in 5 seconds. …
 *   cooldown_list=[…]" — the router rests a deployment for 5 s after a provider 401 and an
 *   immediate second call gets this, not Bedrock throttling (fixture
 *   `workshop-nomock-cors-chat-completions-origin-cooldown`; litellm/router_utils/cooldown_handlers.py)
 * - no_deployments: "No deployments available for selected model" without a cooldown, or
 *   "There are no healthy deployments for this model"
 * - key_rejected: the auth errors of `classifyAuthError`
 * - call_failed: anything else
 *
 * @param status HTTP status of the failed call
 * @param message the error text (error.message / detail / body text)
 */
export function classifyCallError(status: number, message: string, err?: ProxyError): string {
	const m = message;
	if (/invalid model name passed in model=/i.test(m)) return 'invalid_model';
	if (/on-demand throughput isn.t supported|inference profile that contains this model/i.test(m))
		return 'inference_profile';
	if (/security token included in the request is expired|expiredtoken/i.test(m))
		return 'credentials_expired';
	if (/unable to locate credentials|nocredentialserror/i.test(m)) return 'credentials_missing';
	if (
		/security token included in the request is invalid|unrecognizedclientexception|signature we calculated does not match/i.test(
			m,
		)
	) {
		return 'credentials_invalid';
	}
	if (
		/don.t have access to the model|accessdeniedexception|model access is denied|not authorized to perform/i.test(
			m,
		)
	)
		return 'access_denied';
	if (/provided model identifier is invalid/i.test(m)) return 'bedrock_model_invalid';
	if (/no deployments available for selected model/i.test(m))
		return /cooldown|try again in/i.test(m) ? 'cooldown' : 'no_deployments';
	if (
		status === 429 ||
		/throttlingexception|too many (tokens|requests)|ratelimiterror|rate limit/i.test(m)
	)
		return 'throttled';
	if (/no deployments available|no healthy deployments/i.test(m)) return 'no_deployments';
	if (
		err &&
		classifyAuthError(status, err) &&
		(status === 400 || status === 401 || status === 403)
	) {
		if (
			err.type === 'no_db_connection' ||
			err.type === 'auth_error' ||
			err.type === 'token_not_found_in_db'
		)
			return 'key_rejected';
	}
	return 'call_failed';
}

/** True for the simulated error `mock_testing_fallbacks` raises when no fallback is configured (litellm/router.py). */
export function isMockFallbackError(message: string): boolean {
	return /mock exception for model=.*to trigger a fallback/is.test(message);
}

/**
 * True when `id` looks like a Bedrock model id (what belongs in `litellm_params.model`),
 * not a LiteLLM `model_name`: e.g. `us.anthropic.claude-3-7-sonnet-20250219-v1:0`,
 * `anthropic.claude-3-5-sonnet-20241022-v2:0`, `bedrock/converse/us.anthropic…`, or a
 * Bedrock ARN.
 */
export function looksLikeBedrockId(id: string): boolean {
	const s = id.trim();
	if (/^arn:aws[\w-]*:bedrock:/i.test(s)) return true;
	if (/^bedrock\//i.test(s)) return true;
	return /^(?:(?:us|eu|apac|jp|au|ca|us-gov|global)\.)?(?:anthropic|amazon|meta|mistral|cohere|ai21|deepseek|writer|qwen|openai|twelvelabs|stability)\.[\w.-]+(?::\d+)?$/i.test(
		s,
	);
}

/**
 * Reduces a provider model id to compare a Bedrock id typed by a participant with
 * `litellm_params.model` and with a chat response's `model`: drops the `bedrock/`,
 * `converse/`, `invoke/` route prefixes (LiteLLM answers `converse/us.anthropic…` for
 * `bedrock/converse/us.anthropic…`, fixture `chat-completions-ok`) and lower-cases.
 * With `dropRegion`, also the cross-region prefix (`us.`, `eu.`, `apac.`, …), so
 * `anthropic.claude-3-7-…` matches `us.anthropic.claude-3-7-…`.
 */
export function canonicalProviderModel(id: string, dropRegion = false): string {
	let s = id.trim().toLowerCase();
	for (;;) {
		const next = s.replace(/^(bedrock|converse|invoke)\//, '');
		if (next === s) break;
		s = next;
	}
	if (dropRegion) s = s.replace(/^(us|eu|apac|jp|au|ca|us-gov|global)\./, '');
	return s;
}

/**
 * The `model_name`s that serve a given Bedrock id, exact match first, then ignoring the
 * cross-region prefix.
 */
export function modelNamesForBedrockId(info: ModelInfo, bedrockId: string): string[] {
	const exact = canonicalProviderModel(bedrockId);
	const loose = canonicalProviderModel(bedrockId, true);
	const names = (pred: (p: string) => boolean) => [
		...new Set(
			info.data
				.filter((d) => d.litellm_params?.model && pred(d.litellm_params.model))
				.map((d) => d.model_name),
		),
	];
	const a = names((p) => canonicalProviderModel(p) === exact);
	return a.length > 0 ? a : names((p) => canonicalProviderModel(p, true) === loose);
}
