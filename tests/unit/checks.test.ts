/**
 * The check engine against the LiteLLM replay server in every scenario (undici's
 * fetch, as the CLI uses it), plus the browser-only branches through stand-in fetches
 * (tests/unit/checks-fakes.ts): Local Network Access states, the no-cors probe,
 * a fetch pending on the permission prompt, a fetch that ignores its signal.
 *
 * No timing is asserted (the closed-port verdict time is the benchmark's job).
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fetch as undiciFetch } from 'undici';
import { workshop } from '../../workshop.config.ts';
import { placeholderValues, substitute } from '../../src/lib/config/placeholders.ts';
import { closestModel, planSteps, runChecks, stepLabels } from '../../src/lib/checks/index.ts';
import type { LocalNetworkPermission, RunOptions, StepResult } from '../../src/lib/checks/types.ts';
import {
	MASTER_KEY,
	closedPortUrl,
	startLiteLLMServer,
	type LiteLLMServer,
	type Scenario,
} from '../support/litellm-server.ts';
import {
	blockedFetch,
	browserLikeFetch,
	deafFetch,
	pendingFetch,
	type FetchCall,
} from './checks-fakes.ts';
import { runProcess, type RunResult } from '../support/run.ts';

const fetch = undiciFetch as unknown as typeof globalThis.fetch;
const MODEL = workshop.expectedModel;
const PAGE = 'https://workshop.example.com';

const servers = new Map<Scenario, LiteLLMServer>();
async function server(scenario: Scenario): Promise<LiteLLMServer> {
	let s = servers.get(scenario);
	if (!s) servers.set(scenario, (s = await startLiteLLMServer({ scenario })));
	return s;
}
after(async () => {
	for (const s of servers.values()) await s.close();
});

function run(opts: Partial<RunOptions> & { baseUrl: string }) {
	return runChecks({ apiKey: MASTER_KEY, model: MODEL, fetch, timeoutMs: 2000, ...opts });
}
const codes = (steps: StepResult[]) => steps.map((s) => s.code);
const step = (steps: StepResult[], id: string) => steps.find((s) => s.id === id)!;

describe('engine against the replay server (Node, undici)', () => {
	test('ready: every default step passes and Cline settings are reported', async () => {
		const s = await server('ready');
		const r = await run({ baseUrl: s.url });
		assert.deepEqual(codes(r.steps), ['proxy.ok', 'key.ok', 'models.ok', 'cline.prompt_caching']);
		assert.equal(r.ok, true);
		assert.deepEqual(r.cline, {
			provider: 'LiteLLM',
			baseUrl: s.url,
			apiKey: MASTER_KEY,
			modelId: MODEL,
			supportsPromptCaching: true,
		});
		assert.deepEqual(r.input, { baseUrl: s.url, model: MODEL, notes: [] });
		assert.match(
			step(r.steps, 'models').details![0].value,
			/bedrock-converse-us-claude-3-5-haiku-v1/,
		);
		// The cline step makes the same request Cline makes.
		const info = s.requests.filter((q) => q.path === '/v1/model/info').at(-1)!;
		assert.equal(info.headers['x-litellm-api-key'], MASTER_KEY);
		assert.equal(info.headers.authorization, undefined);
		const list = s.requests.filter((q) => q.path === '/v1/models').at(-1)!;
		assert.equal(list.headers.authorization, `Bearer ${MASTER_KEY}`);
		const live = s.requests.filter((q) => q.path === '/health/liveliness').at(-1)!;
		assert.equal(live.headers.authorization, undefined, 'liveliness is called without the key');
	});

	test('ready: chat and fallback (on request) report the answering model from the body', async () => {
		const s = await server('ready');
		const r = await run({ baseUrl: s.url, steps: ['chat', 'fallback'] });
		assert.deepEqual(codes(r.steps), ['proxy.ok', 'key.ok', 'models.ok', 'chat.ok', 'fallback.ok']);
		assert.match(
			step(r.steps, 'chat').message,
			/converse\/us\.anthropic\.claude-3-7-sonnet-20250219-v1:0/,
		);
		assert.match(step(r.steps, 'fallback').message, /bedrock-converse-us-claude-3-5-sonnet-v2/);
		const chats = s.requests
			.filter((q) => q.path === '/v1/chat/completions')
			.slice(-2)
			.map((q) => JSON.parse(q.body ?? ''));
		assert.deepEqual(chats[0], {
			model: MODEL,
			messages: [{ role: 'user', content: 'ping' }],
			max_tokens: 1,
		});
		assert.equal(chats[1].mock_testing_fallbacks, true);
	});

	test('ready + wrong key: 400 no_db_connection → key.rejected_no_db naming LITELLM_MASTER_KEY', async () => {
		const s = await server('ready');
		const r = await run({ baseUrl: s.url, apiKey: 'sk-wrong' });
		assert.deepEqual(codes(r.steps), [
			'proxy.ok',
			'key.rejected_no_db',
			'models.skipped',
			'cline.skipped',
		]);
		assert.equal(r.ok, false);
		assert.equal(r.cline, undefined);
		const k = step(r.steps, 'key');
		assert.match(k.fix!, /LITELLM_MASTER_KEY/);
		assert.match(k.fix!, /sk-litellm-test-key/);
		assert.equal(step(r.steps, 'models').status, 'skipped');
		assert.equal(step(r.steps, 'models').ms, 0);
	});

	test('no key: 401 auth_error → key.missing', async () => {
		const s = await server('ready');
		const r = await run({ baseUrl: s.url, apiKey: '' });
		assert.equal(step(r.steps, 'key').code, 'key.missing');
		assert.equal(
			s.requests.filter((q) => q.path === '/v1/models').at(-1)!.headers.authorization,
			undefined,
		);
	});

	test('wrong-key-db: 401 invalid token → key.rejected, and a non-sk key printed by LiteLLM is redacted', async () => {
		const s = await server('wrong-key-db');
		const r1 = await run({ baseUrl: s.url, apiKey: 'sk-some-other-key' });
		assert.equal(step(r1.steps, 'key').code, 'key.rejected');
		const secret = 'my-secret-team-key';
		const r2 = await run({ baseUrl: s.url, apiKey: secret });
		assert.equal(step(r2.steps, 'key').code, 'key.rejected');
		// The server really echoed the key (LiteLLM does for non-sk keys) …
		const proxyText = step(r2.steps, 'key').details!.find(
			(d) => d.label === 'LiteLLM の応答',
		)!.value;
		assert.match(proxyText, /Key Hash \(Token\) =/);
		// … and nothing in the report contains it.
		assert.ok(!JSON.stringify(r2).includes(secret), 'key redacted from the report');
		assert.match(proxyText, /my-s…-key/);
	});

	test("wrong-key-db with a very short key: the proxy's words are not mangled and the echoed key is not pointed at", async () => {
		const s = await server('wrong-key-db');
		for (const key of ['a', 'Invalid']) {
			const r = await run({ baseUrl: s.url, apiKey: key });
			const k = step(r.steps, 'key');
			assert.equal(k.code, 'key.rejected', key);
			const proxyText = k.details!.find((d) => d.label === 'LiteLLM の応答')!.value;
			// LiteLLM echoed the key on its own ("Key Hash (Token) =a."): the answer is withheld as a whole
			assert.equal(
				proxyText,
				'LiteLLM の応答は、API キーが含まれている可能性があるため表示しません。',
				key,
			);
			assert.doesNotMatch(
				JSON.stringify(r.steps),
				/[A-Za-z]…[A-Za-z]/,
				`no mask inside a word (${key})`,
			);
		}
		// A short sk- key is hashed by LiteLLM; only its abbreviation sk-...<last 4> would show part of it.
		const r = await run({ baseUrl: s.url, apiKey: 'sk-wrong' });
		const proxyText = step(r.steps, 'key').details!.find(
			(d) => d.label === 'LiteLLM の応答',
		)!.value;
		assert.match(
			proxyText,
			/^Authentication Error, Invalid proxy server token passed\. Received API Key = sk-\.\.\.…, Key Hash/,
		);
		assert.ok(!proxyText.includes('rong'));
	});

	test('empty and no-model-list: models.empty names the config files', async () => {
		for (const scenario of ['empty', 'no-model-list'] as const) {
			const s = await server(scenario);
			const r = await run({ baseUrl: s.url });
			assert.deepEqual(
				codes(r.steps),
				['proxy.ok', 'key.ok', 'models.empty', 'cline.skipped'],
				scenario,
			);
			const m = step(r.steps, 'models');
			assert.match(m.fix!, /CONFIG_FILE/);
			assert.match(m.fix!, /iam_role_config\.yml/);
			assert.match(m.fix!, /access_key_config\.yml/);
			assert.equal(r.cline, undefined);
		}
	});

	test('slow: the proxy step times out (proxy.timeout) and nothing hangs', async () => {
		const s = await server('slow');
		const r = await run({ baseUrl: s.url, timeoutMs: 300 });
		assert.deepEqual(codes(r.steps), [
			'proxy.timeout',
			'key.skipped',
			'models.skipped',
			'cline.skipped',
		]);
		assert.match(step(r.steps, 'proxy').message, /0\.3 秒/);
	});

	test('html: something that is not LiteLLM → proxy.not_litellm', async () => {
		const s = await server('html');
		const r = await run({ baseUrl: s.url });
		assert.equal(step(r.steps, 'proxy').code, 'proxy.not_litellm');
		assert.match(step(r.steps, 'proxy').message, /HTML/);
	});

	test('not-found: 404 {"detail":"Not Found"} → proxy.not_litellm', async () => {
		const s = await server('not-found');
		const r = await run({ baseUrl: s.url });
		assert.equal(step(r.steps, 'proxy').code, 'proxy.not_litellm');
		assert.match(step(r.steps, 'proxy').message, /404/);
	});

	test('server-error: liveliness OK, /v1/models 500 text/plain → key.server_error', async () => {
		const s = await server('server-error');
		const r = await run({ baseUrl: s.url });
		assert.deepEqual(codes(r.steps).slice(0, 2), ['proxy.ok', 'key.server_error']);
		assert.match(step(r.steps, 'key').message, /500/);
		assert.match(step(r.steps, 'key').message, /Internal Server Error/);
	});

	test('closed port: proxy.unreachable with start and port-forward commands', async () => {
		const url = await closedPortUrl();
		const r = await run({ baseUrl: url });
		assert.deepEqual(codes(r.steps), [
			'proxy.unreachable',
			'key.skipped',
			'models.skipped',
			'cline.skipped',
		]);
		const d = step(r.steps, 'proxy')
			.details!.map((x) => x.value)
			.join('\n');
		assert.match(d, /manage-litellm\.sh start/);
		assert.match(d, /AWS-StartPortForwardingSession/);
		assert.match(d, /"portNumber":\["4000"\]/);
	});

	test("the suggested port forward is the set-up page's command, to the Base URL's port", async () => {
		const url = await closedPortUrl();
		const r = await run({ baseUrl: url });
		const forward = step(r.steps, 'proxy').details!.find((x) =>
			x.value.includes('AWS-StartPortForwardingSession'),
		)!.value;
		const file = new URL('../../src/content/docs/setup/studio-ec2.mdx', import.meta.url);
		const onPage = readFileSync(file, 'utf8')
			.split('\n')
			.find((l) => l.startsWith('aws ssm start-session') && l.includes('"portNumber":["4000"]'));
		assert.ok(onPage, 'studio-ec2.mdx has the 4000 port forward');
		const expected = substitute(onPage, placeholderValues(workshop), file.pathname).replace(
			'"localPortNumber":["4000"]',
			`"localPortNumber":["${new URL(url).port}"]`,
		);
		assert.equal(forward, expected);
	});

	test('unresolvable host: proxy.dns', async () => {
		const r = await run({ baseUrl: 'http://litellm.invalid:4000' });
		assert.equal(step(r.steps, 'proxy').code, 'proxy.dns');
	});

	test('https to the http proxy: proxy.tls', async () => {
		const s = await server('ready');
		const r = await run({ baseUrl: s.url.replace('http:', 'https:') });
		assert.equal(step(r.steps, 'proxy').code, 'proxy.tls');
	});

	test('models: a near miss suggests the closest model_name', async () => {
		const s = await server('ready');
		const r = await run({ baseUrl: s.url, model: 'bedrock-converse-us-claude-3-7-sonnet' });
		const m = step(r.steps, 'models');
		assert.equal(m.code, 'models.missing');
		assert.match(m.message, /bedrock-converse-us-claude-3-7-sonnet-v1 のことではありませんか/);
		assert.deepEqual(m.details![0], { label: '候補', value: MODEL, copy: true });
		assert.equal(r.ok, false);
	});

	test('models: an unrelated name gets the list but no "did you mean"', async () => {
		const s = await server('ready');
		const evil = '<img src=x onerror=alert(1)>';
		const r = await run({ baseUrl: s.url, model: evil });
		const m = step(r.steps, 'models');
		assert.equal(m.code, 'models.missing');
		assert.equal(m.message, `モデル ${evil} はモデル一覧にありません。`);
		assert.doesNotMatch(`${m.message}${m.fix}`, /ではありませんか|候補/);
		assert.deepEqual(
			m.details!.map((d) => d.label),
			['モデル一覧'],
		);
		assert.match(m.details![0].value, /bedrock-converse-us-claude-3-7-sonnet-v1/);
	});

	test('models: a Bedrock model id is recognised and mapped to its model_name', async () => {
		const s = await server('ready');
		for (const [given, name] of [
			['us.anthropic.claude-3-7-sonnet-20250219-v1:0', MODEL],
			['anthropic.claude-3-7-sonnet-20250219-v1:0', MODEL], // the Cline-with-Bedrock page's id
			[
				'bedrock/converse/us.anthropic.claude-3-5-haiku-20241022-v1:0',
				'bedrock-converse-us-claude-3-5-haiku-v1',
			],
		]) {
			const r = await run({ baseUrl: s.url, model: given });
			const m = step(r.steps, 'models');
			assert.equal(m.code, 'models.bedrock_id', given);
			assert.match(m.message, new RegExp(`model_name「${name}」`), given);
			assert.match(m.fix!, new RegExp(`${name} と入力`));
		}
		const r = await run({ baseUrl: s.url, model: 'anthropic.claude-v2:1' });
		assert.equal(step(r.steps, 'models').code, 'models.bedrock_id');
		assert.doesNotMatch(step(r.steps, 'models').message, /model_name「/);
	});

	test('models: no model given → models.no_input', async () => {
		const s = await server('ready');
		const r = await run({ baseUrl: s.url, model: '  ' });
		assert.equal(step(r.steps, 'models').code, 'models.no_input');
	});

	test('key with full-width characters → key.invalid_chars, no key request sent', async () => {
		const s = await server('ready');
		const before = s.requests.length;
		const r = await run({ baseUrl: s.url, apiKey: 'ｓｋ-litellm-test-key' });
		assert.deepEqual(codes(r.steps).slice(0, 2), ['proxy.ok', 'key.invalid_chars']);
		assert.deepEqual(
			s.requests.slice(before).map((q) => q.path),
			['/health/liveliness'],
		);
	});

	test('input is normalised with notes; the report never carries the key outside cline', async () => {
		const s = await server('ready');
		const r = await run({
			baseUrl: `  ${s.url.replace('http://', '')}/v1/  `,
			apiKey: `Bearer ${MASTER_KEY}`,
		});
		assert.equal(r.input.baseUrl, s.url);
		assert.deepEqual(
			r.input.notes.map((n) => n.code),
			['url.scheme_added', 'url.trailing_slash', 'url.v1_stripped', 'key.bearer_stripped'],
		);
		assert.equal(r.ok, true);
		const { cline, ...rest } = r;
		assert.ok(!JSON.stringify(rest).includes(MASTER_KEY));
		assert.equal(cline?.apiKey, MASTER_KEY);
	});

	test('a Base URL that cannot be used fails the proxy row with its url.* code, without requests', async () => {
		const calls: FetchCall[] = [];
		const r = await runChecks({
			baseUrl: 'ftp://localhost:4000',
			apiKey: MASTER_KEY,
			model: MODEL,
			fetch: blockedFetch('fails', calls),
		});
		assert.deepEqual(codes(r.steps), [
			'url.scheme',
			'key.skipped',
			'models.skipped',
			'cline.skipped',
		]);
		assert.equal(calls.length, 0);
	});

	test('cline: a 404 on /v1/model/info is only a warning (Cline falls back)', async () => {
		const s = await server('ready');
		// Real 404 from the server: the request is sent to an unknown route instead.
		const rerouted = ((url: RequestInfo | URL, init?: RequestInit) =>
			fetch(
				String(url).replace('/v1/model/info', '/v1/model/info-missing'),
				init,
			)) as typeof globalThis.fetch;
		const r = await run({ baseUrl: s.url, fetch: rerouted });
		assert.deepEqual(codes(r.steps), ['proxy.ok', 'key.ok', 'models.ok', 'cline.http_error']);
		assert.equal(step(r.steps, 'cline').status, 'warn');
		assert.equal(r.ok, true);
		assert.ok(r.cline);
		assert.equal(r.cline!.supportsPromptCaching, undefined);
	});

	test('fallback: the primary answering itself is a warning (no fallback happened)', async () => {
		const s = await server('ready');
		// Drop the flag on the way out: the server then answers with the primary model.
		const noFlag = ((url: RequestInfo | URL, init?: RequestInit) => {
			const body =
				typeof init?.body === 'string'
					? init.body.replace(',"mock_testing_fallbacks":true', '')
					: init?.body;
			return fetch(url, { ...init, body });
		}) as typeof globalThis.fetch;
		const r = await run({ baseUrl: s.url, fetch: noFlag, steps: ['fallback'] });
		assert.equal(step(r.steps, 'fallback').code, 'fallback.same_model');
		assert.equal(step(r.steps, 'fallback').status, 'warn');
	});

	test("fallback: LiteLLM's mock exception (no fallbacks configured) → fallback.not_configured", async () => {
		const s = await server('ready');
		// The error LiteLLM's router raises for mock_testing_fallbacks without fallbacks
		// (litellm/router.py), in the ProxyException shape of the fixtures.
		const message = `litellm.InternalServerError: This is a mock exception for model=${MODEL}, to trigger a fallback. Fallbacks=[]`;
		const mock = ((url: RequestInfo | URL, init?: RequestInit) => {
			if (typeof init?.body === 'string' && init.body.includes('mock_testing_fallbacks')) {
				return Promise.resolve(
					new Response(
						JSON.stringify({ error: { message, type: null, param: null, code: '500' } }),
						{ status: 500, headers: { 'content-type': 'application/json' } },
					),
				);
			}
			return fetch(url, init);
		}) as typeof globalThis.fetch;
		const r = await run({ baseUrl: s.url, fetch: mock, steps: ['fallback'] });
		assert.equal(step(r.steps, 'fallback').code, 'fallback.not_configured');
		assert.match(step(r.steps, 'fallback').fix!, /router_settings\.fallbacks/);
	});

	test('English messages with lang: "en"', async () => {
		const s = await server('ready');
		const r = await run({ baseUrl: s.url, lang: 'en', apiKey: 'sk-wrong' });
		assert.match(step(r.steps, 'key').message, /rejected/);
		assert.equal(step(r.steps, 'models').message, 'Not run because an earlier check failed.');
	});

	test('onStep: pending rows first, then running and final result per row, skipped rows too', async () => {
		const s = await server('ready');
		const seen: string[] = [];
		await run({
			baseUrl: s.url,
			apiKey: 'sk-wrong',
			onStep: (st) => seen.push(`${st.id}:${st.status}`),
		});
		assert.deepEqual(seen, [
			'proxy:pending',
			'key:pending',
			'models:pending',
			'cline:pending',
			'proxy:running',
			'proxy:ok',
			'key:running',
			'key:fail',
			'models:skipped',
			'cline:skipped',
		]);
	});

	test("abort: the run rejects with the signal's reason", async () => {
		const s = await server('slow');
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 50);
		await assert.rejects(run({ baseUrl: s.url, timeoutMs: 5000, signal: controller.signal }), {
			name: 'AbortError',
		});
	});

	test('bad timeouts are refused', async () => {
		await assert.rejects(run({ baseUrl: 'http://localhost:4000', timeoutMs: 0 }), RangeError);
	});
});

function ln(permission: LocalNetworkPermission, pageIsLoopback = false, seen: string[] = []) {
	return {
		pageIsLoopback,
		pageOrigin: PAGE,
		permission: async () => {
			seen.push(permission);
			return permission;
		},
	};
}

describe('browser branches (Local Network Access, CORS)', () => {
	const base = 'http://localhost:4000';

	test('TypeError + permission denied → proxy.lna_denied with Chrome settings and terminal commands', async () => {
		const calls: FetchCall[] = [];
		const r = await runChecks({
			baseUrl: base,
			apiKey: MASTER_KEY,
			model: MODEL,
			fetch: blockedFetch('answers', calls),
			localNetwork: ln('denied'),
		});
		const p = step(r.steps, 'proxy');
		assert.equal(p.code, 'proxy.lna_denied');
		assert.match(p.fix!, /サイトの設定/);
		const values = p.details!.map((d) => d.value);
		assert.ok(
			values.includes(`chrome://settings/content/siteDetails?site=${encodeURIComponent(PAGE)}`),
		);
		assert.ok(values.some((v) => v.startsWith('curl ') && v.includes('${LITELLM_MASTER_KEY:?')));
		// participants do not have this site's repository: no `npm run doctor` for them
		assert.ok(!values.some((v) => v.includes('npm run doctor')));
		assert.ok(!calls.some((c) => c.mode === 'no-cors'), 'no probe when the verdict is known');
		assert.ok(!JSON.stringify(r.steps).includes(MASTER_KEY));
	});

	test('TypeError + permission prompt → proxy.lna_prompt (allow the prompt)', async () => {
		const r = await runChecks({
			baseUrl: base,
			apiKey: MASTER_KEY,
			model: MODEL,
			fetch: blockedFetch('fails'),
			localNetwork: ln('prompt'),
		});
		assert.equal(step(r.steps, 'proxy').code, 'proxy.lna_prompt');
		assert.match(step(r.steps, 'proxy').fix!, /許可/);
	});

	test('TypeError + granted: the no-cors probe decides (answers → cors_blocked, fails → unreachable)', async () => {
		const a = await runChecks({
			baseUrl: base,
			apiKey: MASTER_KEY,
			model: MODEL,
			fetch: blockedFetch('answers'),
			localNetwork: ln('granted'),
		});
		assert.equal(step(a.steps, 'proxy').code, 'proxy.cors_blocked');
		const b = await runChecks({
			baseUrl: base,
			apiKey: MASTER_KEY,
			model: MODEL,
			fetch: blockedFetch('fails'),
			localNetwork: ln('granted'),
		});
		assert.equal(step(b.steps, 'proxy').code, 'proxy.unreachable');
	});

	test('loopback page: the permission is not consulted, the probe decides', async () => {
		const seen: string[] = [];
		const r = await runChecks({
			baseUrl: base,
			apiKey: MASTER_KEY,
			model: MODEL,
			fetch: blockedFetch('answers'),
			localNetwork: ln('denied', true, seen),
		});
		assert.equal(step(r.steps, 'proxy').code, 'proxy.cors_blocked');
		assert.deepEqual(seen, []);
	});

	test('unsupported permission API: the probe decides', async () => {
		const r = await runChecks({
			baseUrl: base,
			apiKey: MASTER_KEY,
			model: MODEL,
			fetch: blockedFetch('fails'),
			localNetwork: ln('unsupported'),
		});
		assert.equal(step(r.steps, 'proxy').code, 'proxy.unreachable');
	});

	test('fetch pending at the timeout + permission prompt → proxy.lna_prompt (the browser waits for the participant)', async () => {
		const r = await runChecks({
			baseUrl: base,
			apiKey: MASTER_KEY,
			model: MODEL,
			fetch: pendingFetch(),
			timeoutMs: 100,
			localNetwork: ln('prompt'),
		});
		assert.equal(step(r.steps, 'proxy').code, 'proxy.lna_prompt');
	});

	test('fetch pending at the timeout + granted → proxy.timeout', async () => {
		const r = await runChecks({
			baseUrl: base,
			apiKey: MASTER_KEY,
			model: MODEL,
			fetch: pendingFetch(),
			timeoutMs: 100,
			localNetwork: ln('granted'),
		});
		assert.equal(step(r.steps, 'proxy').code, 'proxy.timeout');
	});

	test('a fetch that ignores its signal still cannot hang the run', async () => {
		const r = await runChecks({
			baseUrl: base,
			apiKey: MASTER_KEY,
			model: MODEL,
			fetch: deafFetch(),
			timeoutMs: 100,
		});
		assert.equal(step(r.steps, 'proxy').code, 'proxy.timeout');
	});

	test('a permission() that never answers does not hang the run', async () => {
		const r = await runChecks({
			baseUrl: base,
			apiKey: MASTER_KEY,
			model: MODEL,
			fetch: blockedFetch('answers'),
			localNetwork: { pageIsLoopback: false, permission: () => new Promise(() => {}) },
		});
		assert.equal(step(r.steps, 'proxy').code, 'proxy.cors_blocked');
	});

	test('browser-like CORS against the ready server: every step passes cross-origin', async () => {
		const s = await server('ready');
		const calls: FetchCall[] = [];
		const r = await runChecks({
			baseUrl: s.url,
			apiKey: MASTER_KEY,
			model: MODEL,
			fetch: browserLikeFetch(PAGE, calls),
			localNetwork: ln('granted'),
			steps: ['cline', 'chat', 'fallback'],
		});
		assert.deepEqual(codes(r.steps), [
			'proxy.ok',
			'key.ok',
			'models.ok',
			'cline.prompt_caching',
			'chat.ok',
			'fallback.ok',
		]);
		assert.ok(
			calls.every((c) => c.url.startsWith(s.url)),
			'only the proxy is called',
		);
	});

	test('browser-like CORS, server-error: the 500 without CORS headers → key.cors_blocked with terminal commands', async () => {
		const s = await server('server-error');
		const r = await runChecks({
			baseUrl: s.url,
			apiKey: MASTER_KEY,
			model: MODEL,
			fetch: browserLikeFetch(PAGE),
			localNetwork: ln('granted'),
		});
		assert.deepEqual(codes(r.steps).slice(0, 2), ['proxy.ok', 'key.cors_blocked']);
		const k = step(r.steps, 'key');
		assert.ok(k.details!.some((d) => d.value.startsWith('curl ')));
		assert.ok(k.details!.some((d) => d.value.endsWith('&& docker compose logs --tail 100')));
	});

	test('browser-like CORS, html on the port: proxy.cors_blocked', async () => {
		const s = await server('html');
		const r = await runChecks({
			baseUrl: s.url,
			apiKey: MASTER_KEY,
			model: MODEL,
			fetch: browserLikeFetch(PAGE),
			localNetwork: ln('granted'),
		});
		assert.equal(step(r.steps, 'proxy').code, 'proxy.cors_blocked');
	});

	test('browser-like CORS, wrong key: the 400 carries CORS headers, so the verdict is exact', async () => {
		const s = await server('ready');
		const r = await runChecks({
			baseUrl: s.url,
			apiKey: 'sk-wrong',
			model: MODEL,
			fetch: browserLikeFetch(PAGE),
			localNetwork: ln('granted'),
		});
		assert.equal(step(r.steps, 'key').code, 'key.rejected_no_db');
	});

	test('browser-like CORS, closed port: proxy.unreachable', async () => {
		const url = await closedPortUrl();
		const r = await runChecks({
			baseUrl: url,
			apiKey: MASTER_KEY,
			model: MODEL,
			fetch: browserLikeFetch(PAGE),
			localNetwork: ln('granted'),
		});
		assert.equal(step(r.steps, 'proxy').code, 'proxy.unreachable');
	});
});

describe('helpers', () => {
	test('planSteps adds prerequisites and keeps the order', () => {
		assert.deepEqual(planSteps(['chat']), ['proxy', 'key', 'models', 'chat']);
		assert.deepEqual(planSteps(['fallback', 'proxy']), ['proxy', 'key', 'models', 'fallback']);
		assert.deepEqual(planSteps(['key']), ['proxy', 'key']);
		assert.deepEqual(planSteps(), ['proxy', 'key', 'models', 'cline']);
	});

	test('closestModel: case-insensitive match first, then edit distance', () => {
		const ids = [
			'bedrock-converse-us-claude-3-7-sonnet-v1',
			'bedrock-converse-us-claude-3-5-haiku-v1',
		];
		assert.equal(closestModel('BEDROCK-CONVERSE-US-CLAUDE-3-7-SONNET-V1', ids), ids[0]);
		assert.equal(closestModel('bedrock-converse-us-claude-3-5-haiku', ids), ids[1]);
		assert.equal(closestModel('x', []), undefined);
	});

	test('closestModel: nothing is suggested when no id is close (distance over a quarter of the length) or two are equally close', () => {
		const ids = [
			'bedrock-converse-us-claude-3-7-sonnet-v1',
			'bedrock-converse-us-claude-3-5-sonnet-v2',
			'bedrock-converse-us-claude-3-5-haiku-v1',
		];
		for (const far of [
			'<img src=x onerror=alert(1)>',
			'x',
			'gpt-4o',
			'claude',
			'bedrock-claude-3-5-sonnet-v1',
		]) {
			assert.equal(closestModel(far, ids), undefined, far);
		}
		// typos and a missing or changed part are still suggested
		assert.equal(closestModel('bedrock-converse-us-claude-3-7-sonet-v1', ids), ids[0]);
		assert.equal(closestModel('bedrock_converse_us_claude_3_7_sonnet_v1', ids), ids[0]);
		assert.equal(closestModel('bedrock-us-claude-3-7-sonnet-v1', ids), ids[0]);
		// 'v2' fits 3-7-sonnet-v1 and 3-5-sonnet-v2 equally well: no guess
		assert.equal(closestModel('bedrock-converse-us-claude-3-7-sonnet-v2', ids), undefined);
		// short ids: one edit in six characters is close, two are not
		assert.equal(closestModel('gpt4o', ['gpt-4o', 'o1']), 'gpt-4o');
		assert.equal(closestModel('gpt-3', ['gpt-4o', 'o1']), undefined);
	});

	test('stepLabels in both languages', () => {
		assert.equal(stepLabels().proxy, 'プロキシの起動');
		assert.equal(stepLabels('en').key, 'API key');
	});
});

/** Runs `command` with bash as a participant pastes it, from `cwd`, with `env` on top of a minimal one. */
function paste(command: string, cwd: string, env: Record<string, string>): Promise<RunResult> {
	return runProcess('bash', ['-c', command], {
		cwd,
		env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
	});
}

describe('copyable commands work as pasted (bash)', () => {
	test('start (EC2 and local PC) and logs commands change to the working directory first', async () => {
		// A home with the workshop repository's working directory, a stand-in manage-litellm.sh
		// and docker that print where they run and with what, and a terminal opened elsewhere.
		const home = mkdtempSync(join(tmpdir(), 'pc-home-'));
		try {
			const work = join(
				home,
				'aws-samples/workshops/ai-coding-workshop/cline',
				workshop.workingDirectory,
			);
			const bin = join(home, 'bin');
			const elsewhere = join(home, 'elsewhere');
			for (const d of [work, bin, elsewhere]) mkdirSync(d, { recursive: true });
			writeFileSync(join(work, 'manage-litellm.sh'), '#!/bin/sh\necho "manage $PWD $*"\n');
			writeFileSync(join(bin, 'docker'), '#!/bin/sh\necho "docker $PWD $*"\n');
			chmodSync(join(work, 'manage-litellm.sh'), 0o755);
			chmodSync(join(bin, 'docker'), 0o755);

			// start commands come with proxy.unreachable, the logs command with key.server_error
			const down = await run({ baseUrl: await closedPortUrl() });
			const broken = await run({ baseUrl: (await server('server-error')).url });
			const details = [
				...step(down.steps, 'proxy').details!,
				...step(broken.steps, 'key').details!,
			];
			const expected: [string, string][] = [
				['起動（EC2）', `manage ${work} start`],
				['起動（ローカル PC）', `manage ${work} -c ${workshop.configFiles.local} start`],
				['ログを見る', `docker ${work} compose logs --tail 100`],
			];
			const env = { HOME: home, PATH: `${bin}:${process.env.PATH}` };
			for (const [label, out] of expected) {
				const d = details.find((x) => x.label === label);
				assert.ok(d?.copy, `a copyable "${label}" command`);
				const res = await paste(d.value, elsewhere, env);
				assert.equal(res.code, 0, `${label}: ${d.value}\n${res.stderr}`);
				assert.equal(res.stdout.trim(), out, label);
			}
		} finally {
			rmSync(home, { recursive: true, force: true });
		}
	});

	test('terminal checks: curl of /health/liveliness and /v1/models, key only from $LITELLM_MASTER_KEY, no npm run doctor', async () => {
		const s = await server('ready');
		// The browser could not read the proxy (CORS): the terminal commands are offered.
		const r = await runChecks({
			baseUrl: s.url,
			apiKey: MASTER_KEY,
			model: MODEL,
			fetch: blockedFetch('answers'),
			localNetwork: ln('granted'),
		});
		const p = step(r.steps, 'proxy');
		assert.equal(p.code, 'proxy.cors_blocked');
		const commands = p.details!.filter((d) => d.copy).map((d) => d.value);
		assert.ok(
			!commands.some((c) => c.includes('npm run doctor')),
			"no command needing this site's repository",
		);
		assert.ok(!JSON.stringify(r.steps).includes(MASTER_KEY), 'no command carries the key');
		const live = commands.find((c) => c.startsWith('curl ') && c.includes('/health/liveliness'));
		const models = commands.find((c) => c.startsWith('curl ') && c.includes('/v1/models'));
		assert.ok(live && models, commands.join('\n'));
		const cwd = tmpdir();

		// liveliness: no key needed, works in any terminal
		const a = await paste(live, cwd, {});
		assert.equal(a.code, 0, a.stderr);
		assert.equal(a.stdout, '"I\'m alive!"');

		// models with the variable set: the model list
		const b = await paste(models, cwd, { LITELLM_MASTER_KEY: MASTER_KEY });
		assert.equal(b.code, 0, b.stderr);
		assert.deepEqual(
			JSON.parse(b.stdout).data.map((m: { id: string }) => m.id),
			[
				'bedrock-converse-us-claude-3-7-sonnet-v1',
				'bedrock-converse-us-claude-3-5-sonnet-v2',
				'bedrock-converse-us-claude-3-5-haiku-v1',
			],
		);
		assert.equal(s.requests.at(-1)!.headers.authorization, `Bearer ${MASTER_KEY}`);

		// models without the variable: stops before sending, and says what to set
		const before = s.requests.length;
		const c = await paste(models, cwd, {});
		assert.notEqual(c.code, 0);
		assert.match(c.stderr, /LITELLM_MASTER_KEY/);
		assert.equal(s.requests.length, before, 'no request without a key');
	});

	test('terminal checks quote a Base URL the shell would otherwise read as commands or patterns', async () => {
		const s = await server('ready');
		for (const base of [`${s.url}/p;echo$IFS'INJECTED'`, 'http://[::1]:4000']) {
			const r = await runChecks({
				baseUrl: base,
				apiKey: MASTER_KEY,
				model: MODEL,
				fetch: blockedFetch('answers'),
				localNetwork: ln('granted'),
			});
			const live = step(r.steps, 'proxy').details!.find(
				(d) => d.value.startsWith('curl ') && d.value.includes('/health/liveliness'),
			)!.value;
			// bash parses the command's arguments as pasted (failglob: an unmatched pattern is an
			// error, as in zsh); printf shows the words curl would get, without any request
			const res = await paste(
				`shopt -s failglob; printf '%s\\n' ${live.replace(/^curl -sS /, '')}`,
				tmpdir(),
				{},
			);
			assert.equal(res.code, 0, res.stderr);
			assert.equal(res.stdout.trim(), `${r.input.baseUrl}/health/liveliness`, base);
		}
	});
});
