import { workshop } from '../../workshop.config.ts';
import { test, expect } from '../support/fixtures.ts';
import { copiedTexts, commandsInOrder } from '../support/copied.ts';

/**
 * The MLflow workshop pages, as built: the commands a participant copies, in the order
 * the upstream scripts need them (5.mlflow/manage-mlflow.sh, scripts/setup_env.sh, the
 * CDK app), and Cline pointed at 5.mlflow's own LiteLLM Proxy (`workshop.mlflow`),
 * never at 2.litellm's (`workshop.proxyBaseUrl`), which has no MLflow callback.
 */

const { mlflow } = workshop;

test('the MLflow page copies its commands in the order they must run', async ({ page }) => {
	await page.goto('workshops/mlflow/');
	const copied = await copiedTexts(page);
	const commands = [
		// The cline profile with access keys, on the machine that runs 5.mlflow.
		`aws configure --profile ${workshop.awsProfile}`,
		// Workshop Studio's keys come with a session token, which aws configure does not ask for.
		`aws configure set aws_session_token <セッショントークン> --profile ${workshop.awsProfile}`,
		`export AWS_PROFILE=${workshop.awsProfile} AWS_REGION=${workshop.awsRegion}`,
		'aws sts get-caller-identity',
		// .env, then the keys written into it (and env.sh) by setup_env.sh.
		`cd ~/aws-samples/workshops/ai-coding-workshop/cline/${mlflow.workingDirectory}`,
		'cp .env.example .env',
		'(cd ../scripts && uv venv && uv sync)',
		'../scripts/setup_env.sh .',
		// The CDK stack, then back to 5.mlflow before the script.
		'cd cdk',
		'npm install && npm run build',
		'npx cdk bootstrap',
		'npx cdk deploy',
		'cd ..',
		'./manage-mlflow.sh start',
		`./manage-mlflow.sh get-tracking-info mlflow-tracking-server ${workshop.awsRegion}`,
		// update-config writes the tracking server's URI/ARN and starts the proxy on 4001.
		'./manage-mlflow.sh update-config',
		`curl ${mlflow.proxyBaseUrl}/v1/models -H "Authorization: Bearer ${workshop.defaultApiKey}"`,
		`aws ssm start-session --target <instance id> --document-name AWS-StartPortForwardingSession --parameters '{"portNumber":["4001"],"localPortNumber":["4001"]}' --profile ${workshop.awsProfile}`,
		[
			'aws ssm start-session --target <instance id> `',
			'  --document-name AWS-StartPortForwardingSession `',
			`  --parameters '{\\"portNumber\\":[\\"4001\\"],\\"localPortNumber\\":[\\"4001\\"]}' \``,
			`  --profile ${workshop.awsProfile}`,
		].join('\n'),
		'./manage-mlflow.sh get-url',
		// env.sh again, so that it carries the ARN update-config wrote; then the tests.
		'../scripts/setup_env.sh .',
		'source env.sh && uv run test_litellm_mlflow.py',
		'source env.sh && uv run test_mlflow_callback_only.py',
		'./manage-mlflow.sh litellm-stop',
		'./manage-mlflow.sh stop',
		'cd cdk && npx cdk destroy',
	];
	expect(commandsInOrder(copied, commands)).toEqual([]);

	// The models example lists 5.mlflow's config's model_names, in its order.
	const models = copied.find((c) => c.includes('"data"')) ?? '';
	expect([...models.matchAll(/"id": "([^"]+)"/g)].map((m) => m[1])).toEqual(mlflow.modelNames);
});

test("the MLflow page gives Cline the mlflow proxy's Base URL and model, never 2.litellm's", async ({
	page,
}) => {
	await page.goto('workshops/mlflow/');
	const settings = page.locator('li', { hasText: 'Base URL' }).filter({ hasText: 'Model ID' });
	await expect(settings).toHaveCount(1);
	await expect(settings.getByText(mlflow.proxyBaseUrl, { exact: true })).toBeVisible();
	await expect(settings.getByText(mlflow.expectedModel, { exact: true })).toBeVisible();
	await expect(settings).not.toContainText(workshop.proxyBaseUrl);

	// No Base URL item anywhere on the page offers 2.litellm's proxy.
	const baseUrlItems = page.locator('main li', { hasText: 'Base URL' });
	for (const text of await baseUrlItems.allTextContents())
		expect(text).not.toContain(workshop.proxyBaseUrl);
	// Nothing the page copies calls 2.litellm's proxy.
	const copied = await copiedTexts(page);
	expect(copied.filter((c) => c.includes(workshop.proxyBaseUrl))).toEqual([]);
	expect(copied.some((c) => c.includes(mlflow.proxyBaseUrl))).toBe(true);
});

test('the MLflow implementation page copies its commands in order and lists the seven models', async ({
	page,
}) => {
	await page.goto('workshops/mlflow/implementation/');
	const copied = await copiedTexts(page);
	expect(
		commandsInOrder(copied, [
			'./manage-mlflow.sh update-config',
			'./manage-mlflow.sh get-url',
			'../scripts/setup_env.sh .',
			'cd cdk && npm install && npm run build && npx cdk bootstrap && npx cdk deploy',
			'source env.sh && uv run test_litellm_mlflow.py',
			'source env.sh && uv run test_mlflow_callback_only.py',
		]),
	).toEqual([]);
	expect(copied.filter((c) => c.includes(workshop.proxyBaseUrl))).toEqual([]);

	// The model table: first column, in default_config.yml's order.
	const table = page.locator('table', { hasText: 'bedrock/converse/us.amazon.nova-pro-v1:0' });
	const names = await table.locator('tbody tr td:first-child').allTextContents();
	expect(names).toEqual(mlflow.modelNames);
	await expect(page.locator('main')).toContainText(mlflow.proxyBaseUrl);
});
