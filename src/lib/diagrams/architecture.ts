/**
 * The five workshops' architecture diagrams as data: containers, host ports, Docker
 * networks, and who calls whom. Drawn on the Amazon EC2 runtime (the recommended one);
 * on a local PC the instance's box is the PC itself and no SSM port forward is needed
 * (each caption says so).
 *
 * Facts, from the workshop repository (`littlemex/aws-samples`,
 * `workshops/ai-coding-workshop/cline/`, branch main) — each diagram's `sources`:
 * - 0.setup/cfn/ec2-ssm.yml: the instance sits in a private subnet with no inbound
 *   rule; `vscode-server.service` runs `code serve-web … --host 0.0.0.0 --port 8080`;
 *   the participant's AWS CLI opens it through an SSM port forward on local 18080.
 * - 2.litellm/docker-compose.yml: services `litellm` (ghcr.io/berriai/litellm:main-latest,
 *   `"4000:4000"`) and `postgres` (postgres:15, no published port); the compose project
 *   of the folder `2.litellm` is `2litellm`, whose containers 4.langfuse/manage-langfuse.sh
 *   and 5.mlflow's older script name `2litellm-litellm-1` and `2litellm-postgres-1`;
 *   `.env.example`: `DATABASE_URL=…@postgres:5432/…`.
 * - 4.langfuse/manage-langfuse.sh: `start` clones langfuse/langfuse v3.49.1 into
 *   `4.langfuse/langfuse` and runs its docker-compose.yml (project `langfuse`, network
 *   `langfuse_default`); `update-config` writes LANGFUSE_* into ../2.litellm/.env,
 *   restarts 2.litellm's proxy with `-c ../4.langfuse/<config>` and runs
 *   `docker network connect langfuse_default 2litellm-litellm-1` (and `…-postgres-1`).
 *   `.env.example`: `LANGFUSE_HOST="http://langfuse-web:3000"`. Langfuse's compose
 *   (langfuse/langfuse docker-compose.yml): langfuse-web `3000:3000`, langfuse-worker
 *   `127.0.0.1:3030:3030`, postgres `127.0.0.1:5432:5432`, clickhouse `127.0.0.1:8123:8123`
 *   and `127.0.0.1:9000:9000`, minio `9090:9000` and `127.0.0.1:9091:9001`, redis
 *   `127.0.0.1:6379:6379`.
 * - 5.mlflow/docker-compose.yml: its own `litellm` (built from 5.mlflow/Dockerfile: the
 *   LiteLLM image plus mlflow and sagemaker-mlflow) on `"4001:4000"` with
 *   mlflow_callback.py, and `postgres` (postgres:15); project `5mlflow`, network
 *   `5mlflow_default` (compose's default). manage-mlflow.sh: `start` starts the
 *   SageMaker managed MLflow tracking server `mlflow-tracking-server`
 *   (`MLFLOW_TRACKING_SERVER_NAME`), `update-config` writes its URI/ARN into 5.mlflow/.env
 *   and restarts this proxy, `get-url` prints a presigned URL of the MLflow UI;
 *   cdk/lib/mlflow-stack.ts: the tracking server, an S3 bucket for artifacts, an IAM role.
 *   The proxy calls Bedrock and MLflow with the access keys of 5.mlflow/.env.
 * - 1.mcp: Cline starts MCP servers as child processes over stdio (`node …/build/index.js`,
 *   `npx -y @upstash/context7-mcp@latest`, `uvx awslabs.aws-documentation-mcp-server@latest`);
 *   none publishes a port.
 *
 * Ports that workshop.config.ts holds are taken from it (`configPorts`), never written
 * here; tests/unit/diagrams.test.ts checks that.
 */
import type { WorkshopConfig } from '../config/schema.ts';
import type {
	ArchitectureDiagram,
	ConfigPortKey,
	DiagramEdge,
	DiagramNode,
	WorkshopId,
	Zone,
} from './types.ts';

export { WORKSHOP_IDS, type WorkshopId } from './types.ts';

/** The port of an http(s) URL: its explicit port, else 80 / 443. */
export function urlPort(url: string): number {
	const u = new URL(url);
	if (u.port) return Number(u.port);
	return u.protocol === 'https:' ? 443 : 80;
}

/** The ports workshop.config.ts holds, by key (see {@link ConfigPortKey}). */
export function configPorts(config: WorkshopConfig): Record<ConfigPortKey, number> {
	return {
		proxy: urlPort(config.proxyBaseUrl),
		mlflowProxy: urlPort(config.mlflow.proxyBaseUrl),
		langfuseWeb: urlPort(config.langfuse.webUrl),
		vscodeInstance: config.vscodeServer.instancePort,
		vscodeLocal: config.vscodeServer.localPort,
	};
}

/** The port LiteLLM listens on inside its container (the image's default, both compose files map to it). */
const LITELLM_CONTAINER_PORT = 4000;
/** PostgreSQL's port inside its container (`DATABASE_URL=…@postgres:5432/…`). */
const POSTGRES_PORT = 5432;

/** langfuse-web's port inside its container (Langfuse's compose maps `3000:3000`; `LANGFUSE_HOST` uses it). */
const LANGFUSE_WEB_CONTAINER_PORT = 3000;

const LITELLM_IMAGE = 'ghcr.io/berriai/litellm:main-latest';

/** The boxes and nodes every EC2 diagram starts with: the PC (browser, SSM forward), the instance, VS Code Server with Cline. */
function ec2Base(
	config: WorkshopConfig,
	forwardCol: number,
	browserCol: number,
	clineCol: number,
	extraForwards: { port: ConfigPortKey | number; label: string }[] = [],
): { zones: Zone[]; nodes: DiagramNode[]; edges: DiagramEdge[] } {
	const p = configPorts(config);
	const zones: Zone[] = [
		{ id: 'pc', label: 'ローカル PC', kind: 'pc' },
		{
			id: 'ec2',
			label: 'Amazon EC2 インスタンス',
			kind: 'host',
		},
		{
			id: 'vscode',
			label: `VS Code Server（:${p.vscodeInstance}）`,
			kind: 'process',
			parent: 'ec2',
		},
	];
	const forwardPorts = [
		{
			port: p.vscodeLocal,
			to: p.vscodeInstance,
			config: 'vscodeLocal',
			toConfig: 'vscodeInstance',
		} as const,
		...extraForwards.map((f) =>
			typeof f.port === 'number'
				? { port: f.port, to: f.port }
				: { port: p[f.port], to: p[f.port], config: f.port, toConfig: f.port },
		),
	];
	const nodes: DiagramNode[] = [
		{
			id: 'browser',
			kind: 'app',
			zone: 'pc',
			col: browserCol,
			row: 0,
			title: 'ブラウザ',
			lines: [`localhost:${p.vscodeLocal}`],
			note: `VS Code Server を http://localhost:${p.vscodeLocal} で開きます。`,
		},
		{
			id: 'forward',
			kind: 'forward',
			zone: 'pc',
			col: forwardCol,
			row: 0,
			title: 'SSM ポートフォワード',
			image: 'aws ssm start-session',
			ports: forwardPorts,
			note: 'AWS CLI の aws ssm start-session（AWS-StartPortForwardingSession）で、ポートごとに別のターミナルで実行します。',
		},
		{
			id: 'cline',
			kind: 'app',
			zone: 'vscode',
			col: clineCol,
			row: 1,
			title: 'Cline',
			lines: ['VS Code の拡張機能'],
		},
	];
	const edges: DiagramEdge[] = [
		{
			from: 'browser',
			to: 'forward',
			kind: 'request',
			description: `http://localhost:${p.vscodeLocal} を開きます。`,
		},
		{
			from: 'forward',
			to: 'vscode',
			kind: 'forward',
			label: `SSM ${p.vscodeLocal} → ${p.vscodeInstance}`,
			description: `AWS Systems Manager（Session Manager）経由で、ローカル PC のポート ${p.vscodeLocal} をインスタンスのポート ${p.vscodeInstance} につなぎます。インスタンスはプライベートサブネットにあり、インバウンド通信は許可していません。`,
		},
	];
	return { zones, nodes, edges };
}

function clineDiagram(config: WorkshopConfig): ArchitectureDiagram {
	const base = ec2Base(config, 1, 0, 0);
	return {
		workshop: 'cline',
		title: 'Cline ワークショップの構成図',
		caption:
			'Cline は Amazon Bedrock を直接呼び出します。ローカル PC で進める場合は、インスタンスの枠の中身が手元の PC になり、ポートフォワードは要りません。',
		zones: [...base.zones, { id: 'aws', label: `AWS（${config.awsRegion}）`, kind: 'aws' }],
		nodes: [
			...base.nodes,
			{
				id: 'bedrock',
				kind: 'service',
				zone: 'aws',
				col: 1,
				row: 1,
				title: 'Amazon Bedrock',
				lines: ['API Provider に直接指定', 'Claude 3.7 Sonnet'],
			},
		],
		edges: [
			...base.edges,
			{
				from: 'cline',
				to: 'bedrock',
				kind: 'request',
				description: `API Provider に Amazon Bedrock を選び、モデルを直接呼び出します。EC2 ではインスタンスの IAM ロール、ローカル PC では AWS CLI のプロファイル ${config.awsProfile} で認証します。`,
			},
		],
		colGap: 56,
		sources: ['0.setup/cfn/ec2-ssm.yml', 'manuals/workshops/cline.md'],
	};
}

function mcpDiagram(config: WorkshopConfig): ArchitectureDiagram {
	const base = ec2Base(config, 1, 0, 0);
	return {
		workshop: 'mcp',
		title: 'MCP ワークショップの構成図',
		caption:
			'Cline は MCP サーバーを子プロセスとして起動し、標準入出力（stdio）でやり取りします。MCP サーバーはポートを開きません。ローカル PC で進める場合は、インスタンスの枠の中身が手元の PC になります。',
		zones: [
			...base.zones,
			{
				id: 'mcp',
				label: 'Cline が起動する MCP サーバー（stdio）',
				kind: 'process',
				parent: 'ec2',
			},
			{ id: 'internet', label: 'インターネット', kind: 'internet' },
			{ id: 'aws', label: `AWS（${config.awsRegion}）`, kind: 'aws' },
		],
		nodes: [
			...base.nodes,
			{
				id: 'weather',
				kind: 'process',
				zone: 'mcp',
				col: 0,
				row: 2,
				title: 'Weather MCP',
				image: 'node build/index.js',
				lines: ['node で起動', '固定の天気を返す自作'],
				note: '1.mcp/0.weather-mcp で作るサーバーです。外部の API は呼びません。',
			},
			{
				id: 'context7',
				kind: 'process',
				zone: 'mcp',
				col: 1,
				row: 2,
				title: 'Context7 MCP',
				image: 'npx -y @upstash/context7-mcp@latest',
				lines: ['npx で起動'],
			},
			{
				id: 'awsdocs',
				kind: 'process',
				zone: 'mcp',
				col: 2,
				row: 2,
				title: 'AWS Documentation',
				image: 'uvx awslabs.aws-documentation-mcp-server@latest',
				lines: ['MCP Server', 'uvx で起動'],
			},
			{
				id: 'context7-api',
				kind: 'service',
				zone: 'internet',
				col: 1,
				row: 3,
				title: 'Context7',
				lines: ['ライブラリのドキュメント'],
			},
			{
				id: 'aws-docs-site',
				kind: 'service',
				zone: 'internet',
				col: 2,
				row: 3,
				title: 'AWS のドキュメント',
				lines: ['docs.aws.amazon.com'],
			},
			{
				id: 'bedrock',
				kind: 'service',
				zone: 'aws',
				col: 3,
				row: 1,
				title: 'Amazon Bedrock',
				lines: ['Cline のモデル'],
			},
		],
		edges: [
			...base.edges,
			{
				from: 'cline',
				to: 'bedrock',
				kind: 'request',
				label: 'モデルの呼び出し',
				description:
					'Cline ワークショップで設定した API Provider（Amazon Bedrock）でモデルを呼び出します。',
			},
			{
				from: 'cline',
				to: 'weather',
				kind: 'spawn',
				description:
					'cline_mcp_settings.json の command と args でプロセスを起動し、stdio でツールを呼び出します。',
			},
			{
				from: 'cline',
				to: 'context7',
				kind: 'spawn',
				description: 'npx でプロセスを起動し、stdio でツールを呼び出します。',
			},
			{
				from: 'cline',
				to: 'awsdocs',
				kind: 'spawn',
				description: 'uvx でプロセスを起動し、stdio でツールを呼び出します。',
			},
			{
				from: 'context7',
				to: 'context7-api',
				kind: 'request',
				label: 'HTTPS',
				description: 'ライブラリの最新のドキュメントを取得します。',
			},
			{
				from: 'awsdocs',
				to: 'aws-docs-site',
				kind: 'request',
				label: 'HTTPS',
				description: 'AWS のドキュメントを検索して読みます。',
			},
		],
		sources: [
			'1.mcp/README.md',
			'1.mcp/0.weather-mcp/README.md',
			'1.mcp/1.marketplace-mcp/README.md',
			'1.mcp/2.aws-mcp/README.md',
			'0.setup/cfn/ec2-ssm.yml',
		],
	};
}

/** 2.litellm's two containers on their compose network (shared by the LiteLLM and Langfuse diagrams). */
function litellmContainers(
	config: WorkshopConfig,
	zone: string,
	litellm: { col: number; row: number },
	postgres: { col: number; row: number },
	networks: string[],
	configLine: string,
	configNote: string,
): DiagramNode[] {
	const p = configPorts(config);
	return [
		{
			id: 'litellm',
			kind: 'container',
			zone,
			...litellm,
			title: 'LiteLLM Proxy',
			service: 'litellm',
			container: '2litellm-litellm-1',
			image: LITELLM_IMAGE,
			lines: [configLine],
			note: configNote,
			ports: [{ port: p.proxy, to: LITELLM_CONTAINER_PORT, config: 'proxy' }],
			networks,
		},
		{
			id: 'litellm-db',
			kind: 'container',
			zone,
			...postgres,
			title: 'PostgreSQL',
			service: 'postgres',
			container: '2litellm-postgres-1',
			image: 'postgres:15',
			ports: [{ to: POSTGRES_PORT }],
			networks,
		},
	];
}

function litellmDiagram(config: WorkshopConfig): ArchitectureDiagram {
	const p = configPorts(config);
	const base = ec2Base(config, 1, 0, 0, [{ port: 'proxy', label: 'LiteLLM' }]);
	return {
		workshop: 'litellm',
		title: 'LiteLLM ワークショップの構成図',
		caption: `Cline は LiteLLM Proxy（${config.proxyBaseUrl}）に頼み、LiteLLM Proxy が Amazon Bedrock を呼び出します。ローカル PC で進める場合は、インスタンスの枠の中身が手元の PC になり、ポートフォワードは要りません。`,
		zones: [
			...base.zones,
			{
				id: 'net-litellm',
				label: 'Docker ネットワーク 2litellm_default',
				kind: 'network',
				parent: 'ec2',
			},
			{ id: 'aws', label: `AWS（${config.awsRegion}）`, kind: 'aws' },
		],
		nodes: [
			...base.nodes,
			...litellmContainers(
				config,
				'net-litellm',
				{ col: 1, row: 2 },
				{ col: 0, row: 2 },
				['2litellm_default'],
				config.configFiles.ec2,
				`設定ファイル（CONFIG_FILE、manage-litellm.sh の -c）は、EC2 では ${config.configFiles.ec2}、ローカル PC では ${config.configFiles.local} です。`,
			),
			{
				id: 'bedrock',
				kind: 'service',
				zone: 'aws',
				col: 2,
				row: 2,
				title: 'Amazon Bedrock',
				lines: ['Claude 3.7 Sonnet', `＋フォールバック先 ${config.modelNames.length - 1} つ`],
			},
		],
		edges: [
			...base.edges,
			{
				from: 'forward',
				to: 'litellm',
				kind: 'forward',
				label: `SSM ${p.proxy} → ${p.proxy}`,
				description: `管理画面（${config.proxyBaseUrl}/ui）を開くときだけ、ローカル PC のポート ${p.proxy} をインスタンスのポート ${p.proxy} につなぎます。`,
			},
			{
				from: 'cline',
				to: 'litellm',
				kind: 'request',
				label: `Base URL ${config.proxyBaseUrl}`,
				description: `API Provider を LiteLLM にし、Base URL ${config.proxyBaseUrl} でリクエストします。`,
			},
			{
				from: 'litellm',
				to: 'litellm-db',
				kind: 'data',
				label: `:${POSTGRES_PORT}`,
				description: `DATABASE_URL（ホスト名 postgres、ポート ${POSTGRES_PORT}）でキーや利用ログを保存します。`,
			},
			{
				from: 'litellm',
				to: 'bedrock',
				kind: 'request',
				label: 'IAM ロール',
				description: `EC2 では ${config.configFiles.ec2} でインスタンスの IAM ロールを使います。ローカル PC では ${config.configFiles.local} で .env のアクセスキーを使います。`,
			},
		],
		colGap: 72,
		sources: [
			'2.litellm/docker-compose.yml',
			'2.litellm/.env.example',
			'2.litellm/manage-litellm.sh',
			'2.litellm/iam_role_config.yml',
			'0.setup/cfn/ec2-ssm.yml',
		],
	};
}

/**
 * Langfuse's four stores (langfuse/langfuse docker-compose.yml, its ports as written
 * there). langfuse-web and langfuse-worker use them; no arrows, the text says so.
 */
function langfuseStores(networks: string[]): DiagramNode[] {
	const note = 'langfuse-web と langfuse-worker が使います。';
	return [
		{
			id: 'langfuse-minio',
			kind: 'container',
			zone: 'net-langfuse',
			col: 0,
			row: 3,
			title: 'MinIO',
			service: 'minio',
			image: 'docker.io/minio/minio',
			ports: [
				{ port: 9090, to: 9000 },
				{ port: 9091, to: 9001, bind: '127.0.0.1' },
			],
			networks,
			note: `S3 互換のストレージです。${note}`,
		},
		{
			id: 'langfuse-postgres',
			kind: 'container',
			zone: 'net-langfuse',
			col: 0,
			row: 4,
			title: 'PostgreSQL',
			service: 'postgres',
			image: 'docker.io/postgres:${POSTGRES_VERSION:-latest}',
			ports: [{ port: POSTGRES_PORT, to: POSTGRES_PORT, bind: '127.0.0.1' }],
			networks,
			note,
		},
		{
			id: 'langfuse-clickhouse',
			kind: 'container',
			zone: 'net-langfuse',
			col: 1,
			row: 4,
			title: 'ClickHouse',
			service: 'clickhouse',
			image: 'docker.io/clickhouse/clickhouse-server',
			ports: [
				{ port: 8123, to: 8123, bind: '127.0.0.1' },
				{ port: 9000, to: 9000, bind: '127.0.0.1' },
			],
			networks,
			note: `トレースを保存します。${note}`,
		},
		{
			id: 'langfuse-redis',
			kind: 'container',
			zone: 'net-langfuse',
			col: 2,
			row: 4,
			title: 'Redis',
			service: 'redis',
			image: 'docker.io/redis:7',
			ports: [{ port: 6379, to: 6379, bind: '127.0.0.1' }],
			networks,
			note: `キューとキャッシュです。${note}`,
		},
	];
}

function langfuseDiagram(config: WorkshopConfig): ArchitectureDiagram {
	const p = configPorts(config);
	const base = ec2Base(config, 1, 0, 0, [{ port: 'langfuseWeb', label: 'Langfuse' }]);
	const lfNetworks = ['langfuse_default'];
	return {
		workshop: 'langfuse',
		title: 'Langfuse ワークショップの構成図',
		caption: `manage-langfuse.sh update-config が、2.litellm の 2 つのコンテナを Langfuse のネットワーク langfuse_default にもつなぎます。LiteLLM Proxy はそこで langfuse-web にトレースを送ります。Langfuse の画面は ${config.langfuse.webUrl} です。`,
		zones: [
			...base.zones,
			{
				id: 'net-litellm',
				label: 'Docker ネットワーク 2litellm_default',
				kind: 'network',
				parent: 'ec2',
			},
			{
				id: 'net-langfuse',
				label: 'Docker ネットワーク langfuse_default（4.langfuse/langfuse）',
				kind: 'network',
				parent: 'ec2',
			},
			{ id: 'aws', label: `AWS（${config.awsRegion}）`, kind: 'aws' },
		],
		nodes: [
			...base.nodes,
			...litellmContainers(
				config,
				'net-litellm',
				{ col: 1, row: 2 },
				{ col: 0, row: 2 },
				['2litellm_default', 'langfuse_default'],
				'-c ../4.langfuse/…',
				'update-config が、4.langfuse の設定ファイル（Langfuse のコールバック入り）を -c ../4.langfuse/<ファイル名> で指定して起動し直します。',
			),
			{
				id: 'langfuse-web',
				kind: 'container',
				zone: 'net-langfuse',
				col: 2,
				row: 3,
				title: 'Langfuse Web',
				service: 'langfuse-web',
				image: 'docker.io/langfuse/langfuse:3',
				ports: [{ port: p.langfuseWeb, to: LANGFUSE_WEB_CONTAINER_PORT, config: 'langfuseWeb' }],
				networks: lfNetworks,
				note: '画面と API です。LANGFUSE_INIT_USER_EMAIL と LANGFUSE_INIT_USER_PASSWORD（4.langfuse/.env）のユーザーでログインします。',
			},
			{
				id: 'langfuse-worker',
				kind: 'container',
				zone: 'net-langfuse',
				col: 1,
				row: 3,
				title: 'Langfuse Worker',
				service: 'langfuse-worker',
				image: 'docker.io/langfuse/langfuse-worker:3',
				ports: [{ port: 3030, to: 3030, bind: '127.0.0.1' }],
				networks: lfNetworks,
				note: '受け取ったトレースを非同期に処理します。',
			},
			...langfuseStores(lfNetworks),
			{
				id: 'bedrock',
				kind: 'service',
				zone: 'aws',
				col: 3,
				row: 2,
				title: 'Amazon Bedrock',
			},
		],
		edges: [
			...base.edges,
			{
				from: 'forward',
				to: 'langfuse-web',
				kind: 'forward',
				route: 'hv',
				label: `SSM ${p.langfuseWeb} → ${p.langfuseWeb}`,
				description: `Langfuse の画面（${config.langfuse.webUrl}）を開くため、ローカル PC のポート ${p.langfuseWeb} をインスタンスのポート ${p.langfuseWeb} につなぎます。`,
			},
			{
				from: 'cline',
				to: 'litellm',
				kind: 'request',
				label: `Base URL ${config.proxyBaseUrl}`,
				description: `LiteLLM ワークショップと同じ設定（Base URL ${config.proxyBaseUrl}）でリクエストします。`,
			},
			{
				from: 'litellm',
				to: 'litellm-db',
				kind: 'data',
				description: 'キーや利用ログを保存します。',
			},
			{
				from: 'litellm',
				to: 'net-langfuse',
				kind: 'join',
				label: 'network connect',
				description:
					'manage-langfuse.sh update-config が docker network connect langfuse_default 2litellm-litellm-1 と 2litellm-postgres-1 を実行し、2 つのコンテナを langfuse_default にもつなぎます。',
			},
			{
				from: 'litellm-db',
				to: 'net-langfuse',
				kind: 'join',
				description:
					'同じ update-config で、2litellm-postgres-1 も langfuse_default につながります。',
			},
			{
				from: 'litellm',
				to: 'langfuse-web',
				kind: 'request',
				label: `langfuse-web:${LANGFUSE_WEB_CONTAINER_PORT}`,
				description: `コールバックでトレースを送ります。宛先は LANGFUSE_HOST（http://langfuse-web:${LANGFUSE_WEB_CONTAINER_PORT}）で、update-config が 2.litellm/.env に書き込みます。`,
			},
			{
				from: 'litellm',
				to: 'bedrock',
				kind: 'request',
				description: 'モデルを呼び出します（LiteLLM ワークショップと同じ）。',
			},
		],
		sources: [
			'4.langfuse/manage-langfuse.sh',
			'4.langfuse/.env.example',
			'4.langfuse/README.md',
			'2.litellm/docker-compose.yml',
			'langfuse/langfuse: docker-compose.yml',
		],
	};
}

function mlflowDiagram(config: WorkshopConfig): ArchitectureDiagram {
	const p = configPorts(config);
	const base = ec2Base(config, 0, 1, 0);
	return {
		workshop: 'mlflow',
		title: 'MLflow ワークショップの構成図',
		caption: `MLflow ワークショップでは、5.mlflow の専用の LiteLLM Proxy（${config.mlflow.proxyBaseUrl}）を使います。2.litellm の ${config.proxyBaseUrl} とは別のコンテナです。記録先は Amazon SageMaker のマネージド MLflow です。`,
		zones: [
			...base.zones,
			{
				id: 'net-mlflow',
				label: 'Docker ネットワーク 5mlflow_default',
				kind: 'network',
				parent: 'ec2',
			},
			{ id: 'aws', label: `AWS（${config.awsRegion}）`, kind: 'aws' },
		],
		nodes: [
			...base.nodes,
			{
				id: 'mlflow-litellm',
				kind: 'container',
				zone: 'net-mlflow',
				col: 1,
				row: 2,
				title: 'LiteLLM Proxy',
				service: 'litellm',
				container: '5mlflow-litellm-1',
				image: '5.mlflow/Dockerfile',
				lines: ['MLflow 用', 'mlflow_callback.py'],
				ports: [{ port: p.mlflowProxy, to: LITELLM_CONTAINER_PORT, config: 'mlflowProxy' }],
				networks: ['5mlflow_default'],
				note: `LiteLLM のイメージに mlflow と sagemaker-mlflow を加えてビルドし、mlflow_callback.py をマウントします。設定ファイルは 5.mlflow の CONFIG_FILE（既定 default_config.yml）で、モデルは ${config.mlflow.modelNames.length} つです。`,
			},
			{
				id: 'mlflow-db',
				kind: 'container',
				zone: 'net-mlflow',
				col: 0,
				row: 2,
				title: 'PostgreSQL',
				service: 'postgres',
				container: '5mlflow-postgres-1',
				image: 'postgres:15',
				ports: [{ to: POSTGRES_PORT }],
				networks: ['5mlflow_default'],
				note: 'データはボリューム postgres_data_mlflow に保存します。',
			},
			{
				id: 'tracking',
				kind: 'service',
				zone: 'aws',
				col: 2,
				row: 1,
				title: 'SageMaker MLflow',
				lines: ['mlflow-tracking-server', 'トラッキングサーバー'],
				note: 'AWS CDK（5.mlflow/cdk）で作るマネージドの MLflow トラッキングサーバーです。manage-mlflow.sh start で起動します。',
			},
			{
				id: 's3',
				kind: 'service',
				zone: 'aws',
				col: 2,
				row: 0,
				title: 'Amazon S3',
				lines: ['アーティファクト'],
				note: 'CDK が作るバケットで、MLflow のアーティファクトを保存します。',
			},
			{
				id: 'bedrock',
				kind: 'service',
				zone: 'aws',
				col: 2,
				row: 2,
				title: 'Amazon Bedrock',
				lines: [`${config.mlflow.modelNames.length} つの model_name`],
			},
		],
		edges: [
			...base.edges,
			{
				from: 'cline',
				to: 'mlflow-litellm',
				kind: 'request',
				label: `Base URL ${config.mlflow.proxyBaseUrl}`,
				description: `このワークショップの間は、Cline の Base URL を ${config.mlflow.proxyBaseUrl} にしてリクエストします。`,
			},
			{
				from: 'mlflow-litellm',
				to: 'mlflow-db',
				kind: 'data',
				description: 'キーや利用ログを保存します。',
			},
			{
				from: 'mlflow-litellm',
				to: 'tracking',
				kind: 'request',
				label: 'MLFLOW_TRACKING_ARN',
				description:
					'mlflow_callback.py が、呼び出しごとのレイテンシー、トークン数、コストを記録します。宛先は 5.mlflow/.env の MLFLOW_TRACKING_URI と MLFLOW_TRACKING_ARN で、manage-mlflow.sh update-config が書き込みます。',
			},
			{
				from: 'mlflow-litellm',
				to: 'bedrock',
				kind: 'request',
				label: 'アクセスキー',
				description:
					'モデルを呼び出します。認証には 5.mlflow/.env の AWS_ACCESS_KEY_ID と AWS_SECRET_ACCESS_KEY を使います。',
			},
			{
				from: 'tracking',
				to: 's3',
				kind: 'data',
				description: 'アーティファクトを保存します。',
			},
			{
				from: 'browser',
				to: 'tracking',
				kind: 'request',
				label: '署名付き URL',
				description:
					'./manage-mlflow.sh get-url が出す署名付き URL（1 回だけ有効）で MLflow の画面を開きます。ポートフォワードは要りません。',
			},
		],
		colGap: 72,
		sources: [
			'5.mlflow/docker-compose.yml',
			'5.mlflow/Dockerfile',
			'5.mlflow/.env.example',
			'5.mlflow/default_config.yml',
			'5.mlflow/manage-mlflow.sh',
			'5.mlflow/cdk/lib/mlflow-stack.ts',
		],
	};
}

/**
 * The five diagrams for a config.
 * @param config the validated config (`workshop` of workshop.config.ts); tests pass modified copies
 * @returns one diagram per workshop id
 */
export function architectureDiagrams(
	config: WorkshopConfig,
): Record<WorkshopId, ArchitectureDiagram> {
	return {
		cline: clineDiagram(config),
		mcp: mcpDiagram(config),
		litellm: litellmDiagram(config),
		langfuse: langfuseDiagram(config),
		mlflow: mlflowDiagram(config),
	};
}

/**
 * One workshop's diagram.
 * @throws Error for an id that is not a workshop with a diagram (names the known ones)
 */
export function architectureDiagram(config: WorkshopConfig, id: string): ArchitectureDiagram {
	const all = architectureDiagrams(config);
	if (!Object.hasOwn(all, id)) {
		throw new Error(
			`No architecture diagram for workshop "${id}"; known: ${Object.keys(all).join(', ')}`,
		);
	}
	return all[id as WorkshopId];
}
