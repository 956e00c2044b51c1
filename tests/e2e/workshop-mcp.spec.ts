import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { workshop } from '../../workshop.config.ts';
import { test, expect } from '../support/fixtures.ts';
import { commandsInOrder, copiedTexts } from '../support/copied.ts';

/**
 * The MCP workshop pages (workshops/mcp/ and workshops/mcp/implementation/): the
 * commands a participant copies, in the order they run them, and the
 * cline_mcp_settings.json blocks, which must be valid JSON and, for the EC2 instance,
 * name the mise shims by absolute path (VS Code Server runs as a systemd service whose
 * PATH has no mise, so a bare `npx`/`uvx`/`node` fails with `spawn … ENOENT`;
 * 0.setup/cfn/ec2-ssm.yml of the workshop repository).
 */

const shims = '/home/coder/.local/share/mise/shims';
const settingsFile =
	'/home/coder/.vscode-server/data/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json';
const repoOnEc2 = '/home/coder/aws-samples/workshops/ai-coding-workshop/cline';

/** One `mcpServers` entry as the pages write it. */
interface ServerEntry {
	command: string;
	args: string[];
	env?: Record<string, string>;
	disabled: boolean;
	autoApprove: string[];
	timeout?: number;
	transportType?: string;
}

/**
 * The copyable code blocks of the page with their Expressive Code titles, in page order.
 *
 * @returns `{ title, code }` per block with a copy button; `title` is '' when untitled
 */
async function titledBlocks(page: Page): Promise<{ title: string; code: string }[]> {
	const blocks = await page.locator('.expressive-code').evaluateAll((els) =>
		els.map((el) => ({
			title: el.querySelector('.title')?.textContent ?? '',
			code: el.querySelector('button[data-code]')?.getAttribute('data-code') ?? '',
		})),
	);
	return blocks
		.filter((b) => b.code !== '')
		.map((b) => ({ title: b.title, code: b.code.replace(/\u007f/g, '\n') }));
}

/** The whole-file settings blocks for one runtime, parsed (a parse error fails the test). */
async function settingsBlocks(
	page: Page,
	runtime: 'Amazon EC2' | 'ローカル PC',
): Promise<Record<string, ServerEntry>[]> {
	const blocks = (await titledBlocks(page)).filter(
		(b) => b.title === `cline_mcp_settings.json（${runtime}）`,
	);
	return blocks.map((b) => {
		const parsed = JSON.parse(b.code) as { mcpServers: Record<string, ServerEntry> };
		expect(Object.keys(parsed)).toEqual(['mcpServers']);
		return parsed.mcpServers;
	});
}

test('MCP page: the commands participants copy, in order', async ({ page }) => {
	await page.goto('workshops/mcp/');
	const problems = commandsInOrder(await copiedTexts(page), [
		'mise ls && mise install && uv --version',
		'mise use -g node@22 python@3.10 uv@0.6.16',
		'mise ls',
		settingsFile,
		`jq . ${settingsFile}`,
		`ls -l ${shims}/npx ${shims}/uvx ${shims}/node`,
		'Next.js の `after` 関数の使い方を教えて use context7',
		'mkdir -p /home/coder/Cline/MCP\ncd /home/coder/Cline/MCP && mkdir -p context7-mcp\ncd /home/coder/Cline/MCP/context7-mcp && npm install -g @upstash/context7-mcp@latest',
		'AWS S3 バケットの命名規則について調べてください',
		'[[ "$TERM_PROGRAM" == "vscode" ]] && . "$(code --locate-shell-integration-path bash)"',
		'source ~/.bashrc',
		'aws sts get-caller-identity',
	]);
	expect(problems).toEqual([]);
});

test('MCP page: the settings JSON is valid, with the mise shims by absolute path on EC2', async ({
	page,
}) => {
	await page.goto('workshops/mcp/');
	const ec2 = await settingsBlocks(page, 'Amazon EC2');
	const local = await settingsBlocks(page, 'ローカル PC');
	// Exercise 1 (Context7 alone) and exercise 2 (Context7 + AWS Documentation), per runtime.
	expect(ec2.map((s) => Object.keys(s))).toEqual([
		['github.com/upstash/context7-mcp'],
		[
			'github.com/upstash/context7-mcp',
			'github.com/awslabs/mcp/tree/main/src/aws-documentation-mcp-server',
		],
	]);
	expect(local.map((s) => Object.keys(s))).toEqual(ec2.map((s) => Object.keys(s)));
	for (const servers of ec2) {
		for (const entry of Object.values(servers)) {
			expect(entry.command).toMatch(new RegExp(`^${shims}/(npx|uvx)$`));
		}
	}
	for (const servers of local) {
		for (const entry of Object.values(servers)) expect(['npx', 'uvx']).toContain(entry.command);
	}
	const context7 = ec2[1]['github.com/upstash/context7-mcp'];
	expect(context7).toEqual({
		autoApprove: [],
		disabled: false,
		timeout: 60,
		command: `${shims}/npx`,
		args: ['-y', '@upstash/context7-mcp@latest'],
		transportType: 'stdio',
	});
	const docs = ec2[1]['github.com/awslabs/mcp/tree/main/src/aws-documentation-mcp-server'];
	expect(docs).toEqual({
		command: `${shims}/uvx`,
		args: ['awslabs.aws-documentation-mcp-server@latest'],
		env: { FASTMCP_LOG_LEVEL: 'ERROR' },
		disabled: false,
		autoApprove: [],
	});
	// The errors participants see, quoted as Cline shows them.
	const main = page.locator('main');
	for (const error of ['spawn npx ENOENT', 'spawn uvx ENOENT', 'spawn node ENOENT'])
		await expect(main).toContainText(error);
	await expect(main).toContainText(
		'Error executing MCP tool: {"name":"Error","message":"Not connected"}',
	);
});

test('MCP implementation page: the Weather MCP commands, in order, then the prepared answer', async ({
	page,
}) => {
	await page.goto('workshops/mcp/implementation/');
	const answerDir = `aws-samples/workshops/ai-coding-workshop/cline/${workshop.mcp.workingDirectory}/0.weather-mcp/answer`;
	const problems = commandsInOrder(await copiedTexts(page), [
		'node --version && npm --version',
		'mkdir -p /home/coder/Cline/MCP && cd /home/coder/Cline/MCP',
		'mkdir -p ~/Cline/MCP && cd ~/Cline/MCP',
		'npx @modelcontextprotocol/create-server weather-server && \\\ncd weather-server && \\\nnpm install',
		'mkdir -p ~/Documents/Cline/Rules && cp ~/aws-samples/workshops/ai-coding-workshop/cline/0.setup/1.cline/.clinerules-mcp.md ~/Documents/Cline/Rules/',
		'npm run build',
		`echo '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' | node build/index.js`,
		`echo '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_weather","arguments":{"city":"東京"}}}' | node build/index.js`,
		'echo "$(pwd)/build/index.js"',
		'東京の天気は？',
		`cd /home/coder/${answerDir}`,
		`cd ~/${answerDir}`,
		'npm install',
		'npm run build',
		'東京の天気は？',
	]);
	expect(problems).toEqual([]);
});

test('MCP implementation page: the Weather MCP settings are valid JSON, node by its shim on EC2', async ({
	page,
}) => {
	await page.goto('workshops/mcp/implementation/');
	const ec2 = await settingsBlocks(page, 'Amazon EC2');
	const local = await settingsBlocks(page, 'ローカル PC');
	expect(ec2).toEqual([
		{
			weather: {
				command: `${shims}/node`,
				args: ['/home/coder/Cline/MCP/weather-server/build/index.js'],
				disabled: false,
				autoApprove: [],
			},
		},
		{
			'github.com/weather-server': {
				command: `${shims}/node`,
				args: [`${repoOnEc2}/${workshop.mcp.workingDirectory}/0.weather-mcp/answer/build/index.js`],
				env: {},
				disabled: false,
				autoApprove: [],
			},
		},
	]);
	expect(local.map((s) => Object.keys(s))).toEqual([['weather'], ['github.com/weather-server']]);
	for (const servers of local)
		for (const entry of Object.values(servers)) {
			expect(entry.command).toBe('node');
			expect(entry.args[0]).toMatch(/^\/.*\/build\/index\.js$/);
		}
	// The description carries the configured folder (frontmatter placeholder).
	const description = await page.locator('meta[name="description"]').getAttribute('content');
	expect(description?.startsWith(`${workshop.mcp.workingDirectory} の演習です。`)).toBe(true);
});

test('the MCP page sources write the configured values only as placeholders', async () => {
	for (const file of [
		'../../src/content/docs/workshops/mcp.mdx',
		'../../src/content/docs/workshops/mcp/implementation.mdx',
	]) {
		const source = await readFile(new URL(file, import.meta.url), 'utf8');
		for (const value of [
			workshop.mcp.workingDirectory,
			workshop.awsRegion,
			workshop.proxyBaseUrl,
			workshop.repository,
		])
			expect(source.includes(value), `${file} writes ${value}`).toBe(false);
		expect(source).toContain('%%mcp.workingDirectory%%');
	}
});
