/**
 * Catalogue entry: 2.litellm's LiteLLM Proxy on 4000 (the LiteLLM workshop pages).
 * Values from workshop.config.ts; the steps are the shared LiteLLM ones
 * (./litellm-proxy/service.ts).
 */
import { workshop } from '../../../../workshop.config.ts';
import { liteLLMService, type LiteLLMFlavour } from './litellm-proxy/service.ts';

/** 2.litellm's values. The proxy listens on 4000 inside the EC2 instance (the set-up pages' forward). */
export const litellmFlavour: LiteLLMFlavour = {
	id: 'litellm',
	title: { ja: 'LiteLLM Proxy（2.litellm）', en: 'LiteLLM Proxy (2.litellm)' },
	intro: {
		ja: 'LiteLLM Proxy が起動しているか、API キーが使えるか、モデル一覧に必要なモデルがあるかを確認します。',
		en: 'Checks that LiteLLM Proxy is up, the API key works and the model list has the model you need.',
	},
	page: 'workshops/litellm/',
	defaultBaseUrl: workshop.proxyBaseUrl,
	expectedModel: workshop.expectedModel,
	workingDirectory: workshop.workingDirectory,
	instancePort: 4000,
	start: {
		ec2: './manage-litellm.sh start',
		local: `./manage-litellm.sh -c ${workshop.configFiles.local} start`,
	},
	configFiles: { ec2: workshop.configFiles.ec2, local: workshop.configFiles.local },
};

export const litellm = liteLLMService(litellmFlavour);
