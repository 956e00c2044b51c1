import { workshop } from '../../workshop.config.ts';
import { test, expect } from '../support/fixtures.ts';
import { copiedTexts, commandsInOrder } from '../support/copied.ts';

/**
 * The workshop pages copy the commands a participant runs, with the event's values, in
 * the order of the steps. The commands are the workshop repository's
 * (`workshops/ai-coding-workshop/cline/`): 2.litellm/manage-litellm.sh (start, stop,
 * restart, --help, -c), 2.litellm/README.md (the check and the fallback test),
 * 0.setup/1.cline (the .clinerules sample), 0.setup/cfn/ec2-ssm.yml (VS Code Server's
 * port, the logs). The set-up pages' download commands are asserted in
 * workshop-values.spec.ts.
 */

const workDir = `~/aws-samples/workshops/ai-coding-workshop/cline/${workshop.workingDirectory}`;
const modelsCheck = `export LITELLM_MASTER_KEY=${workshop.defaultApiKey}\ncurl ${workshop.proxyBaseUrl}/v1/models \\\n  -H "Authorization: Bearer \${LITELLM_MASTER_KEY}"`;

/** The SSM port forward of the set-up pages, one form for every port (bash). */
function forward(instancePort: number | string, localPort: number | string): string {
	return `aws ssm start-session --target <instance id> --document-name AWS-StartPortForwardingSession --parameters '{"portNumber":["${instancePort}"],"localPortNumber":["${localPort}"]}' --profile ${workshop.awsProfile}`;
}

test('the LiteLLM page copies its commands in the order of the steps', async ({ page }) => {
	await page.goto('workshops/litellm/');
	const copied = await copiedTexts(page);
	// Steps of the EC2 tab (default), then the script's other commands, then the check.
	expect(
		commandsInOrder(copied, [
			`cd ${workDir}`,
			'cp .env.example .env',
			'./manage-litellm.sh start',
			'docker compose ps',
			`./manage-litellm.sh -c ${workshop.configFiles.local} restart`,
			`./manage-litellm.sh -c ${workshop.configFiles.promptCaching} start`,
			modelsCheck,
		]),
	).toEqual([]);
	// The local tab's start comes after its own cp, before the script's commands.
	expect(
		commandsInOrder(copied, [
			'cp .env.example .env',
			`./manage-litellm.sh -c ${workshop.configFiles.local} start`,
			`./manage-litellm.sh -c ${workshop.configFiles.local} restart`,
		]),
	).toEqual([]);
	// The fallback test comes after the check; with prompt caching it cannot succeed,
	// and the page quotes the proxy's answer with the configured model.
	const fallback = copied.findIndex(
		(c) =>
			c.startsWith(`curl -i ${workshop.proxyBaseUrl}/v1/chat/completions`) &&
			c.includes('"mock_testing_fallbacks": true'),
	);
	expect(fallback).toBeGreaterThan(copied.indexOf(modelsCheck));
	// The browser's checks call the proxy from the participant's PC: on EC2 the 4000
	// forward comes before the first check (after the terminal's curl, before the
	// fallback test that follows the check) and before the Admin UI's URL.
	expect(
		commandsInOrder(copied, [modelsCheck, forward(4000, 4000), `${workshop.proxyBaseUrl}/ui`]),
	).toEqual([]);
	expect(copied.indexOf(forward(4000, 4000))).toBeLessThan(fallback);
	expect(copied).toContain(
		`litellm.InternalServerError: This is a mock exception for model=${workshop.modelNames[0]}, to trigger a fallback. Fallbacks=None. Received Model Group=${workshop.modelNames[0]}\nAvailable Model Group Fallbacks=None`,
	);
	// Troubleshooting: the logs of the litellm service.
	expect(copied).toContain('docker compose -f docker-compose.yml logs -f litellm');
	// VS Code Server's ports in the text come from the config.
	await expect(page.locator('main')).toContainText(
		`（${workshop.vscodeServer.instancePort} → ${workshop.vscodeServer.localPort}）`,
	);
});

test('the LiteLLM implementation page copies start, the script commands, the check and the fallback test in order', async ({
	page,
}) => {
	await page.goto('workshops/litellm/implementation/');
	const copied = await copiedTexts(page);
	expect(
		commandsInOrder(copied, [
			`cd ${workDir}\ncp .env.example .env\n./manage-litellm.sh start`,
			'docker compose ps',
			'./manage-litellm.sh start\n./manage-litellm.sh stop\n./manage-litellm.sh restart\n./manage-litellm.sh --help',
			`./manage-litellm.sh -c ${workshop.configFiles.promptCaching} start`,
			`export LITELLM_MASTER_KEY=${workshop.defaultApiKey}\ncurl ${workshop.proxyBaseUrl}/v1/models -H "Authorization: Bearer \${LITELLM_MASTER_KEY}"`,
		]),
	).toEqual([]);
	expect(
		copied.some(
			(c) =>
				c.startsWith(`curl -i ${workshop.proxyBaseUrl}/v1/chat/completions`) &&
				c.includes(`"model": "${workshop.modelNames[0]}"`) &&
				c.includes('"mock_testing_fallbacks": true'),
		),
	).toBe(true);
});

test('the Cline page copies the .clinerules sample into the workshop folder', async ({ page }) => {
	await page.goto('workshops/cline/');
	const copied = await copiedTexts(page);
	expect(
		commandsInOrder(copied, [
			'cd ~/aws-samples/workshops/ai-coding-workshop/cline\ncp 0.setup/1.cline/.clinerules .clinerules',
		]),
	).toEqual([]);
	// Cline's own labels, in the order of the EC2 tab's steps.
	const main = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
	const labels = [
		'Use your own API key',
		'AWS Profile Name',
		'AWS Region',
		'Use cross-region inference',
		'Use prompt caching',
		'Enable extended thinking',
		'Done',
		'Help Improve Cline',
	];
	const at = labels.map((l) => main.indexOf(l));
	expect(at.every((i) => i >= 0)).toBe(true);
	expect([...at].sort((a, b) => a - b)).toEqual(at);
	await expect(page.locator('main')).toContainText(workshop.awsProfile);
});

for (const slug of ['self-ec2', 'studio-ec2']) {
	test(`${slug}: the port forwards for every browser port, in one form, after the deploy`, async ({
		page,
	}) => {
		await page.goto(`setup/${slug}/`);
		const copied = await copiedTexts(page);
		const { instancePort, localPort } = workshop.vscodeServer;
		const mlflowPort = new URL(workshop.mlflow.proxyBaseUrl).port;
		const langfusePort = new URL(workshop.langfuse.webUrl).port;
		expect(
			commandsInOrder(copied, [
				"aws cloudformation describe-stacks --stack-name ai-workshop-${USERNAME} --query 'Stacks[0].Outputs' --output table",
				'aws --version',
				`aws sts get-caller-identity --profile ${workshop.awsProfile}`,
				forward(instancePort, localPort),
				'sudo cat /var/log/user-data-success.log\nsudo cat /var/log/user-data-final.log',
				forward(4000, 4000),
				forward(langfusePort, langfusePort),
				forward(mlflowPort, mlflowPort),
			]),
		).toEqual([]);
		// The PowerShell forms: backticks and \" inside the JSON, the same ports.
		for (const port of [String(instancePort), '4000', langfusePort, mlflowPort]) {
			const local = port === String(instancePort) ? String(localPort) : port;
			expect(
				copied.some(
					(c) =>
						c.includes('`\n') &&
						c.includes(
							`'{\\"portNumber\\":[\\"${port}\\"],\\"localPortNumber\\":[\\"${local}\\"]}'`,
						),
				),
				`PowerShell forward ${port} → ${local}`,
			).toBe(true);
		}
		await expect(page.locator('main')).toContainText(
			'An error occurred (TargetNotConnected) when calling the StartSession operation',
		);
	});
}
