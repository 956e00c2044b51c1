/**
 * Public entry of the LiteLLM Proxy check engine (issue 3). Pure TypeScript with an
 * injected `fetch`: the browser component, `npm run doctor` and the tests import it.
 *
 * - `runChecks(options: RunOptions): Promise<CheckReport>` — see ./types.ts for every shape
 * - `normalizeBaseUrl(raw, lang)` / `normalizeApiKey(raw, lang)` — input normalisation with notes
 * - `stepLabels(lang)` — row titles; `renderMessage(code, lang, params)` and `messages` — the catalog
 * - `maskKey(key)` / `redactKey(text, key, lang)` — showing keys safely (the rule: `redactKey`'s docstring)
 * - `planSteps(steps)` — the rows a run will have (prerequisites added, fixed order)
 *
 * Additions to the agreed contract (all optional, nothing removed):
 * - `RunOptions.chatTimeoutMs` (default 30000) for the chat and fallback requests;
 * - `RunOptions.localNetwork.pageOrigin` to name Chrome's site-settings page in the
 *   `proxy.lna_denied` details;
 * - `normalizeApiKey`, `NormalizedKey`, `InputNote`, `Lang`, `NormalizedUrl` types;
 * - step codes beyond the examples: `proxy.dns`, `proxy.tls`, `proxy.http_error`,
 *   `key.not_required` (warn), `key.invalid_chars`, `key.server_error`, `key.http_error`,
 *   `<step>.timeout|unreachable|cors_blocked|not_litellm` for key/cline/chat/fallback,
 *   `models.no_input`, `cline.no_prompt_caching|prompt_caching_unknown|model_absent|http_error`
 *   (warn for every failure of the cline step), `chat.ok`, `chat.<error>` and
 *   `fallback.<error>` (see `classifyCallError` in ./litellm.ts), `fallback.ok|same_model|
 *   answered|not_configured`; an unusable Base URL fails the proxy row with its
 *   `url.*` code. `messages` (./messages.ts) lists every texted code.
 * - Details carrying a command have `copy: true` (curl of /health/liveliness and
 *   /v1/models, start commands and docker compose logs each with their `cd`, the
 *   port-forward command, a suggested model_name). Commands work as pasted in bash/zsh
 *   and never contain the key (`$LITELLM_MASTER_KEY`); `npm run doctor` is not offered
 *   (participants do not have this site's repository).
 */
export {
	runChecks,
	planSteps,
	closestModel,
	stepLabels,
	ALL_STEPS,
	DEFAULT_STEPS,
} from './engine.ts';
export { runService, planService, serviceLabels } from './runner/run.ts';
export { SERVICES, serviceById, SERVICE_IDS } from './services/index.ts';
export {
	normalizeBaseUrl,
	normalizeApiKey,
	maskKey,
	redactKey,
	isLoopbackHostname,
} from './normalize.ts';
export { renderMessage, messages } from './messages.ts';
export type * from './types.ts';
