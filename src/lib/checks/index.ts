/**
 * Public entry of the LiteLLM Proxy check engine (issue 3). Pure TypeScript with an
 * injected `fetch`: the browser component, `npm run doctor` and the tests import it.
 *
 * - `runChecks(options)` → `CheckReport` (see ./types.ts for every shape)
 * - `normalizeBaseUrl(raw, lang)`, `normalizeApiKey(raw, lang)`: input normalisation with notes
 * - `stepLabels(lang)`: row titles; `renderMessage(code, lang, params)`: the catalog
 * - `maskKey(key)`, `redactKey(text, key)`: showing keys safely
 */
export { runChecks, planSteps, closestModel, ALL_STEPS, DEFAULT_STEPS } from './engine.ts';
export { normalizeBaseUrl, normalizeApiKey, maskKey, redactKey, isLoopbackHostname } from './normalize.ts';
export { stepLabels, renderMessage, messages } from './messages.ts';
export type * from './types.ts';
