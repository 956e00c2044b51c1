/**
 * Cline's LiteLLM provider settings, filled with the workshop's values: the data that
 * src/components/ClineSettings.astro draws as a panel.
 *
 * The labels are Cline's own, from its source (repository `cline/cline`):
 * - webview-ui/src/components/settings/ApiOptions.tsx: the provider field is labelled
 *   "API Provider" and LiteLLM's entry is "LiteLLM";
 * - webview-ui/src/components/settings/providers/LiteLlmProvider.tsx (read at commit
 *   0333b0746b8192fa45ab5ec107b96ae43424bd08): text fields "Base URL (optional)"
 *   (placeholder "Default: http://localhost:4000"), "API Key" (`type="password"`, so
 *   Cline shows it masked), "Model ID"; the checkbox "Use prompt caching (GA)", shown
 *   when the model info supports prompt caching — Cline's defaults for LiteLLM
 *   (`liteLlmModelInfoSaneDefaults`, src/shared/api.ts) say it does, and LiteLLM's
 *   /v1/model/info says so for the workshop's Claude models (tests/fixtures/litellm/
 *   model-info-v1.json), so it is on screen;
 * - webview-ui/src/components/settings/ThinkingBudgetSlider.tsx: the checkbox
 *   "Enable extended thinking" under them.
 * The workshop leaves both checkboxes off: prompt caching needs the prompt_caching.yml
 * config, and extended thinking breaks Claude 3.7 Sonnet V1 requests through the proxy
 * (the LiteLLM page's caution).
 *
 * Pure TypeScript (zod only), free of Astro: the component and the tests share it.
 */
import { z } from 'zod';
import type { WorkshopConfig } from '../config/schema.ts';

/** One row of the panel. */
export type ClineField =
	| { kind: 'select' | 'text'; label: string; value: string }
	| { kind: 'password'; label: string; value: string; masked: string }
	| { kind: 'checkbox'; label: string; checked: boolean };

/** The component's props, before defaults. */
export const ClineSettingsPropsSchema = z
	.object({
		/** Cline's Base URL; default the config's `proxyBaseUrl`. */
		baseUrl: z.string().optional(),
		/** Cline's Model ID; default the config's `expectedModel`. */
		modelId: z.string().optional(),
		/** Whether "Use prompt caching (GA)" is shown ticked (default false). */
		promptCaching: z.boolean().optional(),
	})
	.strict();
export type ClineSettingsProps = z.infer<typeof ClineSettingsPropsSchema>;

/** A password field's look: one `•` per character, as a browser masks `type="password"`. */
export function maskPassword(value: string): string {
	return '•'.repeat([...value].length);
}

/** An error in the props, naming the prop and the allowed values. */
export class ClineSettingsError extends Error {
	override name = 'ClineSettingsError';
}

/**
 * The panel's rows for the given props.
 * `baseUrl` must be one of the config's Base URLs (`proxyBaseUrl`, `mlflow.proxyBaseUrl`)
 * and `modelId` one of its `model_name`s (`modelNames`, `mlflow.modelNames`): pages pass
 * them as `%%placeholders%%`, which the build has already replaced, so anything else is
 * a typo or a hard-coded value.
 * @throws ClineSettingsError for unknown props or values outside the config
 */
export function clineSettingsFields(config: WorkshopConfig, props: unknown): ClineField[] {
	const parsed = ClineSettingsPropsSchema.safeParse(props ?? {});
	if (!parsed.success) {
		throw new ClineSettingsError(
			`<ClineSettings>: invalid props ${JSON.stringify(props)}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(props)'}: ${i.message}`).join('; ')}`,
		);
	}
	const baseUrls = [config.proxyBaseUrl, config.mlflow.proxyBaseUrl];
	const models = [...new Set([...config.modelNames, ...config.mlflow.modelNames])];
	const baseUrl = parsed.data.baseUrl ?? config.proxyBaseUrl;
	const modelId = parsed.data.modelId ?? config.expectedModel;
	if (!baseUrls.includes(baseUrl)) {
		throw new ClineSettingsError(
			`<ClineSettings>: baseUrl "${baseUrl}" is not a Base URL of workshop.config.ts; use %%proxyBaseUrl%% (${config.proxyBaseUrl}) or %%mlflow.proxyBaseUrl%% (${config.mlflow.proxyBaseUrl})`,
		);
	}
	if (!models.includes(modelId)) {
		throw new ClineSettingsError(
			`<ClineSettings>: modelId "${modelId}" is not a model_name of workshop.config.ts; use %%expectedModel%% or %%mlflow.expectedModel%%`,
		);
	}
	return [
		{ kind: 'select', label: 'API Provider', value: 'LiteLLM' },
		{ kind: 'text', label: 'Base URL (optional)', value: baseUrl },
		{
			kind: 'password',
			label: 'API Key',
			value: config.defaultApiKey,
			masked: maskPassword(config.defaultApiKey),
		},
		{ kind: 'text', label: 'Model ID', value: modelId },
		{
			kind: 'checkbox',
			label: 'Use prompt caching (GA)',
			checked: parsed.data.promptCaching ?? false,
		},
		{ kind: 'checkbox', label: 'Enable extended thinking', checked: false },
	];
}
