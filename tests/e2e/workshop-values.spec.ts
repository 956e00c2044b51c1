import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { workshop } from '../../workshop.config.ts';
import { test, expect } from '../support/fixtures.ts';
import { distDir } from '../support/site-server.ts';
import { copiedTexts } from '../support/copied.ts';

/**
 * The built pages carry the event's values from workshop.config.ts where the sources
 * write `%%placeholders%%` (src/lib/config/markdown-plugin.ts, src/content.config.ts):
 * no placeholder reaches any built page, and the values appear where participants
 * read and copy them — the site title, text, and Expressive Code's copy buttons
 * (`data-code`, whose line breaks Expressive Code encodes as U+007F).
 */
async function htmlFiles(dir: string): Promise<string[]> {
	const out: string[] = [];
	for (const entry of await readdir(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) out.push(...(await htmlFiles(path)));
		else if (entry.name.endsWith('.html')) out.push(path);
	}
	return out;
}

test('no built page contains a placeholder, complete or broken', async () => {
	const files = await htmlFiles(distDir);
	expect(files.length).toBeGreaterThan(17);
	const found: string[] = [];
	for (const file of files) {
		const html = await readFile(file, 'utf8');
		for (const m of html.matchAll(/.{0,40}(?:%%[A-Za-z]|[A-Za-z0-9]%%).{0,40}/g))
			found.push(`${relative(distDir, file)}: ${m[0]}`);
	}
	expect(found, found.join('\n')).toEqual([]);
});

test('the event name is the site title and the top page heading', async ({ page }) => {
	await page.goto('');
	await expect(page.locator('.site-title')).toHaveText(workshop.eventName);
	await expect(page.locator('h1')).toHaveText(workshop.eventName);
	expect(await page.title()).toContain(workshop.eventName);
	await expect(page.locator('main')).toContainText(workshop.proxyBaseUrl);
});

test('the LiteLLM page shows and copies the configured Base URL, key and model names', async ({
	page,
}) => {
	await page.goto('workshops/litellm/');
	const copied = await copiedTexts(page);
	expect(copied).toContain(
		`export LITELLM_MASTER_KEY=${workshop.defaultApiKey}\ncurl ${workshop.proxyBaseUrl}/v1/models \\\n  -H "Authorization: Bearer \${LITELLM_MASTER_KEY}"`,
	);
	expect(copied).toContain(`${workshop.proxyBaseUrl}/ui`);
	expect(
		copied.some(
			(c) =>
				c.startsWith(`curl -i ${workshop.proxyBaseUrl}/v1/chat/completions`) &&
				c.includes(`"model": "${workshop.modelNames[0]}"`),
		),
	).toBe(true);
	// The /v1/models example lists every model_name, in the config's order.
	const models = copied.find((c) => c.includes('"data"')) ?? '';
	expect([...models.matchAll(/"id": "([^"]+)"/g)].map((m) => m[1])).toEqual(workshop.modelNames);
	expect(copied).toContain(`cp .env.example .env`);
	expect(
		copied.some(
			(c) =>
				c.includes(`AWS_REGION_NAME="${workshop.awsRegion}"`) &&
				c.includes(`CONFIG_FILE="${workshop.configFiles.ec2}"`),
		),
	).toBe(true);
	expect(copied).toContain(`./manage-litellm.sh -c ${workshop.configFiles.local} start`);
	expect(copied).toContain(
		`cd ~/aws-samples/workshops/ai-coding-workshop/cline/${workshop.workingDirectory}`,
	);
	// Cline's settings, as text.
	const settings = page.locator('li', { hasText: 'Base URL' }).filter({ hasText: 'Model ID' });
	await expect(settings.getByText(workshop.proxyBaseUrl, { exact: true })).toBeVisible();
	await expect(settings.getByText(workshop.expectedModel, { exact: true })).toBeVisible();
	await expect(settings.getByText(workshop.defaultApiKey, { exact: true })).toBeVisible();
});

test('the set-up pages copy the configured repository version, profile and region', async ({
	page,
}) => {
	await page.goto('setup/self-local/');
	const copied = await copiedTexts(page);
	expect(copied).toContain(`export VERSION=\${VERSION:-${workshop.repoVersion}}`);
	expect(copied).toContain(`aws configure --profile ${workshop.awsProfile}`);
	// The region belongs to ~/.aws/config's [profile …] section, not to ~/.aws/credentials.
	expect(copied).toContain(`[profile ${workshop.awsProfile}]\nregion = ${workshop.awsRegion}`);
	expect(
		copied.some((c) => c.startsWith(`[${workshop.awsProfile}]\n`) && c.includes('region')),
	).toBe(false);
	await page.goto('setup/studio-ec2/');
	expect(
		(await copiedTexts(page)).some(
			(c) =>
				c.includes('AWS-StartPortForwardingSession') &&
				c.endsWith(`--profile ${workshop.awsProfile}`),
		),
	).toBe(true);
});

test('the set-up pages copy the download commands of the configured repository, into the folder the later pages use', async ({
	page,
}) => {
	const zip = `cd ~\ncurl -L -o aws-samples.zip https://github.com/${workshop.repository}/archive/refs/\${VERSION}.zip && unzip -d aws-samples aws-samples.zip && mv aws-samples/*/* aws-samples/`;
	const template = `curl -O https://raw.githubusercontent.com/${workshop.repository}/main/workshops/ai-coding-workshop/cline/0.setup/cfn/ec2-ssm.yml`;
	for (const slug of ['self-ec2', 'studio-ec2', 'self-local', 'studio-local']) {
		await page.goto(`setup/${slug}/`);
		const copied = await copiedTexts(page);
		const at = (c: string) => copied.indexOf(c);
		// In order: VERSION, download and unzip in the home folder, then cd into the workshop.
		expect(at(`export VERSION=\${VERSION:-${workshop.repoVersion}}`), slug).toBeGreaterThanOrEqual(
			0,
		);
		expect(at(zip), slug).toBeGreaterThan(
			at(`export VERSION=\${VERSION:-${workshop.repoVersion}}`),
		);
		expect(at('cd aws-samples/workshops/ai-coding-workshop/cline'), slug).toBeGreaterThan(at(zip));
		if (slug.endsWith('-ec2')) {
			expect(at(template), slug).toBeGreaterThanOrEqual(0);
			expect(at(template), slug).toBeLessThan(
				at(
					'aws cloudformation deploy --template-file ec2-ssm.yml --stack-name ai-workshop-${USERNAME} --parameter-overrides UserName=${USERNAME} Environment=dev --capabilities CAPABILITY_NAMED_IAM',
				),
			);
			await expect(page.locator('main')).toContainText(
				'/home/coder/aws-samples/workshops/ai-coding-workshop/cline',
			);
		} else {
			expect(at(template), slug).toBe(-1);
			await expect(page.locator('main')).toContainText(
				'~/aws-samples/workshops/ai-coding-workshop/cline',
			);
			await expect(page.locator('main')).toContainText('sudo apt install unzip');
		}
	}
});

test('frontmatter placeholders: the page description carries the working directory', async ({
	page,
}) => {
	await page.goto('workshops/litellm/implementation/');
	const description = await page.locator('meta[name="description"]').getAttribute('content');
	expect(description?.startsWith(`${workshop.workingDirectory} ディレクトリの構成`)).toBe(true);
});
