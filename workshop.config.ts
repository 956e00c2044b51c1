/**
 * The event's values — the one file a facilitator edits.
 *
 * Everything the pages, the live check (`<ProxyCheck>`) and `npm run doctor` show as
 * "the workshop's" value comes from here: the pages write placeholders such as
 * `%%proxyBaseUrl%%` that the build replaces (src/lib/config/placeholders.ts; the
 * README's facilitator section lists them), the check and the CLI import `workshop`.
 *
 * The values are validated with zod when this file is imported (the schema and its
 * rules: src/lib/config/schema.ts), so a wrong value — a URL with a path, an empty
 * model list, a misspelt field — fails `npm run build`, `npm run doctor` and the tests
 * with a message naming the field.
 *
 * Defaults are the workshop's documented ones: the LiteLLM manual page (seed) and
 * /work/shared/manual-facts.md (sections on set-up and M).
 */
import { parseWorkshopConfig, type WorkshopConfig } from './src/lib/config/schema.ts';

export type { WorkshopConfig };

/** The values as written, before validation (tests feed modified copies to `parseWorkshopConfig`). */
export const workshopValues = {
	/** The event's name: the site title (every page's `<title>`, the header) and the top page's heading. */
	eventName: 'Cline with LiteLLM Proxy ワークショップ',

	/**
	 * Cline's Base URL of the participant's LiteLLM Proxy: http(s), host and port only,
	 * without `/v1` and without a trailing `/`. Pages use it for curl examples and the
	 * Admin UI (`…/ui`); the check calls it from the participant's browser.
	 */
	proxyBaseUrl: 'http://localhost:4000',

	/**
	 * The API key shown in examples and pre-filled in the check: the workshop `.env`'s
	 * documented default `LITELLM_MASTER_KEY="sk-litellm-test-key"`. A public
	 * placeholder of the workshop, not a secret; participants who changed it type
	 * their own key, which the check never stores outside the tab.
	 */
	defaultApiKey: 'sk-litellm-test-key',

	/** The `model_name` participants give Cline as Model ID. Must be one of `modelNames`. */
	expectedModel: 'bedrock-converse-us-claude-3-7-sonnet-v1',

	/**
	 * Every `model_name` of the workshop's LiteLLM config files, in the config's order:
	 * the first is the main model, the others its fallbacks in order. Pages refer to
	 * them by position (`%%modelNames.1%%` is the first fallback).
	 */
	modelNames: [
		'bedrock-converse-us-claude-3-7-sonnet-v1',
		'bedrock-us-claude-3-5-sonnet-v2',
		'bedrock-apac-claude-3-5-sonnet-v2',
		'bedrock-claude-3-5-sonnet-v1',
	],

	/**
	 * The participant's AWS region for Bedrock (`AWS_REGION_NAME` in `.env`, the AWS CLI
	 * profile's `region`, Cline's AWS Region). Not the list of regions where model
	 * access must be enabled: that is a fact about Claude 3.7 Sonnet and stays in the pages.
	 */
	awsRegion: 'us-east-1',

	/** The AWS CLI profile the set-up pages create (`--profile cline`) and Cline uses. */
	awsProfile: 'cline',

	/**
	 * The workshop repository on GitHub, as `owner/name` (no `https://github.com/`, no
	 * `.git`): the manuals' source, `littlemex/aws-samples`. A facilitator who forks it
	 * changes this one value. The set-up pages build two URLs from it:
	 * - the repository zip of `repoVersion` (VS Code Server / local PC):
	 *   `https://github.com/<repository>/archive/refs/${VERSION}.zip`, unpacked into a
	 *   folder named `aws-samples` whatever the repository's name, so the later pages'
	 *   `~/aws-samples/workshops/ai-coding-workshop/cline/…` paths hold for a fork too
	 *   (a fork must keep that layout);
	 * - the CloudFormation template in CloudShell:
	 *   `https://raw.githubusercontent.com/<repository>/main/workshops/ai-coding-workshop/cline/0.setup/cfn/ec2-ssm.yml`.
	 *   Its branch is `main`, as in the manual (selfenv-ec2.md), not `repoVersion`: the
	 *   template sets up the instance rather than the hands-on code, and CloudShell runs
	 *   before `VERSION` exists. A fork needs a `main` branch that carries the template.
	 */
	repository: 'littlemex/aws-samples',

	/**
	 * The version of the workshop repository participants download: `VERSION` in
	 * `export VERSION=${VERSION:-heads/main}`, a Git ref under `refs/` (`heads/<branch>`
	 * or `tags/<tag>`).
	 */
	repoVersion: 'heads/main',

	/** Directory of the LiteLLM hands-on inside the repository's `cline/` folder. */
	workingDirectory: '2.litellm',

	/**
	 * LiteLLM config files (`CONFIG_FILE` in `.env`): `ec2` with the EC2 instance's IAM
	 * role (the default), `local` with access keys on a local PC, `promptCaching` the
	 * prompt-caching variant.
	 */
	configFiles: {
		ec2: 'iam_role_config.yml',
		local: 'access_key_config.yml',
		promptCaching: 'prompt_caching.yml',
	},

	/**
	 * The MLflow workshop (`5.mlflow`). It runs its own LiteLLM Proxy, separate from
	 * 2.litellm's: 5.mlflow/docker-compose.yml publishes it on host port 4001
	 * (`"4001:4000"`), with 5.mlflow/litellm_config.yml's seven `model_name`s and the
	 * MLflow callback. Cline's Base URL during this workshop is `proxyBaseUrl` here.
	 */
	mlflow: {
		workingDirectory: '5.mlflow',
		proxyBaseUrl: 'http://localhost:4001',
		/** The `model_name`s of 5.mlflow/litellm_config.yml, in its order. */
		modelNames: [
			'bedrock-converse-us-claude-3-7-sonnet-v1',
			'bedrock-us-claude-3-5-sonnet-v2',
			'bedrock-apac-claude-3-5-sonnet-v2',
			'bedrock-claude-3-5-sonnet-v1',
			'bedrock-converse-us-deepseek-r1-v1',
			'bedrock-converse-us-nova-pro-v1',
			'bedrock-converse-apac-nova-pro-v1',
		],
		/** The `model_name` participants give Cline in this workshop. */
		expectedModel: 'bedrock-converse-us-claude-3-7-sonnet-v1',
	},

	/**
	 * The MCP workshop (`1.mcp`): the folder of its exercises inside the repository's
	 * `cline/` folder. The prepared answer of the Weather MCP server is
	 * `<workingDirectory>/0.weather-mcp/answer`.
	 */
	mcp: {
		workingDirectory: '1.mcp',
	},

	/** The Langfuse workshop (`4.langfuse`): its web UI (langfuse-web, host port 3000). */
	langfuse: {
		workingDirectory: '4.langfuse',
		webUrl: 'http://localhost:3000',
		/*
		 * Langfuse's headless initialization in 4.langfuse/.env.example
		 * (`LANGFUSE_INIT_*`): on its first start Langfuse creates this user, organization
		 * and project, so participants log in to the web UI with `initUser` and find the
		 * traces in `projectName`. Change them here when the event's `.env.example` does.
		 */
		/** `LANGFUSE_INIT_USER_EMAIL`, `LANGFUSE_INIT_USER_PASSWORD`, `LANGFUSE_INIT_USER_NAME`. */
		initUser: {
			email: 'admin@example.com',
			password: 'password123',
			name: 'Cline Admin',
		},
		/** `LANGFUSE_INIT_ORG_NAME`: the organization the web UI opens after login. */
		orgName: 'Cline Organization',
		/** `LANGFUSE_INIT_PROJECT_NAME`: the project that receives LiteLLM's traces. */
		projectName: 'Cline Project',
		/**
		 * `LANGFUSE_HOST`: where LiteLLM's container sends the traces. `update-config`
		 * copies it into 2.litellm's `.env`; the container reaches langfuse-web by its
		 * Docker DNS name on the `langfuse_default` network, not through `webUrl`.
		 */
		host: 'http://langfuse-web:3000',
	},

	/**
	 * VS Code Server on the EC2 instance (0.setup/cfn/ec2-ssm.yml): it listens on
	 * `instancePort`; the set-up pages' SSM port forward opens it as
	 * `http://localhost:<localPort>` in the participant's browser.
	 */
	vscodeServer: {
		instancePort: 8080,
		localPort: 18080,
	},

	/** Per-request timeout of the check and `npm run doctor`, in ms. */
	timeoutMs: 5000,

	/** Timeout of the one-token chat call and the fallback test, in ms (the config's `request_timeout: 30` s). */
	chatTimeoutMs: 30_000,
};

/** The validated values. Importing this module throws if any value is wrong. */
export const workshop: WorkshopConfig = parseWorkshopConfig(workshopValues);
