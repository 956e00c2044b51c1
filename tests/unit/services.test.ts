/**
 * The catalogue entries against the replay servers: MLflow's proxy (and 2.litellm's
 * answering in its place), the Langfuse integration (readiness callbacks) and Langfuse
 * web, the reachability entries, the workshop's own LiteLLM configs (4 models, prompt
 * caching without fallbacks, missing AWS credentials and the cooldown that follows),
 * the EC2 port-forward hints per port, and the requests going out together.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { fetch as undiciFetch } from 'undici';
import { workshop } from '../../workshop.config.ts';
import { placeholderValues, substitute } from '../../src/lib/config/placeholders.ts';
import { SERVICES, serviceById } from '../../src/lib/checks/services/index.ts';
import { MLFLOW_ONLY_NAMES } from '../../src/lib/checks/services/mlflow.ts';
import type { StepResult } from '../../src/lib/checks/types.ts';
import {
	LANGFUSE_TEST_VERSION,
	startLangfuseServer,
	type LangfuseScenario,
	type LangfuseServer,
} from '../support/langfuse-server.ts';
import {
	closedPortUrl,
	startLiteLLMServer,
	type LiteLLMServer,
	type Scenario,
} from '../support/litellm-server.ts';
import { browserLikeFetch, checkService } from './checks-fakes.ts';

const fetch = undiciFetch as unknown as typeof globalThis.fetch;
const servers = new Map<string, LiteLLMServer | LangfuseServer>();
async function litellm(scenario: Scenario): Promise<LiteLLMServer> {
	let s = servers.get(scenario) as LiteLLMServer | undefined;
	if (!s) servers.set(scenario, (s = await startLiteLLMServer({ scenario })));
	return s;
}
async function langfuseWeb(scenario: LangfuseScenario): Promise<LangfuseServer> {
	let s = servers.get(`lf:${scenario}`) as LangfuseServer | undefined;
	if (!s) servers.set(`lf:${scenario}`, (s = await startLangfuseServer(scenario)));
	return s;
}
after(async () => {
	for (const s of servers.values()) await s.close();
});

const check = checkService;
const codes = (steps: StepResult[]) => steps.map((s) => s.code);
const values = (s: StepResult) => (s.details ?? []).map((d) => d.value);
const forward = (remote: number, local: number) =>
	`aws ssm start-session --target <instance id> --document-name AWS-StartPortForwardingSession --parameters '{"portNumber":["${remote}"],"localPortNumber":["${local}"]}' --profile ${workshop.awsProfile}`;

describe('catalogue', () => {
	test('ids are unique and every entry has steps and a page', () => {
		const ids = SERVICES.map((s) => s.id);
		assert.deepEqual([...new Set(ids)], ids);
		assert.deepEqual(ids, ['litellm', 'mlflow', 'langfuse', 'litellm-ui', 'vscode']);
		for (const s of SERVICES) {
			assert.ok(s.steps.length > 0, s.id);
			assert.match(s.page, /^[a-z0-9/-]+\/$/, s.id);
		}
		assert.throws(() => serviceById('nope'), /known: litellm, mlflow/);
	});
});

describe('litellm with the workshop configs', () => {
	test('2.litellm config (4 models): ready, and the version from /health/readiness', async () => {
		const s = await litellm('workshop');
		const r = await check('litellm', { baseUrl: s.url });
		assert.deepEqual(codes(r.steps), ['proxy.ok', 'key.ok', 'models.ok', 'cline.prompt_caching']);
		assert.equal(r.version, '1.81.0');
		assert.match(r.steps[1].message, /4 件/);
	});

	test('proxy, model list and model info go out before any of them is answered', async () => {
		const s = await litellm('workshop');
		const order: string[] = [];
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		const gated = (async (input: RequestInfo | URL, init?: RequestInit) => {
			order.push(new URL(String(input)).pathname);
			if (order.length >= 4) release();
			await Promise.race([gate, new Promise((r) => setTimeout(r, 1000))]);
			return fetch(input, init);
		}) as typeof globalThis.fetch;
		const r = await check('litellm', { baseUrl: s.url, fetch: gated });
		assert.ok(r.ok);
		assert.deepEqual(order.slice(0, 4).sort(), [
			'/health/liveliness',
			'/health/readiness',
			'/v1/model/info',
			'/v1/models',
		]);
	});

	test('prompt-caching config: mock_testing_fallbacks gets the 500 "Fallbacks=None" → fallback.not_configured', async () => {
		const s = await litellm('prompt-caching');
		const r = await check('litellm', { baseUrl: s.url, steps: ['chat', 'fallback'] });
		assert.deepEqual(codes(r.steps), [
			'proxy.ok',
			'key.ok',
			'models.ok',
			'chat.ok',
			'fallback.not_configured',
		]);
		assert.match(r.steps[4].message, /フォールバック先が設定されていません/);
	});

	test('no AWS credentials: 401 with the fallback chain → chat.credentials_missing', async () => {
		const s = await litellm('nomock');
		const r = await check('litellm', {
			baseUrl: s.url,
			model: 'bedrock-converse-us-claude-3-7-sonnet-v1',
			steps: ['chat'],
		});
		assert.equal(r.steps.at(-1)!.code, 'chat.credentials_missing');
	});

	test('right after that 401: the 429 cooldown → chat.cooldown, not throttling', async () => {
		const s = await litellm('nomock-cooldown');
		const r = await check('litellm', {
			baseUrl: s.url,
			model: 'bedrock-converse-us-claude-3-7-sonnet-v1',
			steps: ['chat'],
		});
		const chat = r.steps.at(-1)!;
		assert.equal(chat.code, 'chat.cooldown');
		assert.match(chat.message, /一時停止/);
		assert.doesNotMatch(chat.message, /ThrottlingException/);
		assert.ok(values(chat).some((v) => v.includes('docker compose logs')));
	});
});

describe('mlflow (its own LiteLLM Proxy on 4001)', () => {
	test('its 7-model config: ready', async () => {
		const s = await litellm('mlflow');
		const r = await check('mlflow', { baseUrl: s.url });
		assert.deepEqual(codes(r.steps), ['proxy.ok', 'key.ok', 'models.ok', 'cline.prompt_caching']);
		assert.match(r.steps[1].message, /7 件/);
	});

	test("2.litellm's proxy answering instead → models.other_workshop naming where MLflow's is", async () => {
		assert.ok(MLFLOW_ONLY_NAMES.length > 0);
		const s = await litellm('workshop');
		const r = await check('mlflow', { baseUrl: s.url });
		const m = r.steps.find((x) => x.id === 'models')!;
		assert.equal(m.code, 'models.other_workshop');
		assert.match(m.message, /2\.litellm/);
		assert.ok(m.message.includes(workshop.mlflow.proxyBaseUrl));
		assert.ok(m.fix!.includes(workshop.mlflow.proxyBaseUrl));
	});

	test('no AWS credentials: the fix names 5.mlflow/.env and manage-mlflow.sh, not the IAM role or manage-litellm.sh', async () => {
		// MLflow's model list from its recording; the chat answer is the recorded 401 of a
		// proxy without AWS credentials (recorded with 2.litellm's config: same LiteLLM error).
		const mlflowProxy = await litellm('mlflow');
		const noCredentials = await litellm('nomock');
		const routed: typeof fetch = (input, init) => {
			const url = new URL(String(input));
			const to = url.pathname === '/v1/chat/completions' ? noCredentials : mlflowProxy;
			return fetch(new URL(url.pathname + url.search, to.url), init);
		};
		const r = await check('mlflow', { baseUrl: mlflowProxy.url, fetch: routed, steps: ['chat'] });
		const chat = r.steps.at(-1)!;
		assert.equal(chat.code, 'chat.credentials_missing');
		assert.ok(chat.fix!.includes(`${workshop.mlflow.workingDirectory}/.env`));
		assert.match(chat.fix!, /manage-mlflow\.sh litellm-restart/);
		assert.doesNotMatch(chat.fix!, /manage-litellm/);
		// 2.litellm's check keeps its own fix.
		const litellmRun = await check('litellm', { baseUrl: noCredentials.url, steps: ['chat'] });
		assert.match(litellmRun.steps.at(-1)!.fix!, /manage-litellm\.sh -c/);
	});

	test('wrong key: 400 no_db_connection → key.rejected_no_db naming 5.mlflow/.env', async () => {
		const s = await litellm('mlflow');
		const r = await check('mlflow', { baseUrl: s.url, apiKey: 'sk-wrong' });
		const k = r.steps.find((x) => x.id === 'key')!;
		assert.equal(k.code, 'key.rejected_no_db');
		assert.ok(values(k).includes('5.mlflow/.env: LITELLM_MASTER_KEY'));
	});

	test('nothing on 4001: unreachable with the 5.mlflow start command and the 4001 forward', async () => {
		const url = await closedPortUrl();
		const r = await check('mlflow', { baseUrl: url });
		const p = r.steps[0];
		assert.equal(p.code, 'proxy.unreachable');
		assert.ok(
			values(p).some(
				(v) => v.includes('5.mlflow') && v.includes('./manage-mlflow.sh update-config'),
			),
		);
		assert.ok(values(p).includes(forward(4001, Number(new URL(url).port))));
		assert.match(p.fix!, /5\.mlflow/);
	});
});

describe('langfuse (web health, LiteLLM readiness callbacks)', () => {
	test('web ready + callbacks with langfuse: every step passes, version of LiteLLM', async () => {
		const [web, proxy] = [await langfuseWeb('ready'), await litellm('langfuse')];
		const r = await check('langfuse', { baseUrl: proxy.url, urls: { langfuseWeb: web.url } });
		assert.deepEqual(codes(r.steps), ['web.ok', 'proxy.ok', 'callbacks.ok']);
		assert.ok(r.steps[0].message.includes(LANGFUSE_TEST_VERSION));
		assert.equal(r.version, '1.81.0');
		assert.deepEqual(web.requests, ['/api/public/health']);
	});

	test('no langfuse callback (update-config not run) → callbacks.missing with the command', async () => {
		const [web, proxy] = [await langfuseWeb('ready'), await litellm('workshop')];
		const r = await check('langfuse', { baseUrl: proxy.url, urls: { langfuseWeb: web.url } });
		const c = r.steps[2];
		assert.equal(c.code, 'callbacks.missing');
		assert.match(c.message, /sync_deployment_callback_on_success/);
		assert.match(c.fix!, /update-config/);
		assert.ok(values(c).some((v) => v.endsWith('./manage-langfuse.sh update-config')));
	});

	test('Langfuse unhealthy (503) → web.unhealthy, later steps skipped', async () => {
		const [web, proxy] = [await langfuseWeb('unhealthy'), await litellm('langfuse')];
		const r = await check('langfuse', { baseUrl: proxy.url, urls: { langfuseWeb: web.url } });
		assert.deepEqual(codes(r.steps), ['web.unhealthy', 'proxy.skipped', 'callbacks.skipped']);
	});

	test('nothing on the web port → web.unreachable with the start commands and the 3000 forward', async () => {
		const proxy = await litellm('langfuse');
		const url = await closedPortUrl();
		const r = await check('langfuse', { baseUrl: proxy.url, urls: { langfuseWeb: url } });
		const w = r.steps[0];
		assert.equal(w.code, 'web.unreachable');
		assert.ok(values(w).some((v) => v.endsWith('./manage-langfuse.sh start')));
		assert.ok(values(w).includes(forward(3000, Number(new URL(url).port))));
	});

	test('the LiteLLM Proxy port answers something else (html) → proxy.not_litellm', async () => {
		const [web, other] = [await langfuseWeb('ready'), await litellm('html')];
		const r = await check('langfuse', { baseUrl: other.url, urls: { langfuseWeb: web.url } });
		assert.equal(r.steps[1].code, 'proxy.not_litellm');
	});

	test('Langfuse web is not Langfuse (LiteLLM answers there) → web.not_langfuse', async () => {
		const proxy = await litellm('langfuse');
		const r = await check('langfuse', { baseUrl: proxy.url, urls: { langfuseWeb: proxy.url } });
		assert.equal(r.steps[0].code, 'web.not_langfuse');
	});

	test('browser, Langfuse without CORS headers: the probe says something answers → web.cors_blocked, honestly', async () => {
		const [web, proxy] = [await langfuseWeb('ready-no-cors'), await litellm('langfuse')];
		const r = await check('langfuse', {
			baseUrl: proxy.url,
			urls: { langfuseWeb: web.url },
			fetch: browserLikeFetch('https://workshop.example.com'),
		});
		const w = r.steps[0];
		assert.equal(w.code, 'web.cors_blocked');
		assert.match(w.message, /確かめられません/);
		assert.ok(values(w).some((v) => v.startsWith('curl ')));
	});

	test('browser, Langfuse with CORS headers: read as from a terminal', async () => {
		const [web, proxy] = [await langfuseWeb('ready'), await litellm('langfuse')];
		const r = await check('langfuse', {
			baseUrl: proxy.url,
			urls: { langfuseWeb: web.url },
			fetch: browserLikeFetch('https://workshop.example.com'),
		});
		assert.deepEqual(codes(r.steps), ['web.ok', 'proxy.ok', 'callbacks.ok']);
	});

	test('slow LiteLLM → proxy.timeout', async () => {
		const [web, slow] = [await langfuseWeb('ready'), await litellm('slow')];
		const r = await check('langfuse', {
			baseUrl: slow.url,
			urls: { langfuseWeb: web.url },
			timeoutMs: 300,
		});
		assert.equal(r.steps[1].code, 'proxy.timeout');
	});
});

describe('reachability entries', () => {
	test("LiteLLM's Admin UI answers /ui/ → reach.answers", async () => {
		const s = await litellm('workshop');
		const r = await check('litellm-ui', { baseUrl: s.url });
		assert.deepEqual(codes(r.steps), ['reach.answers']);
	});

	test('VS Code Server: nothing on 18080 → reach.unreachable with the 8080→18080 forward', async () => {
		const url = await closedPortUrl();
		const r = await check('vscode', { baseUrl: url });
		assert.equal(r.steps[0].code, 'reach.unreachable');
		assert.ok(
			values(r.steps[0]).includes(
				forward(workshop.vscodeServer.instancePort, Number(new URL(url).port)),
			),
		);
	});

	test('browser, something answers without CORS headers → reach.answers_opaque (ok, said honestly)', async () => {
		const s = await litellm('html');
		const r = await check('vscode', {
			baseUrl: s.url,
			fetch: browserLikeFetch('https://workshop.example.com'),
		});
		assert.equal(r.steps[0].code, 'reach.answers_opaque');
		assert.equal(r.ok, true);
		assert.match(r.steps[0].message, /確かめていません/);
	});

	test('slow → reach.timeout', async () => {
		const s = await litellm('slow');
		const r = await check('vscode', { baseUrl: s.url, timeoutMs: 300 });
		assert.equal(r.steps[0].code, 'reach.timeout');
	});

	test("the default EC2 forwards are the set-up pages' ports: 4000, 4001, 3000, 18080", () => {
		assert.equal(serviceById('litellm').defaultBaseUrl, 'http://localhost:4000');
		assert.equal(serviceById('mlflow').defaultBaseUrl, 'http://localhost:4001');
		assert.equal(serviceById('langfuse').extraUrls!.langfuseWeb.default, 'http://localhost:3000');
		assert.equal(serviceById('vscode').defaultBaseUrl, 'http://localhost:18080');
	});
});

describe("the EC2 port-forward hints are the pages' own commands", () => {
	/** The page's `aws ssm start-session` one-liner for `remote`→`local`, placeholders filled. */
	function onPage(page: string, remote: number, local: number): string {
		const file = new URL(`../../src/content/docs/${page}`, import.meta.url);
		// Placeholders first: the pages may write a port as %%vscodeServer.localPort%%.
		const line = readFileSync(file, 'utf8')
			.split('\n')
			.map((l) => l.trim())
			.filter((l) => l.startsWith('aws ssm start-session'))
			.map((l) => substitute(l, placeholderValues(workshop), file.pathname))
			.find((l) => l.includes(`"portNumber":["${remote}"],"localPortNumber":["${local}"]`));
		assert.ok(line, `${page} has the ${remote}→${local} forward`);
		return line;
	}
	const hint = async (id: string) => {
		const url = await closedPortUrl();
		const r = await check(id, { baseUrl: url });
		const value = r.steps[0].details!.find((d) =>
			d.value.includes('AWS-StartPortForwardingSession'),
		)!.value;
		return { value, port: new URL(url).port };
	};

	test('VS Code Server: setup/studio-ec2.mdx 8080 → 18080', async () => {
		const { value, port } = await hint('vscode');
		const page = onPage('setup/studio-ec2.mdx', 8080, 18080);
		assert.equal(
			value,
			page.replace('"localPortNumber":["18080"]', `"localPortNumber":["${port}"]`),
		);
	});

	test('Langfuse web: workshops/langfuse.mdx 3000 → 3000', async () => {
		const proxy = await litellm('langfuse');
		const url = await closedPortUrl();
		const r = await check('langfuse', { baseUrl: proxy.url, urls: { langfuseWeb: url } });
		const value = r.steps[0].details!.find((d) =>
			d.value.includes('AWS-StartPortForwardingSession'),
		)!.value;
		const page = onPage('workshops/langfuse.mdx', 3000, 3000);
		assert.equal(
			value,
			page.replace('"localPortNumber":["3000"]', `"localPortNumber":["${new URL(url).port}"]`),
		);
	});

	test("MLflow's proxy: the set-up pages' command with 4001", async () => {
		const { value, port } = await hint('mlflow');
		const page = onPage('setup/studio-ec2.mdx', 4000, 4000);
		assert.equal(
			value,
			page.replace(
				'"portNumber":["4000"],"localPortNumber":["4000"]',
				`"portNumber":["4001"],"localPortNumber":["${port}"]`,
			),
		);
	});
});
