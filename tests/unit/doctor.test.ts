/**
 * `npm run doctor` as a participant runs it: `node scripts/doctor.ts` is spawned
 * against the LiteLLM replay server in every scenario and a closed port. Asserted:
 * exit status (0 ready, 1 a check failed, 2 bad arguments or config), the `--json` shape and
 * codes, Japanese human output by default, and that the key never appears in any
 * output (the LiteLLM 401 with a database echoes non-`sk-` keys verbatim).
 */
import assert from 'node:assert/strict';
import {
	copyFileSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
	MASTER_KEY,
	closedPortUrl,
	startLiteLLMServer,
	type LiteLLMServer,
	type Scenario,
} from '../support/litellm-server.ts';
import { runProcess, type RunResult } from '../support/run.ts';

const DOCTOR = fileURLToPath(new URL('../../scripts/doctor.ts', import.meta.url));

type Run = RunResult;

/** Spawns the CLI with `args`; LITELLM_MASTER_KEY is removed unless given in `env`. */
function doctor(args: string[], env: Record<string, string> = {}): Promise<Run> {
	const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...env };
	if (!('LITELLM_MASTER_KEY' in env)) delete childEnv.LITELLM_MASTER_KEY;
	return runProcess(process.execPath, [DOCTOR, ...args], { env: childEnv });
}

// Promises, not servers: concurrent tests asking for the same scenario share one server.
const servers = new Map<Scenario, Promise<LiteLLMServer>>();
function server(scenario: Scenario): Promise<LiteLLMServer> {
	let s = servers.get(scenario);
	if (!s) servers.set(scenario, (s = startLiteLLMServer({ scenario })));
	return s;
}
after(async () => {
	for (const s of servers.values()) await (await s).close();
});

interface JsonOut {
	ok: boolean;
	input: { baseUrl: string; model: string; notes: { code: string }[] };
	steps: { id: string; status: string; code: string; message: string; ms: number }[];
	cline?: { apiKey: string; baseUrl: string; modelId: string };
}

const JAPANESE = /[\u3040-\u30ff]/;

describe('doctor CLI against the replay server', { concurrency: 4 }, () => {
	const cases: { scenario: Scenario | 'closed'; args?: string[]; exit: number; codes: string[] }[] =
		[
			{
				scenario: 'ready',
				exit: 0,
				codes: ['proxy.ok', 'key.ok', 'models.ok', 'cline.prompt_caching'],
			},
			{
				scenario: 'ready',
				args: ['--chat', '--fallback'],
				exit: 0,
				codes: [
					'proxy.ok',
					'key.ok',
					'models.ok',
					'cline.prompt_caching',
					'chat.ok',
					'fallback.ok',
				],
			},
			{
				scenario: 'ready',
				args: ['--key', 'sk-wrong'],
				exit: 1,
				codes: ['proxy.ok', 'key.rejected_no_db', 'models.skipped', 'cline.skipped'],
			},
			{
				scenario: 'ready',
				args: ['--model', 'us.anthropic.claude-3-7-sonnet-20250219-v1:0'],
				exit: 1,
				codes: ['proxy.ok', 'key.ok', 'models.bedrock_id', 'cline.skipped'],
			},
			{
				scenario: 'empty',
				exit: 1,
				codes: ['proxy.ok', 'key.ok', 'models.empty', 'cline.skipped'],
			},
			{
				scenario: 'no-model-list',
				exit: 1,
				codes: ['proxy.ok', 'key.ok', 'models.empty', 'cline.skipped'],
			},
			{
				scenario: 'wrong-key-db',
				args: ['--key', 'sk-other-key'],
				exit: 1,
				codes: ['proxy.ok', 'key.rejected', 'models.skipped', 'cline.skipped'],
			},
			{
				scenario: 'slow',
				args: ['--timeout', '300'],
				exit: 1,
				codes: ['proxy.timeout', 'key.skipped', 'models.skipped', 'cline.skipped'],
			},
			{
				scenario: 'html',
				exit: 1,
				codes: ['proxy.not_litellm', 'key.skipped', 'models.skipped', 'cline.skipped'],
			},
			{
				scenario: 'server-error',
				exit: 1,
				codes: ['proxy.ok', 'key.server_error', 'models.skipped', 'cline.skipped'],
			},
			{
				scenario: 'not-found',
				exit: 1,
				codes: ['proxy.not_litellm', 'key.skipped', 'models.skipped', 'cline.skipped'],
			},
			{
				scenario: 'closed',
				exit: 1,
				codes: ['proxy.unreachable', 'key.skipped', 'models.skipped', 'cline.skipped'],
			},
		];
	for (const c of cases) {
		test(`${c.scenario} ${(c.args ?? []).join(' ')} --json → exit ${c.exit}`, async () => {
			const url = c.scenario === 'closed' ? await closedPortUrl() : (await server(c.scenario)).url;
			const r = await doctor(['--base-url', url, '--json', ...(c.args ?? [])]);
			assert.equal(r.code, c.exit, r.stderr);
			const out = JSON.parse(r.stdout) as JsonOut;
			assert.equal(out.ok, c.exit === 0);
			assert.deepEqual(
				out.steps.map((s) => s.code),
				c.codes,
			);
			for (const s of out.steps) {
				assert.deepEqual(Object.keys(s).slice(0, 5), ['id', 'status', 'code', 'message', 'ms']);
				assert.equal(typeof s.ms, 'number');
			}
			assert.equal(out.input.baseUrl, url);
			if (c.exit === 0)
				assert.deepEqual(
					{ ...out.cline },
					{
						provider: 'LiteLLM',
						baseUrl: url,
						apiKey: 'sk-l…-key',
						modelId: 'bedrock-converse-us-claude-3-7-sonnet-v1',
						supportsPromptCaching: true,
					},
				);
			// The key in use is never printed. (Fixes may name the workshop's documented
			// default, sk-litellm-test-key, as the value to enter: checked only when it is not the key in use.)
			const used = c.args?.includes('--key') ? c.args[c.args.indexOf('--key') + 1] : MASTER_KEY;
			assert.ok(!r.stdout.includes(used) && !r.stderr.includes(used), 'the key is never printed');
		});
	}

	test('human output is Japanese by default, one line per step with mark and ms, fix after a failure', async () => {
		const s = await server('ready');
		const r = await doctor(['--base-url', s.url, '--key', 'sk-wrong']);
		assert.equal(r.code, 1);
		assert.match(r.stdout, JAPANESE);
		assert.match(r.stdout, /^✔ プロキシの起動  \d+ ms$/m);
		assert.match(r.stdout, /^✘ API キー  \d+ ms$/m);
		assert.match(r.stdout, /^  → 対処: .*LITELLM_MASTER_KEY/m);
		assert.match(r.stdout, /^– モデル一覧  スキップ$/m);
		assert.ok(!r.stdout.includes('sk-wrong'));
	});

	test('ready, human output: settings for Cline with the key masked', async () => {
		const s = await server('ready');
		const r = await doctor(['--base-url', `${s.url}/v1/`]);
		assert.equal(r.code, 0, r.stdout);
		assert.match(r.stdout, /準備ができています/);
		assert.match(r.stdout, /末尾の「\/v1」を取り除きました/);
		assert.match(r.stdout, new RegExp(`Base URL: ${s.url}$`, 'm'));
		assert.match(r.stdout, /API Key: {2}sk-l…-key$/m);
		assert.ok(!r.stdout.includes(MASTER_KEY));
	});

	test('input notes appear once each (the URL is normalised once), in --json and in the text output', async () => {
		const s = await server('ready');
		const cases: [string[], string[]][] = [
			[
				['--base-url', 'localhost', '--timeout', '500'],
				['url.scheme_added', 'url.no_port'],
			],
			[
				['--base-url', s.url.replace('http://', 'https://'), '--key', `Bearer ${MASTER_KEY}`],
				['url.https_loopback', 'key.bearer_stripped'],
			],
			[
				['--base-url', `${s.url.replace('http://', '')}/v1/`],
				['url.scheme_added', 'url.trailing_slash', 'url.v1_stripped'],
			],
		];
		for (const [args, notes] of cases) {
			const j = await doctor([...args, '--json']);
			assert.deepEqual(
				(JSON.parse(j.stdout) as JsonOut).input.notes.map((n) => n.code),
				notes,
				args.join(' '),
			);
			const t = await doctor(args);
			assert.equal(
				t.stdout.split('\n').filter((l) => l.startsWith('  ※ ')).length,
				notes.length,
				t.stdout,
			);
		}
	});

	test("output piped into a reader that stops early (| head): no EPIPE crash, exit status is the check's", async () => {
		const s = await server('ready');
		for (const [args, exit] of [
			[['--base-url', s.url], 0],
			[['--base-url', s.url, '--key', 'sk-wrong'], 1],
			[['--base-url', s.url, '--json'], 0],
		] as const) {
			const cmd = `"${process.execPath}" "${DOCTOR}" ${args.map((a) => `'${a}'`).join(' ')} | head -n 1; echo "exit=\${PIPESTATUS[0]}"`;
			const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
			delete env.LITELLM_MASTER_KEY;
			const r = await runProcess('bash', ['-c', cmd], { env });
			assert.equal(r.stderr, '', `nothing on stderr (${args.join(' ')})`);
			const lines = r.stdout.trim().split('\n');
			assert.equal(lines.length, 2, r.stdout);
			assert.equal(lines[1], `exit=${exit}`, args.join(' '));
		}
	});

	test('--lang en prints English', async () => {
		const s = await server('ready');
		const r = await doctor(['--base-url', s.url, '--lang', 'en']);
		assert.equal(r.code, 0);
		assert.match(r.stdout, /^✔ Proxy is up/m);
		assert.doesNotMatch(r.stdout, JAPANESE);
	});

	test('the key from LITELLM_MASTER_KEY is used and never printed; so is a non-sk key LiteLLM echoes', async () => {
		const s = await server('wrong-key-db');
		const ok = await doctor(['--base-url', s.url], { LITELLM_MASTER_KEY: MASTER_KEY });
		assert.equal(ok.code, 0);
		assert.match(ok.stdout, /環境変数 LITELLM_MASTER_KEY/);
		const secret = 'team-secret-key-123';
		for (const args of [
			['--base-url', s.url, '--key', secret],
			['--base-url', s.url, '--key', secret, '--json'],
		]) {
			const r = await doctor(args);
			assert.equal(r.code, 1);
			assert.match(r.stdout, /key\.rejected|キーが拒否されました/);
			assert.ok(
				!r.stdout.includes(secret) && !r.stderr.includes(secret),
				`key leaked with ${args.join(' ')}`,
			);
		}
		// The server did receive the key and echo it: the redaction is what hid it.
		const req = s.requests.filter((q) => q.headers.authorization === `Bearer ${secret}`);
		assert.ok(req.length >= 2);
	});
});

describe('doctor CLI argument errors exit 2', { concurrency: 4 }, () => {
	const bad: [string[], RegExp][] = [
		[['--bogus'], /--bogus/],
		[['--timeout', 'abc'], /--timeout/],
		[['--timeout', '0'], /--timeout/],
		[['--timeout', '1.5'], /--timeout/],
		[['--base-url', 'ftp://localhost:4000'], /--base-url/],
		[['--base-url', 'http://localhost:4000/?key=1'], /--base-url/],
		[['--key', 'ｓｋ-litellm-test-key'], /--key/],
		[['--lang', 'fr'], /--lang/],
		[['positional'], /positional|引数/],
	];
	for (const [args, re] of bad) {
		test(args.join(' '), async () => {
			const r = await doctor(args);
			assert.equal(r.code, 2);
			assert.match(r.stderr, re);
			assert.equal(r.stdout, '');
			assert.ok(!r.stderr.includes('ｓｋ-litellm-test-key'));
		});
	}

	test('a key with a space passed unquoted: the extra piece is never echoed (it is part of the key)', async () => {
		for (const args of [
			['--key', 'sk-super', 'secret-part'],
			['--key', 'sk-super', '-secret'],
			['--key', 'sk-super', '--secret-part'],
			['--json', '--', 'secret-part'],
		]) {
			const r = await doctor(args);
			assert.equal(r.code, 2, args.join(' '));
			assert.equal(r.stdout, '');
			for (const piece of ['secret', 'sk-super', "'-s'"])
				assert.ok(!r.stderr.includes(piece), `${args.join(' ')}: ${piece} in ${r.stderr}`);
			assert.match(r.stderr, /余分な引数があります（値は表示しません/);
			assert.match(r.stderr, /引用符/);
		}
		const en = await doctor(['--lang', 'en', '--key', 'sk-super', 'secret-part']);
		assert.match(en.stderr, /unexpected extra argument \(value hidden/);
		assert.ok(!en.stderr.includes('secret-part'));
	});

	test('an unknown flag is named; a flag value error names the flag only', async () => {
		const a = await doctor(['--bogus=some-value']);
		assert.equal(a.code, 2);
		assert.match(a.stderr, /不明なオプション --bogus/);
		assert.ok(!a.stderr.includes('some-value'));
		const short = await doctor(['-k', 'sk-some-key-value']);
		assert.equal(short.code, 2);
		assert.match(short.stderr, /不明なオプション -k です。短い形は -h だけです/);
		assert.ok(!short.stderr.includes('sk-some-key-value'));
		const b = await doctor(['--key']);
		assert.equal(b.code, 2);
		assert.match(b.stderr, /--key に値を指定してください/);
		const c = await doctor(['--json=yes']);
		assert.equal(c.code, 2);
		assert.match(c.stderr, /--json は値を取りません/);
		assert.ok(!c.stderr.includes('yes'));
	});

	test('an unusable key in LITELLM_MASTER_KEY is reported as the environment variable, not --key', async () => {
		const r = await doctor([], { LITELLM_MASTER_KEY: 'ｓｋ-litellm-test-key' });
		assert.equal(r.code, 2);
		assert.match(r.stderr, /環境変数 LITELLM_MASTER_KEY: API キーに使えない文字/);
		assert.doesNotMatch(r.stderr, /--key:/);
		assert.ok(!r.stderr.includes('ｓｋ-litellm-test-key'));
		const en = await doctor(['--lang', 'en'], { LITELLM_MASTER_KEY: 'sk bad' });
		assert.match(en.stderr, /env LITELLM_MASTER_KEY: The API key contains/);
		// the flag still wins and is named as the flag
		const flag = await doctor(['--key', 'ｓｋ-x'], { LITELLM_MASTER_KEY: MASTER_KEY });
		assert.match(flag.stderr, /--key: API キーに使えない文字/);
	});

	test('--help exits 0 and documents the flags', async () => {
		const r = await doctor(['--help']);
		assert.equal(r.code, 0);
		for (const flag of [
			'--base-url',
			'--key',
			'--model',
			'--timeout',
			'--json',
			'--chat',
			'--fallback',
			'--lang',
			'LITELLM_MASTER_KEY',
		]) {
			assert.ok(r.stdout.includes(flag), flag);
		}
	});
});

describe('doctor with an invalid workshop.config.ts', () => {
	test('exits 2 with the schema message naming the field, no stack trace, no request', async () => {
		// A project tree whose workshop.config.ts has a Base URL with /v1: scripts/doctor.ts
		// copied (it imports ../workshop.config.ts), src/ and node_modules/ linked.
		const root = fileURLToPath(new URL('../../', import.meta.url));
		const dir = mkdtempSync(join(tmpdir(), 'doctor-config-'));
		try {
			mkdirSync(join(dir, 'scripts'));
			copyFileSync(join(root, 'scripts/doctor.ts'), join(dir, 'scripts/doctor.ts'));
			symlinkSync(join(root, 'src'), join(dir, 'src'));
			symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
			copyFileSync(join(root, 'package.json'), join(dir, 'package.json'));
			const config = readFileSync(join(root, 'workshop.config.ts'), 'utf8');
			const broken = config.replace(
				/proxyBaseUrl: '[^']*'/,
				"proxyBaseUrl: 'http://localhost:4000/v1'",
			);
			assert.notEqual(broken, config);
			writeFileSync(join(dir, 'workshop.config.ts'), broken);
			const s = await server('ready');
			const before = s.requests.length;
			const r = await runProcess(
				process.execPath,
				[join(dir, 'scripts/doctor.ts'), '--base-url', s.url],
				{ env: { ...process.env, NO_COLOR: '1' } },
			);
			assert.equal(r.code, 2);
			assert.match(r.stderr, /workshop\.config\.ts の値が正しくありません/);
			assert.match(r.stderr, /at proxyBaseUrl/);
			assert.doesNotMatch(r.stderr, /^\s+at .*\.ts:\d+/m); // no stack frames
			assert.equal(r.stdout, '');
			assert.equal(s.requests.length, before);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
