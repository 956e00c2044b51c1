/**
 * Catalogue entry: the MLflow workshop's own LiteLLM Proxy (5.mlflow), published on
 * host port 4001 (5.mlflow/docker-compose.yml `"4001:4000"`) with the seven
 * `model_name`s of 5.mlflow/default_config.yml (recording `workshop-mlflow-models-v1-bearer-master`).
 * The same LiteLLM steps as 2.litellm's proxy; the model list also tells when the
 * Base URL reaches 2.litellm's proxy instead (its list has none of MLflow's own names).
 */
import { workshop } from '../../../../workshop.config.ts';
import type { OutcomeEntry } from '../runner/types.ts';
import { liteLLMService, type LiteLLMFlavour } from './litellm-proxy/service.ts';

/** `model_name`s only MLflow's config has (not in 2.litellm's list). */
export const MLFLOW_ONLY_NAMES: readonly string[] = workshop.mlflow.modelNames.filter(
	(n) => !workshop.modelNames.includes(n),
);

/** models.other_workshop: the list is 2.litellm's, not MLflow's. */
const OTHER_WORKSHOP: OutcomeEntry = {
	status: 'fail',
	ja: {
		message:
			'{baseUrl} のモデル一覧は LiteLLM ワークショップ（2.litellm）の LiteLLM Proxy のものです（MLflow の設定にしかないモデルがありません）。MLflow ワークショップでは、5.mlflow で起動する別の LiteLLM Proxy（{mlflowBaseUrl}）を使います。',
		fix: 'Base URL を {mlflowBaseUrl} にしてください。応答がない場合は、5.mlflow ディレクトリで MLflow 用の LiteLLM Proxy を起動します（下のコマンド）。',
	},
	en: {
		message:
			"The model list at {baseUrl} is the LiteLLM workshop's proxy (2.litellm): none of the models only MLflow's config has. The MLflow workshop uses another LiteLLM Proxy, started in 5.mlflow ({mlflowBaseUrl}).",
		fix: 'Set the Base URL to {mlflowBaseUrl}. If nothing answers there, start the MLflow proxy in the 5.mlflow directory (commands below).',
	},
};

/** MLflow's values. Inside the EC2 instance its proxy is published on 4001 too. */
export const mlflowFlavour: LiteLLMFlavour = {
	id: 'mlflow',
	title: { ja: 'MLflow 用 LiteLLM Proxy（5.mlflow）', en: 'LiteLLM Proxy for MLflow (5.mlflow)' },
	intro: {
		ja: 'MLflow ワークショップ用の LiteLLM Proxy（5.mlflow）が起動しているか、API キーが使えるか、モデル一覧に MLflow の設定のモデルがあるかを確認します。',
		en: "Checks that the MLflow workshop's LiteLLM Proxy (5.mlflow) is up, the API key works and the model list is MLflow's.",
	},
	page: 'workshops/mlflow/',
	defaultBaseUrl: workshop.mlflow.proxyBaseUrl,
	expectedModel: workshop.mlflow.expectedModel,
	workingDirectory: workshop.mlflow.workingDirectory,
	instancePort: Number(new URL(workshop.mlflow.proxyBaseUrl).port || 4001),
	// The proxy on 4001 is started by update-config (start deploys the tracking server).
	start: { ec2: './manage-mlflow.sh update-config', local: './manage-mlflow.sh update-config' },
	configFiles: { ec2: 'default_config.yml', local: 'default_config.yml' },
	otherWorkshop: { onlyNames: MLFLOW_ONLY_NAMES, entry: OTHER_WORKSHOP },
	// 5.mlflow's proxy reads access keys from 5.mlflow/.env on EC2 too (default_config.yml
	// passes aws_access_key_id / aws_secret_access_key); scripts/setup_env.sh writes them.
	credentialsFix: {
		ja: `${workshop.mlflow.workingDirectory}/.env の AWS_ACCESS_KEY_ID と AWS_SECRET_ACCESS_KEY を確かめてください。MLflow 用の LiteLLM Proxy は、Amazon EC2 でも IAM ロールではなくこのアクセスキーを使います。直したら ../scripts/setup_env.sh . を実行し直し、./manage-mlflow.sh litellm-restart で起動し直します。Workshop Studio では、MLflow ワークショップのページのとおり AWS_SESSION_TOKEN も必要です。`,
		en: `Check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in ${workshop.mlflow.workingDirectory}/.env: the MLflow proxy uses these keys, on Amazon EC2 too (not the IAM role). After fixing them, run ../scripts/setup_env.sh . again and restart with ./manage-mlflow.sh litellm-restart. With Workshop Studio, AWS_SESSION_TOKEN is needed too, as the MLflow page says.`,
	},
};

const service = liteLLMService(mlflowFlavour);
export const mlflow = {
	...service,
	params: { ...service.params, mlflowBaseUrl: workshop.mlflow.proxyBaseUrl },
};
