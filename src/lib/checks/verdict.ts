/**
 * The verdict a live check announces to the rest of the page when a run ends, so that
 * parts of the page that are not the check (the progress marks on the chart, the
 * readiness summary, the help report) learn of it without importing the check.
 *
 * The check element dispatches `new CustomEvent(VERDICT_EVENT, { detail, bubbles: true })`
 * on itself once per finished run (not for an aborted run). Listeners read `detail` as
 * data only. Nothing in a verdict is secret: it never carries the API key, not even
 * masked, and every text is plain text (render with `textContent`).
 *
 * Pure TypeScript: no DOM types beyond `CustomEvent`'s name, nothing from Astro.
 */

/** Name of the DOM event a check dispatches when a run ends. */
export const VERDICT_EVENT = 'workshop:check-verdict';

/** One step of the run as the participant saw it. */
export interface VerdictStep {
	/** The step's id within its service, e.g. 'proxy', 'key', 'models'. */
	id: string;
	/** The step's label as shown on the page, e.g. 「Proxy の起動」. */
	label: string;
	/** 'ok' | 'warn' | 'fail' | 'skipped'. */
	status: 'ok' | 'warn' | 'fail' | 'skipped';
	/** The stable outcome code, e.g. 'proxy.unreachable' (the README lists them). */
	code: string;
	/** What happened, plain text. */
	message: string;
	/** Wall time of the step in ms. */
	ms: number;
}

/** `detail` of a `VERDICT_EVENT`. */
export interface Verdict {
	/** The catalogue id of the checked service, e.g. 'litellm', 'mlflow', 'langfuse'. */
	service: string;
	/** True when no step failed. */
	ok: boolean;
	/** The code of the first failing step, or null when `ok`. */
	code: string | null;
	/** When the run ended, ISO 8601 (`new Date().toISOString()`). */
	at: string;
	/** The Base URL (origin) that was checked, e.g. 'http://localhost:4000'. */
	baseUrl: string;
	/** The steps in run order. */
	steps: VerdictStep[];
	/** The LiteLLM version from `/health/readiness`, when the proxy answered it. */
	version?: string;
}
