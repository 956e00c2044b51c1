/**
 * Types of the LiteLLM Proxy check engine (issue 3), shared by the browser component
 * (src/components/proxy-check.client.ts), the CLI (scripts/doctor.ts) and the tests.
 *
 * Pure types: no runtime code, nothing from Astro or the DOM.
 */

/**
 * The rows of a check, in the order they run. `proxy`, `key` and `models` are the
 * prerequisites of every later step and always run first.
 * - proxy: `GET {base}/health/liveliness` (no auth)
 * - key: `GET {base}/v1/models` with `Authorization: Bearer {key}`
 * - models: the list from `key` holds the chosen `model_name` (may call `/v1/model/info`)
 * - cline: `GET {base}/v1/model/info` with `x-litellm-api-key`, the call Cline makes
 * - chat: a one-token `POST {base}/v1/chat/completions` (costs tokens; on request only)
 * - fallback: the same with `"mock_testing_fallbacks": true` (costs tokens)
 */
export type StepId = 'proxy' | 'key' | 'models' | 'cline' | 'chat' | 'fallback';

/** `pending` before the run reaches the row, `running` while it is checked. */
export type StepStatus = 'pending' | 'running' | 'ok' | 'warn' | 'fail' | 'skipped';

/**
 * One labelled value shown under a row, plain text (render with `textContent`).
 * Examples: `{ label: 'モデル一覧', value: 'a, b, c' }`, `{ label: '候補', value: 'x', copy: true }`.
 * `copy: true` marks a value worth a copy button (a model id, a command).
 */
export interface StepDetail {
	label: string;
	value: string;
	copy?: boolean;
}

/**
 * The state of one row. Every message, fix and detail is plain text in the chosen
 * language; proxy-supplied text inside them is quoted as a plain string and has the
 * API key redacted (see `redactKey`).
 */
export interface StepResult {
	/** The step's id within its service (LiteLLM: a `StepId`). */
	id: string;
	status: StepStatus;
	/**
	 * Stable machine-readable outcome, `<step>.<outcome>`, e.g. 'proxy.ok',
	 * 'proxy.unreachable', 'key.rejected_no_db', 'models.missing'. The full list is the
	 * keys of `messages` in src/lib/checks/messages.ts. Exceptions: a Base URL that
	 * cannot be used fails the `proxy` row with its `url.*` code (e.g. 'url.invalid');
	 * rows not run carry '<step>.pending' / '<step>.running' / '<step>.skipped'.
	 */
	code: string;
	/** What happened (Japanese by default), never HTML. Empty for 'pending'. */
	message: string;
	/** What to do, when there is something to do. */
	fix?: string;
	/** Wall time of the step in ms (0 for pending, running and skipped rows). */
	ms: number;
	details?: StepDetail[];
}

/**
 * The browser's Local Network Access permission for loopback addresses
 * (`navigator.permissions.query({ name: 'loopback-network' })`, older Chromium
 * `'local-network-access'`); 'unsupported' when the browser knows neither name.
 */
export type LocalNetworkPermission = 'granted' | 'denied' | 'prompt' | 'unsupported';

/** What the participant typed. Raw values are fine: the engine normalises them. */
export interface CheckInput {
	/** e.g. 'http://localhost:4000'; normalised by `normalizeBaseUrl`. */
	baseUrl: string;
	/** The LiteLLM master key or a virtual key; '' sends no key (LiteLLM answers 401). */
	apiKey: string;
	/** The `model_name` the participant will give Cline as Model ID. */
	model: string;
}

export type Lang = 'ja' | 'en';

export interface RunOptions extends CheckInput {
	/**
	 * URLs of a service's `extraUrls` by name (e.g. `{ langfuseWeb: 'http://localhost:3000' }`);
	 * defaults from the catalogue entry. Never sent a key.
	 */
	urls?: Record<string, string>;
	/** The browser's `fetch`, or undici's `fetch` in the CLI. Called only for `baseUrl`. */
	fetch: typeof globalThis.fetch;
	/**
	 * Per-request timeout in ms (proxy, key, models, cline). Default: `workshop.timeoutMs`
	 * (5000) from workshop.config.ts.
	 */
	timeoutMs?: number;
	/**
	 * Timeout in ms of the chat and fallback requests (Bedrock answers more slowly).
	 * Default: `workshop.chatTimeoutMs` (30000).
	 */
	chatTimeoutMs?: number;
	/**
	 * Rows to run. Default ['proxy', 'key', 'models', 'cline']. Prerequisites are added
	 * and the order is fixed, so ['chat'] runs ['proxy', 'key', 'models', 'chat'] and
	 * ['proxy','key','models','chat','fallback'] runs both token-spending steps.
	 */
	steps?: string[];
	/** Language of messages; default 'ja'. */
	lang?: Lang;
	/** Browser only; leave out in Node. Drives the Local Network Access verdicts. */
	localNetwork?: {
		/** The page itself is served from localhost / 127.0.0.0/8 / [::1] (no LNA checks apply). */
		pageIsLoopback: boolean;
		/** Current permission state; called only after a failed or timed-out request. */
		permission(): Promise<LocalNetworkPermission>;
		/**
		 * Optional: the page's origin (`location.origin`), used to name Chrome's
		 * site-settings page (chrome://settings/content/siteDetails?site=…) in the fix.
		 */
		pageOrigin?: string;
	};
	/**
	 * Called on every change of a row: first every requested row as 'pending', then
	 * each row as 'running' and with its final result; rows after a failure as 'skipped'.
	 */
	onStep?(step: StepResult): void;
	/** Aborts the whole run: `runChecks` then rejects with the signal's reason. */
	signal?: AbortSignal;
}

/** What to type into Cline's API Provider form (Provider: LiteLLM). */
export interface ClineSettings {
	provider: 'LiteLLM';
	/** Normalised, without `/v1`, e.g. 'http://localhost:4000'. */
	baseUrl: string;
	/** The key as used in the run (normalised). Mask it before showing or printing. */
	apiKey: string;
	/** The `model_name` found in `/v1/models`. */
	modelId: string;
	/** `model_info.supports_prompt_caching` from `/v1/model/info`, when known. */
	supportsPromptCaching?: boolean;
}

/** A normalisation note or error: stable `code` plus a message in the chosen language. */
export interface InputNote {
	code: string;
	message: string;
}

export interface CheckReport {
	/** True when no step has status 'fail' ('warn' and 'skipped' are fine). */
	ok: boolean;
	/** The catalogue id of the checked service ('litellm', 'mlflow', …). */
	service?: string;
	/** The service's version when it told it (LiteLLM: `/health/readiness`). */
	version?: string;
	/** The normalised input, never the key. `notes` explain every change made to it. */
	input: { baseUrl: string; model: string; notes: InputNote[] };
	/** One result per requested row, in run order. */
	steps: StepResult[];
	/** Present when proxy, key and models passed. Contains the key: mask before display. */
	cline?: ClineSettings;
}

/** Result of `normalizeBaseUrl`. */
export type NormalizedUrl =
	{ ok: true; url: string; notes: InputNote[] } | { ok: false; code: string; message: string };

/** Result of `normalizeApiKey`. */
export type NormalizedKey =
	{ ok: true; key: string; notes: InputNote[] } | { ok: false; code: string; message: string };
