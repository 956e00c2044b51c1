/**
 * The LiteLLM Proxy check as it was first offered: `runChecks(options)` runs the
 * `litellm` catalogue entry (./services/litellm.ts) on the generic runner
 * (./runner/run.ts). Kept so that the component, the CLI and the tests written
 * against it keep working; new code uses `runService(service, options)`.
 */
import { planService, runService, serviceLabels } from './runner/run.ts';
import { litellm } from './services/litellm.ts';
import type { CheckReport, Lang, RunOptions, StepId } from './types.ts';

export { closestModel } from './services/litellm-proxy/service.ts';

/** Every step, in run order. */
export const ALL_STEPS: readonly StepId[] = litellm.steps.map((s) => s.id as StepId);
/** Steps of a run without `steps`: nothing that costs tokens. */
export const DEFAULT_STEPS: readonly StepId[] = litellm.steps
	.filter((s) => !s.costsTokens)
	.map((s) => s.id as StepId);

/**
 * The rows a run will have: the requested ones plus their prerequisites, in run order.
 * @param steps requested steps; undefined → DEFAULT_STEPS
 */
export function planSteps(steps?: readonly StepId[]): StepId[] {
	return planService(litellm, steps) as StepId[];
}

/**
 * Runs the LiteLLM Proxy check (2.litellm's, on `options.baseUrl`).
 *
 * @param options see RunOptions
 * @returns the report (see `runService`)
 * @throws the signal's reason when `options.signal` aborts; RangeError for a bad timeout
 */
export function runChecks(options: RunOptions): Promise<CheckReport> {
	return runService(litellm, options);
}

/**
 * Row titles of the LiteLLM steps.
 *
 * @param lang 'ja' (default) or 'en'
 * @returns e.g. `{ proxy: 'プロキシの起動', key: 'API キー', … }`
 */
export function stepLabels(lang: Lang = 'ja'): Record<StepId, string> {
	return serviceLabels(litellm, lang) as Record<StepId, string>;
}
