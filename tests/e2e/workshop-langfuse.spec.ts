import { workshop } from '../../workshop.config.ts';
import { test, expect } from '../support/fixtures.ts';
import { commandsInOrder, copiedTexts } from '../support/copied.ts';

/**
 * The Langfuse pages copy what 4.langfuse's manage-langfuse.sh needs, in the order a
 * participant runs it: `.env` from `.env.example`, `start` (which reads no `-c`), then
 * `update-config` (which reads `-c`: the access-key config on a local PC), the checks of
 * what `update-config` changed, the EC2 port forward of the web UI, the test script.
 * The login shown is the config's (`LANGFUSE_INIT_USER_*` of `.env.example`).
 */
const lf = workshop.langfuse;
const portForward3000 = `aws ssm start-session --target <instance id> --document-name AWS-StartPortForwardingSession --parameters '{"portNumber":["3000"],"localPortNumber":["3000"]}' --profile ${workshop.awsProfile}`;

test('the Langfuse page copies the commands in the order they are run', async ({ page }) => {
	await page.goto('workshops/langfuse/');
	const copied = await copiedTexts(page);
	expect(
		commandsInOrder(copied, [
			`cd ~/aws-samples/workshops/ai-coding-workshop/cline/${lf.workingDirectory}`,
			'cp .env.example .env',
			'./manage-langfuse.sh start',
			'[INFO] Langfuse が起動しました',
			'docker ps -a | grep langfuse',
			'./manage-langfuse.sh update-config',
			`[INFO] 設定ファイル: ../${lf.workingDirectory}/${workshop.configFiles.ec2} を使用します`,
			`./manage-langfuse.sh -c ${workshop.configFiles.local} update-config`,
			`[INFO] 設定ファイル: ../${lf.workingDirectory}/${workshop.configFiles.local} を使用します`,
			`grep LANGFUSE_HOST ../${workshop.workingDirectory}/.env`,
			`LANGFUSE_HOST=${lf.host}`,
			"docker network inspect langfuse_default --format '{{range .Containers}}{{.Name}} {{end}}'",
			portForward3000,
			lf.webUrl,
			`cd ../scripts\nuv venv && source .venv/bin/activate && uv sync\ncd ../${lf.workingDirectory}`,
			'python test_litellm_langfuse.py',
			`./manage-langfuse.sh -c ${workshop.configFiles.promptCaching} update-config`,
		]),
	).toEqual([]);
	// `start` ignores -c: no copied command gives it one.
	expect(copied.filter((c) => /manage-langfuse\.sh -c \S+ start/.test(c))).toEqual([]);
});

test('the Langfuse page shows the login of the config', async ({ page }) => {
	await page.goto('workshops/langfuse/');
	await expect(page.locator('[data-langfuse-login="email"]')).toHaveText(lf.initUser.email);
	await expect(page.locator('[data-langfuse-login="password"]')).toHaveText(lf.initUser.password);
	const main = page.locator('main');
	await expect(main).toContainText(lf.projectName);
	await expect(main).toContainText(lf.orgName);
});

test('the Langfuse implementation page copies start, update-config per runtime and the checks', async ({
	page,
}) => {
	await page.goto('workshops/langfuse/implementation/');
	const copied = await copiedTexts(page);
	expect(
		commandsInOrder(copied, [
			'./manage-langfuse.sh start',
			'./manage-langfuse.sh update-config',
			'./manage-langfuse.sh start',
			`./manage-langfuse.sh -c ${workshop.configFiles.local} update-config`,
			`# Langfuse Configuration\nLANGFUSE_HOST=${lf.host}\nLANGFUSE_PUBLIC_KEY=pk-lf-…\nLANGFUSE_SECRET_KEY=sk-lf-…`,
			`./manage-litellm.sh -c "../${lf.workingDirectory}/<設定ファイル>" start`,
			'bash -x ../scripts/debug_langfuse.sh',
			"docker network inspect langfuse_default --format '{{range .Containers}}{{.Name}} {{end}}'",
		]),
	).toEqual([]);
	expect(copied.filter((c) => /manage-langfuse\.sh -c \S+ start/.test(c))).toEqual([]);
	await expect(page.locator('main')).toContainText(lf.initUser.email);
	await expect(page.locator('main')).toContainText(lf.initUser.password);
	const description = await page.locator('meta[name="description"]').getAttribute('content');
	expect(description?.startsWith(`${lf.workingDirectory} の管理スクリプト`)).toBe(true);
});
