/**
 * The facilitator's values for the live LiteLLM Proxy check (the LiteLLM pages and
 * `npm run doctor`). Edit here when your workshop differs; the values are validated
 * at import (src/lib/checks/workshop-schema.ts), so a typo fails `npm run build`,
 * `npm run doctor` and the tests with a message naming the field.
 *
 * Sources: the LiteLLM manual page (seed) and /work/shared/manual-facts.md, section M.
 * - proxyBaseUrl: Cline's Base URL, `http://localhost:4000` (no `/v1`).
 * - defaultApiKey: `.env`'s documented default `LITELLM_MASTER_KEY="sk-litellm-test-key"`.
 *   It is a public placeholder of the workshop, not a secret; participants who
 *   changed it type their own key, which the check never stores outside the tab.
 * - expectedModel: the Model ID the manual tells participants to give Cline.
 * - modelNames: the `model_name`s of the workshop's LiteLLM config files.
 * - timeoutMs: per request, ms; chatTimeoutMs: the one-token chat and fallback test, ms
 *   (the config's `request_timeout: 30` s).
 * - configFiles: `CONFIG_FILE` of `.env` — `iam_role_config.yml` (EC2, IAM role, the
 *   default), `access_key_config.yml` (local PC, access keys), `prompt_caching.yml`.
 */
import { parseWorkshopConfig, type WorkshopConfig } from '../lib/checks/workshop-schema.ts';

export type { WorkshopConfig };

export const workshop: WorkshopConfig = parseWorkshopConfig({
	proxyBaseUrl: 'http://localhost:4000',
	defaultApiKey: 'sk-litellm-test-key',
	expectedModel: 'bedrock-converse-us-claude-3-7-sonnet-v1',
	modelNames: [
		'bedrock-converse-us-claude-3-7-sonnet-v1',
		'bedrock-us-claude-3-5-sonnet-v2',
		'bedrock-apac-claude-3-5-sonnet-v2',
		'bedrock-claude-3-5-sonnet-v1',
	],
	timeoutMs: 5000,
	chatTimeoutMs: 30_000,
	workingDirectory: '2.litellm',
	configFiles: {
		ec2: 'iam_role_config.yml',
		local: 'access_key_config.yml',
		promptCaching: 'prompt_caching.yml',
	},
	awsRegion: 'us-east-1',
	awsProfile: 'cline',
});
