/**
 * zod schema of the facilitator's values in src/config/workshop.ts.
 *
 * Uses `zod/mini` because this module ships to the browser (the live check on the
 * LiteLLM pages imports the config for its defaults): it tree-shakes to a few kB.
 */
import * as z from 'zod/mini';

const nonEmpty = (what: string) => z.string().check(z.trim(), z.minLength(1, `${what} must not be empty`));
const yml = (what: string) =>
	z.string().check(z.regex(/^[\w.-]+\.ya?ml$/, `${what} must be a bare file name ending in .yml or .yaml`));
const ms = (what: string, min: number, max: number) =>
	z.number().check(z.int(`${what} must be an integer (ms)`), z.gte(min, `${what} must be ≥ ${min} ms`), z.lte(max, `${what} must be ≤ ${max} ms`));

export const WorkshopConfigSchema = z
	.object({
		/** Base URL participants give Cline; http(s), host and port only (no path, no `/v1`). */
		proxyBaseUrl: z
			.string()
			.check(z.regex(/^https?:\/\/[^/?#@\s]+$/, 'proxyBaseUrl must be like http://localhost:4000 (no path, no /v1, no trailing /)')),
		/** Master key of the workshop's `.env` (`LITELLM_MASTER_KEY`). */
		defaultApiKey: z.string().check(z.regex(/^[\x21-\x7e]+$/, 'defaultApiKey must be printable ASCII without spaces')),
		/** `model_name` participants give Cline. Must be one of `modelNames`. */
		expectedModel: nonEmpty('expectedModel'),
		/** Every `model_name` of the workshop's LiteLLM config files. */
		modelNames: z.array(nonEmpty('a model name')).check(z.minLength(1, 'modelNames must list at least one model_name')),
		/** Per-request timeout of the checks, ms. */
		timeoutMs: ms('timeoutMs', 100, 600_000),
		/** Timeout of the chat and fallback requests, ms. */
		chatTimeoutMs: ms('chatTimeoutMs', 1_000, 600_000),
		/** Directory of the LiteLLM hands-on in the workshop repository. */
		workingDirectory: nonEmpty('workingDirectory'),
		/** LiteLLM config files (`CONFIG_FILE` in `.env`), per runtime. */
		configFiles: z.object({
			ec2: yml('configFiles.ec2'),
			local: yml('configFiles.local'),
			promptCaching: yml('configFiles.promptCaching'),
		}),
		/** AWS region of the workshop's Bedrock calls. */
		awsRegion: z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'awsRegion must look like us-east-1')),
		/** AWS CLI profile name the set-up pages create. */
		awsProfile: nonEmpty('awsProfile'),
	})
	.check(
		z.refine((c) => c.modelNames.includes(c.expectedModel), {
			message: 'expectedModel must be one of modelNames',
			path: ['expectedModel'],
		}),
	);

export type WorkshopConfig = z.infer<typeof WorkshopConfigSchema>;

/**
 * Validates the facilitator's values.
 *
 * @param raw the object literal of src/config/workshop.ts
 * @returns the same values, typed
 * @throws Error naming src/config/workshop.ts and every invalid field, so a bad edit
 *   fails the build, the CLI and the tests at import with a readable message.
 */
export function parseWorkshopConfig(raw: unknown): WorkshopConfig {
	const r = WorkshopConfigSchema.safeParse(raw);
	if (!r.success) {
		throw new Error(`src/config/workshop.ts has invalid values:\n${z.prettifyError(r.error)}`);
	}
	return r.data;
}
