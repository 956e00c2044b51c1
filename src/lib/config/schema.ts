/**
 * zod schema of the event's values in `workshop.config.ts` (project root).
 *
 * Uses `zod/mini` because this module ships to the browser (the live check on the
 * LiteLLM pages imports the config for its defaults): it tree-shakes to a few kB.
 *
 * Rules beyond "a non-empty string" (each failure message starts with the field):
 * - `proxyBaseUrl`: `http://` or `https://`, host and optional port, nothing else —
 *   no path (Cline's Base URL has no `/v1`), query, fragment, user info or trailing
 *   `/`, written as the browser writes the origin (lowercase host, no default port).
 * - `modelNames`: at least one, no duplicates, each a LiteLLM `model_name` without
 *   spaces. `expectedModel` must be one of them: the pages tell participants to give
 *   Cline a model the workshop's config files define, and the check looks for it in
 *   `/v1/models`, so a value outside the list is a typo, not a choice.
 * - `awsRegion`: an AWS region code like `us-east-1` or `ap-northeast-1`.
 * - `repoVersion`: the Git ref of the workshop repository under `refs/` that the set-up
 *   pages download (`export VERSION=${VERSION:-heads/main}`): `heads/<branch>` or
 *   `tags/<tag>`, with only letters, digits and `. _ - /` so it is safe in a shell.
 * - `repository`: a GitHub `owner/name` (owner: letters, digits and single hyphens, at
 *   most 39 characters; name: letters, digits, `. _ -`, at most 100, not `.`/`..`, no
 *   `.git`), written into URLs and shell commands on the set-up pages.
 * - `eventName`: one line, at most 80 characters (Starlight's site title).
 * - Unknown keys are rejected, so a misspelt field name fails instead of being ignored.
 */
import * as z from 'zod/mini';

/** The file the values live in, named in every error message. */
export const CONFIG_FILE = 'workshop.config.ts';

const nonEmpty = (what: string) =>
	z.string().check(z.trim(), z.minLength(1, `${what} must not be empty`));
const yml = (what: string) =>
	z
		.string()
		.check(z.regex(/^[\w.-]+\.ya?ml$/, `${what} must be a bare file name ending in .yml or .yaml`));
const ms = (what: string, min: number, max: number) =>
	z
		.number()
		.check(
			z.int(`${what} must be an integer (ms)`),
			z.gte(min, `${what} must be ≥ ${min} ms`),
			z.lte(max, `${what} must be ≤ ${max} ms`),
		);

/** True when `v` is exactly the origin the URL parser makes of it (see the rules above). */
function isCanonicalOrigin(v: string): boolean {
	if (!URL.canParse(v)) return false;
	const u = new URL(v);
	return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === v;
}

/** An http(s) origin (see `isCanonicalOrigin`), with the field's name in the message. */
const origin = (what: string, example: string) =>
	z
		.string()
		.check(
			z.refine(
				isCanonicalOrigin,
				`${what} must be http(s)://host[:port] only, like ${example} (no path, no query, no trailing /, lowercase host, no default port)`,
			),
		);
const dirName = (what: string, example: string) =>
	z.string().check(z.regex(/^[\w.-]+$/, `${what} must be a bare directory name like ${example}`));
const tcpPort = (what: string) =>
	z
		.number()
		.check(
			z.int(`${what} must be a port number`),
			z.gte(1, `${what} must be a port number from 1 to 65535`),
			z.lte(65535, `${what} must be a port number from 1 to 65535`),
		);

const modelName = z
	.string()
	.check(
		z.regex(
			/^[\x21-\x7e]+$/,
			'each modelNames entry must be a model_name without spaces (printable ASCII)',
		),
	);

export const WorkshopConfigSchema = z
	.strictObject({
		/** Base URL participants give Cline; http(s), host and port only (no path, no `/v1`). */
		proxyBaseUrl: z
			.string()
			.check(
				z.refine(
					isCanonicalOrigin,
					'proxyBaseUrl must be http(s)://host[:port] only, like http://localhost:4000 (no path, no /v1, no query, no trailing /, lowercase host, no default port)',
				),
			),
		/** Master key of the workshop's `.env` (`LITELLM_MASTER_KEY`), shown in examples and the form. */
		defaultApiKey: z
			.string()
			.check(z.regex(/^[\x21-\x7e]+$/, 'defaultApiKey must be printable ASCII without spaces')),
		/** `model_name` participants give Cline. Must be one of `modelNames`. */
		expectedModel: nonEmpty('expectedModel'),
		/** Every `model_name` of the workshop's LiteLLM config files. */
		modelNames: z.array(modelName).check(
			z.minLength(1, 'modelNames must list at least one model_name'),
			z.refine((a) => new Set(a).size === a.length, 'modelNames must not list a model_name twice'),
		),
		/** Per-request timeout of the checks, ms. */
		timeoutMs: ms('timeoutMs', 100, 600_000),
		/** Timeout of the chat and fallback requests, ms. */
		chatTimeoutMs: ms('chatTimeoutMs', 1_000, 600_000),
		/** Directory of the LiteLLM hands-on in the workshop repository. */
		workingDirectory: z
			.string()
			.check(z.regex(/^[\w.-]+$/, 'workingDirectory must be a bare directory name like 2.litellm')),
		/** LiteLLM config files (`CONFIG_FILE` in `.env`), per runtime. */
		configFiles: z.strictObject({
			ec2: yml('configFiles.ec2'),
			local: yml('configFiles.local'),
			promptCaching: yml('configFiles.promptCaching'),
		}),
		/** AWS region of the participant's Bedrock calls (`AWS_REGION_NAME`, the CLI profile's region). */
		awsRegion: z
			.string()
			.check(
				z.regex(
					/^[a-z]{2}(-gov)?-[a-z]+-\d{1,2}$/,
					'awsRegion must be an AWS region code like us-east-1',
				),
			),
		/** AWS CLI profile name the set-up pages create. */
		awsProfile: z
			.string()
			.check(
				z.regex(
					/^[\w.-]+$/,
					'awsProfile must be a profile name of letters, digits, ".", "_" or "-"',
				),
			),
		/** The workshop repository on GitHub, `owner/name` (the set-up pages' zip and template URLs). */
		repository: z.string().check(
			z.regex(
				/^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}\/[A-Za-z0-9._-]{1,100}$/,
				'repository must be a GitHub owner/name like littlemex/aws-samples (no https://github.com/, no trailing /)',
			),
			z.refine(
				(v) => (v.split('/')[0] ?? '').length <= 39,
				'repository must name a GitHub owner of at most 39 characters',
			),
			z.refine(
				(v) => !/\/\.{1,2}$/.test(v) && !v.toLowerCase().endsWith('.git'),
				'repository must be a GitHub owner/name without ".git" (and not "." or "..")',
			),
		),
		/** Git ref (under `refs/`) of the workshop repository participants download (`VERSION`). */
		repoVersion: z.string().check(
			z.regex(
				/^(heads|tags)\/[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/,
				'repoVersion must be heads/<branch> or tags/<tag>, like heads/main',
			),
			z.refine(
				(v) => !v.includes('..') && !v.endsWith('.lock') && !v.endsWith('.'),
				'repoVersion is not a valid Git ref name (no "..", no trailing "." or ".lock")',
			),
		),
		/**
		 * The MLflow workshop (5.mlflow): its own LiteLLM Proxy (host port 4001 in
		 * 5.mlflow/docker-compose.yml) with its own `model_name`s.
		 */
		mlflow: z
			.strictObject({
				workingDirectory: dirName('mlflow.workingDirectory', '5.mlflow'),
				proxyBaseUrl: origin('mlflow.proxyBaseUrl', 'http://localhost:4001'),
				modelNames: z.array(modelName).check(
					z.minLength(1, 'mlflow.modelNames must list at least one model_name'),
					z.refine(
						(a) => new Set(a).size === a.length,
						'mlflow.modelNames must not list a model_name twice',
					),
				),
				expectedModel: nonEmpty('mlflow.expectedModel'),
			})
			.check(
				z.refine((m) => m.modelNames.includes(m.expectedModel), {
					message: 'mlflow.expectedModel must be one of mlflow.modelNames',
					path: ['expectedModel'],
				}),
			),
		/**
		 * The MCP workshop (1.mcp): its directory in the repository's `cline/` folder, where
		 * the prepared Weather MCP server lives (`<workingDirectory>/0.weather-mcp/answer`).
		 */
		mcp: z.strictObject({
			workingDirectory: dirName('mcp.workingDirectory', '1.mcp'),
		}),
		/** The Langfuse workshop (4.langfuse): its web UI on the participant's machine. */
		langfuse: z.strictObject({
			workingDirectory: dirName('langfuse.workingDirectory', '4.langfuse'),
			webUrl: origin('langfuse.webUrl', 'http://localhost:3000'),
			/** The login Langfuse creates at first start (`LANGFUSE_INIT_USER_*` of `.env`). */
			initUser: z.strictObject({
				email: z
					.string()
					.check(
						z.regex(
							/^[^\s@]+@[^\s@]+$/,
							'langfuse.initUser.email must be an e-mail address like admin@example.com',
						),
					),
				password: z
					.string()
					.check(
						z.regex(
							/^[\x21-\x7e]+$/,
							'langfuse.initUser.password must be printable ASCII without spaces',
						),
					),
				name: nonEmpty('langfuse.initUser.name'),
			}),
			/** `LANGFUSE_INIT_ORG_NAME` and `LANGFUSE_INIT_PROJECT_NAME`. */
			orgName: nonEmpty('langfuse.orgName'),
			projectName: nonEmpty('langfuse.projectName'),
			/** `LANGFUSE_HOST`: langfuse-web as LiteLLM's container reaches it (Docker DNS name). */
			host: origin('langfuse.host', 'http://langfuse-web:3000'),
		}),
		/**
		 * VS Code Server on the EC2 instance: the port it listens on there and the local
		 * port the SSM port forward opens for the browser.
		 */
		vscodeServer: z.strictObject({
			instancePort: tcpPort('vscodeServer.instancePort'),
			localPort: tcpPort('vscodeServer.localPort'),
		}),
		/** The event's name: Starlight's site title and the top page's heading. */
		eventName: z.string().check(
			z.trim(),
			z.minLength(1, 'eventName must not be empty'),
			z.maxLength(80, 'eventName must be at most 80 characters'),
			z.refine((v) => !/[\r\n]/.test(v), 'eventName must be one line'),
		),
	})
	.check(
		z.refine((c) => c.modelNames.includes(c.expectedModel), {
			message: 'expectedModel must be one of modelNames',
			path: ['expectedModel'],
		}),
	);

export type WorkshopConfig = z.infer<typeof WorkshopConfigSchema>;

/**
 * Messages for the issues the schema has no own message for (zod/mini ships without
 * a locale, so they would read "Invalid input"): a misspelt or unknown field, a
 * missing field or one of the wrong type. Returns `undefined` for the rest, whose
 * messages are the schema's own.
 */
function explainIssue(iss: {
	code?: string;
	path?: PropertyKey[];
	keys?: string[];
	expected?: string;
	input?: unknown;
}): string | undefined {
	const at = (iss.path ?? []).map(String).join('.');
	if (iss.code === 'unrecognized_keys') {
		const keys = (iss.keys ?? []).map((k) => (at ? `${at}.${k}` : k));
		return `unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')} (misspelt? every field is documented in ${CONFIG_FILE})`;
	}
	if (iss.code === 'invalid_type') {
		const got =
			iss.input === undefined
				? 'nothing (the field is missing)'
				: Array.isArray(iss.input)
					? 'a list'
					: typeof iss.input;
		const expected =
			iss.expected === 'array'
				? 'a list'
				: iss.expected === 'object'
					? 'an object'
					: `a ${iss.expected}`;
		return `${at || 'the config'} must be ${expected}, got ${got}`;
	}
	return undefined;
}

/** workshop.config.ts holds invalid values; the message names the file and every field. */
export class WorkshopConfigError extends Error {
	override name = 'WorkshopConfigError';
}

/**
 * Validates the event's values.
 *
 * @param raw the object literal of workshop.config.ts
 * @returns the same values, typed
 * @throws WorkshopConfigError naming workshop.config.ts and every invalid field (zod's
 *   `→ at <field>` lines, and each message starts with the field's name), so a bad
 *   edit fails the build, `npm run doctor` and the tests at import with a readable message.
 */
export function parseWorkshopConfig(raw: unknown): WorkshopConfig {
	const r = WorkshopConfigSchema.safeParse(raw, { error: explainIssue });
	if (!r.success) {
		throw new WorkshopConfigError(
			`${CONFIG_FILE} has invalid values:\n${z.prettifyError(r.error)}`,
		);
	}
	return r.data;
}
