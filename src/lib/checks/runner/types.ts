/**
 * Types of the generic check runner: a service is an ordered list of steps; each step
 * declares its outcome table beside it and returns one of that table's ids, so a
 * misspelt outcome is a type error (`Outcome<NoInfer<O>>`), not a missing text at run
 * time. The runner (./run.ts) plans, runs, times and renders the steps; the catalogue
 * (../services/) declares them (with `defineStep` from ./run.ts). Pure types: nothing
 * from Astro or the DOM.
 */
import type { HttpContext } from '../http.ts';
import type { MessageParams } from '../messages.ts';
import type {
	Lang,
	NormalizedKey,
	NormalizedUrl,
	RunOptions,
	StepDetail,
	StepResult,
} from '../types.ts';

/** Final status of a step that ran. */
export type FinalStatus = 'ok' | 'warn' | 'fail';

/** Message and optional fix, as `{name}` templates (filled by `fillTemplate`). */
export interface Texts {
	message: string;
	fix?: string;
}

/**
 * One row of a step's outcome table: its status and its texts in both languages.
 * `code` names the reported outcome when it differs from the table key (a variant
 * text of one stable code, e.g. `missing_suggest` reported as `models.missing`).
 */
export interface OutcomeEntry {
	status: FinalStatus;
	ja: Texts;
	en: Texts;
	code?: string;
}

/** A step's outcomes: id → entry. */
export type OutcomeTable<O extends string> = { readonly [K in O]: OutcomeEntry };

/** What a step returns: one id of its own table, template values and detail rows. */
export interface Outcome<O extends string> {
	id: O;
	/**
	 * Template values (undefined ones are left out); proxy-supplied values must already
	 * be redacted and bounded.
	 */
	params?: { readonly [name: string]: string | number | undefined };
	details?: StepDetail[];
	/**
	 * Texts already rendered elsewhere (input validation: `normalizeBaseUrl`,
	 * `normalizeApiKey`), with the code they carry (e.g. 'url.invalid').
	 */
	rendered?: { code: string; message: string; fix?: string };
}

/**
 * State every step of a run sees. A service extends it with its own fields
 * (`ServiceDef.context`).
 */
export interface RunBase {
	lang: Lang;
	/** fetch + the run's signal (aborted by the runner when an earlier step failed). */
	http: HttpContext;
	/** Per-request timeout, ms. */
	timeoutMs: number;
	/** Timeout of token-spending requests, ms. */
	chatTimeoutMs: number;
	url: NormalizedUrl;
	/** Normalised Base URL, or the trimmed raw input when it could not be used. */
	base: string;
	key: NormalizedKey;
	/** The usable key ('' when none or invalid). */
	apiKey: string;
	/** The model as typed, trimmed ('' for services without a model). */
	model: string;
	/** The service's `extraUrls`, normalised (origin only), by name. */
	urls: Readonly<Record<string, string>>;
	localNetwork: RunOptions['localNetwork'];
	/**
	 * Settles when the first step of the run has its result. A later step whose request
	 * failed without a cause waits for it before probing: when the first step failed
	 * (nothing listens, Local Network Access), the run is over and no probe goes out.
	 */
	firstStepDone: Promise<void>;
}

/** One step of a service. */
export interface StepDef<C extends RunBase, O extends string = string> {
	/** Stable id within the service; codes are `<id>.<outcome>`. */
	id: string;
	/** Row title per language. */
	label: Record<Lang, string>;
	/** Spends tokens: runs only when asked, after every earlier step passed. */
	costsTokens?: boolean;
	/** Every other step of the service needs this one (added to any plan). */
	prerequisite?: boolean;
	outcomes: OutcomeTable<O>;
	/**
	 * Runs the step. Requests shared with other steps go through memoised promises on
	 * the context, so steps that do not depend on each other start together.
	 */
	run(ctx: C): Promise<Outcome<NoInfer<O>>>;
}

/** A catalogue entry: one local service of the workshop and its check. */
export interface ServiceDef<C extends RunBase = RunBase> {
	/** Catalogue id ('litellm', 'mlflow', …): `<ServiceCheck service>`, `--service`, `Verdict.service`. */
	id: string;
	title: Record<Lang, string>;
	/** One sentence under the check's title: what it checks. */
	intro: Record<Lang, string>;
	/** Workshop page of the service, relative to the docs root (e.g. 'workshops/litellm/'). */
	page: string;
	/** Base URL suggested in the form and used by the CLI and the readiness panel. */
	defaultBaseUrl: string;
	/** Which fields the check asks for besides the Base URL. */
	inputs: { apiKey?: boolean; model?: boolean };
	/** Model pre-filled when `inputs.model`. */
	defaultModel?: string;
	/** The steps, in order. */
	steps: readonly StepDef<C, any>[];
	/**
	 * Other URLs the check calls besides the Base URL, never with a key (Langfuse's web
	 * UI beside the proxy): name → default and form label. The run gets them in
	 * `RunBase.urls` (`RunOptions.urls` overrides a default).
	 */
	extraUrls?: Readonly<Record<string, { default: string; label: Record<Lang, string> }>>;
	/** Template values every text of this service may use (e.g. its working directory). */
	params?: MessageParams;
	/** Builds the run's context from the shared state. */
	context(base: RunBase): C;
	/** Values for the report once the run is over (Cline settings, the proxy's version). */
	finish?(ctx: C, results: readonly StepResult[]): Promise<ReportExtras> | ReportExtras;
}

/** What a service may add to the report. */
export interface ReportExtras {
	cline?: import('../types.ts').ClineSettings;
	/** The service's version when it told it (LiteLLM: `/health/readiness` `litellm_version`). */
	version?: string;
}
