/**
 * The check engine and the CLI under hostile answers on the Base URL
 * (tests/support/hostile-server.ts): redirects are never followed and never carry the
 * key to another origin, oversized answers stop at the byte limit, network failures
 * are told in words (the raw error only in the facilitator's detail row), https
 * against a plain-http port is named, and the CLI's text output prints no control
 * character a terminal would execute.
 *
 * Through undici's fetch (the CLI) and through the browser stand-in of
 * ./checks-fakes.ts (CORS, opaque-redirect responses, bare `TypeError`s).
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fetch as undiciFetch } from 'undici';
import { workshop } from '../../workshop.config.ts';
import { runChecks } from '../../src/lib/checks/index.ts';
import type { RunOptions, StepResult } from '../../src/lib/checks/types.ts';
import {
	ESC_MODEL_IDS,
	startHostileServer,
	type HostileScenario,
	type HostileServer,
} from '../support/hostile-server.ts';
import { MASTER_KEY, startLiteLLMServer, type LiteLLMServer } from '../support/litellm-server.ts';
import { runProcess } from '../support/run.ts';
import { browserLikeFetch, type FetchCall } from './checks-fakes.ts';

const nodeFetch = undiciFetch as unknown as typeof globalThis.fetch;
const MODEL = workshop.expectedModel;
const PAGE = 'https://workshop.example.com';
const DOCTOR = fileURLToPath(new URL('../../scripts/doctor.ts', import.meta.url));

const servers = new Map<HostileScenario, Promise<HostileServer>>();
function hostile(scenario: HostileScenario): Promise<HostileServer> {
	let s = servers.get(scenario);
	if (!s) servers.set(scenario, (s = startHostileServer({ scenario })));
	return s;
}
let plain: Promise<LiteLLMServer> | undefined;
after(async () => {
	for (const s of servers.values()) await (await s).close();
	if (plain) await (await plain).close();
});

function run(opts: Partial<RunOptions> & { baseUrl: string }) {
	return runChecks({
		apiKey: MASTER_KEY,
		model: MODEL,
		fetch: nodeFetch,
		timeoutMs: 5000,
		...opts,
	});
}
const step = (steps: StepResult[], id: string) => steps.find((s) => s.id === id)!;
const codes = (steps: StepResult[]) => steps.map((s) => s.code);
/** Every text of a row a participant reads (message and fix; details are for facilitators). */
const words = (s: StepResult) => `${s.message} ${s.fix ?? ''}`;

describe('redirects are never followed; the key stays with the Base URL', () => {
	for (const [name, fetch] of [
		['CLI (undici)', () => nodeFetch],
		['browser', () => browserLikeFetch(PAGE)],
	] as const) {
		test(`${name}: 302 on /v1/model/info to another origin → cline.redirect naming the host, nothing sent there`, async () => {
			const s = await hostile('redirect-model-info');
			const before = s.elsewhere.requests.length;
			const r = await run({ baseUrl: s.url, fetch: fetch() });
			assert.deepEqual(codes(r.steps), ['proxy.ok', 'key.ok', 'models.ok', 'cline.redirect']);
			const cline = step(r.steps, 'cline');
			assert.equal(cline.status, 'warn');
			assert.deepEqual(s.elsewhere.keyArrivals(), []);
			assert.deepEqual(
				s.elsewhere.requests.slice(before),
				[],
				'no request reached the other origin',
			);
			if (name === 'CLI (undici)') {
				assert.match(
					cline.message,
					new RegExp(new URL(s.elsewhere.origin).host.replace(/\./g, '\\.')),
				);
				assert.match(cline.message, /別のホスト/);
			} else {
				assert.match(cline.message, /転送先はブラウザからは見えません/);
			}
			assert.match(cline.message, /リダイレクトしない/);
		});

		test(`${name}: 302 on /v1/models to another origin → key.redirect, no Cline settings`, async () => {
			const s = await hostile('redirect-models');
			const before = s.elsewhere.requests.length;
			const r = await run({ baseUrl: s.url, fetch: fetch() });
			assert.deepEqual(codes(r.steps), [
				'proxy.ok',
				'key.redirect',
				'models.skipped',
				'cline.skipped',
			]);
			assert.equal(r.cline, undefined);
			assert.deepEqual(s.elsewhere.requests.slice(before), []);
		});

		test(`${name}: 307 on the chat call → chat.redirect, not chat.ok`, async () => {
			const s = await hostile('redirect-chat');
			const before = s.elsewhere.requests.length;
			const r = await run({ baseUrl: s.url, fetch: fetch(), steps: ['chat'] });
			assert.equal(step(r.steps, 'chat').code, 'chat.redirect');
			assert.equal(step(r.steps, 'chat').status, 'fail');
			assert.deepEqual(s.elsewhere.requests.slice(before), []);
		});
	}

	test('CLI: a redirect within the same origin is named as such, with its path', async () => {
		const s = await hostile('redirect-same-origin');
		const r = await run({ baseUrl: s.url });
		const key = step(r.steps, 'key');
		assert.equal(key.code, 'key.redirect');
		assert.match(key.message, /同じホストの \/v1\/models\/ へリダイレクト/);
		assert.ok(key.details?.some((d) => d.value.endsWith('/v1/models/')));
	});

	test('every request of the engine but the header-less no-cors probe asks for no redirect to be followed', async () => {
		const s = await hostile('redirect-model-info');
		const seen: string[] = [];
		const spy = ((input: RequestInfo | URL, init?: RequestInit) => {
			if (init?.mode !== 'no-cors') seen.push(`${init?.mode ?? 'cors'} ${init?.redirect}`);
			return nodeFetch(input, init);
		}) as typeof globalThis.fetch;
		await run({ baseUrl: s.url, fetch: spy, steps: ['proxy', 'key', 'models', 'cline', 'chat'] });
		assert.ok(seen.length >= 4);
		assert.deepEqual(
			seen.filter((x) => !x.endsWith(' manual')),
			[],
		);
	});
});

describe('oversized answers stop at the limit', () => {
	test('CLI: a 50 MB /v1/models (500,000 ids) → key.too_large; the client hung up before the end', async () => {
		const s = await hostile('huge-models');
		const r = await run({ baseUrl: s.url, timeoutMs: 20_000 });
		const key = step(r.steps, 'key');
		assert.equal(key.code, 'key.too_large');
		assert.match(key.message, /大きすぎる/);
		// the close reaches the server a moment after the verdict
		for (let i = 0; i < 100 && !s.huge.clientHungUp; i++)
			await new Promise((r) => setTimeout(r, 20));
		assert.equal(s.huge.clientHungUp, true);
		assert.ok(s.huge.bytesSent < s.huge.total, `${s.huge.bytesSent} of ${s.huge.total} bytes sent`);
	});

	test('a list of 20,000 ids in a small body → key.too_large saying how many', async () => {
		const data = Array.from({ length: 20_000 }, (_, i) => ({ id: `m${i}` }));
		const fake = (async (input: RequestInfo | URL) => {
			const path = new URL(String(input)).pathname;
			const body = path === '/health/liveliness' ? `"I'm alive!"` : JSON.stringify({ data });
			return new Response(body, { headers: { 'content-type': 'application/json' } });
		}) as typeof globalThis.fetch;
		const r = await run({ baseUrl: 'http://127.0.0.1:4000', fetch: fake });
		const key = step(r.steps, 'key');
		assert.equal(key.code, 'key.too_large');
		assert.match(key.message, /20000 件/);
		assert.equal(step(r.steps, 'models').status, 'skipped');
	});
});

describe('network failures in words, the raw error only for a facilitator', () => {
	test('browser: a reset on /v1/models → key.unreachable without "Failed to fetch" in what the participant reads', async () => {
		const s = await hostile('reset-models');
		const r = await run({ baseUrl: s.url, fetch: browserLikeFetch(PAGE) });
		const key = step(r.steps, 'key');
		assert.equal(key.code, 'key.unreachable');
		assert.doesNotMatch(words(key), /TypeError|Failed to fetch/);
		assert.match(key.message, /ブラウザは原因を示していません/);
		const raw = key.details?.find((d) => /TypeError/.test(d.value));
		assert.ok(raw, 'the raw error is kept in a detail row');
		assert.match(raw.label, /ファシリテーター/);
	});

	test('CLI: a reset on /v1/models → key.unreachable saying the connection was closed, no undici code in the message', async () => {
		const s = await hostile('reset-models');
		const r = await run({ baseUrl: s.url });
		const key = step(r.steps, 'key');
		assert.equal(key.code, 'key.unreachable');
		assert.match(key.message, /相手が接続を切りました/);
		assert.doesNotMatch(words(key), /ECONNRESET|UND_ERR|fetch failed/);
	});

	test('CLI: every connection reset → proxy.reset, not "nothing listens"', async () => {
		const s = await hostile('reset-all');
		const r = await run({ baseUrl: s.url });
		assert.equal(step(r.steps, 'proxy').code, 'proxy.reset');
		assert.doesNotMatch(step(r.steps, 'proxy').message, /待ち受けていません/);
	});
});

describe('https Base URL against a plain-http proxy', () => {
	test('browser: proxy.tls telling to use http://, from a header-less no-cors probe of http://', async () => {
		plain ??= startLiteLLMServer({ scenario: 'ready' });
		const p = await plain;
		const calls: FetchCall[] = [];
		const https = `https://127.0.0.1:${p.port}`;
		const r = await run({
			baseUrl: https,
			fetch: browserLikeFetch(PAGE, calls),
			localNetwork: { pageIsLoopback: false, permission: async () => 'granted' },
		});
		const proxy = step(r.steps, 'proxy');
		assert.equal(proxy.code, 'proxy.tls');
		assert.match(proxy.fix ?? '', new RegExp(`http://127\\.0\\.0\\.1:${p.port}`));
		const elsewhere = calls.filter((c) => !c.url.startsWith(https));
		assert.deepEqual(
			elsewhere.map((c) => [c.mode, c.method, Object.keys(c.headers)]),
			[['no-cors', 'GET', []]],
			'the only request to http:// is a no-cors GET without headers',
		);
	});

	test('CLI: proxy.tls', async () => {
		plain ??= startLiteLLMServer({ scenario: 'ready' });
		const p = await plain;
		const r = await run({ baseUrl: `https://127.0.0.1:${p.port}` });
		assert.equal(step(r.steps, 'proxy').code, 'proxy.tls');
	});
});

describe('doctor prints no terminal sequence a proxy sent', () => {
	const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
	test('text mode: model ids with OSC 52, OSC 8, CSI, C1, BEL and CR are shown escaped', async () => {
		const s = await hostile('esc-models');
		const out = await runProcess(
			process.execPath,
			[DOCTOR, '--base-url', s.url, '--key', MASTER_KEY],
			{
				env: { ...process.env, NO_COLOR: '1' },
			},
		);
		assert.equal(out.code, 0, out.stderr);
		assert.doesNotMatch(out.stdout, CONTROL);
		assert.match(out.stdout, /\\e\]52;c;ZWNobyBvd25lZA==\\aclip/);
		assert.match(out.stdout, /\\e\[2J\\e\[Hclear/);
		assert.match(out.stdout, /\\e\]8;;https:\/\/evil\.invalid\/\\e\\link/);
		assert.match(out.stdout, /\\u\{9b\}31mred/);
		assert.match(out.stdout, /fake\\rbedrock/);
	});

	test('JSON mode keeps the ids as data (escaped by JSON, exact after parsing)', async () => {
		const s = await hostile('esc-models');
		const out = await runProcess(
			process.execPath,
			[DOCTOR, '--base-url', s.url, '--key', MASTER_KEY, '--json'],
			{ env: { ...process.env, NO_COLOR: '1' } },
		);
		assert.doesNotMatch(out.stdout, CONTROL);
		const report = JSON.parse(out.stdout) as { steps: StepResult[] };
		const list =
			step(report.steps, 'models').details?.find((d) => d.value.includes('clip'))?.value ?? '';
		for (const id of ESC_MODEL_IDS) assert.ok(list.includes(id), JSON.stringify(id));
	});
});
