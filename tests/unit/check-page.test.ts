/** The check element's pure parts: origin guard, summary, permission query, verdict. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
	originGuardedFetch,
	queryLocalNetworkPermission,
	summarize,
	toVerdict,
} from '../../src/lib/checks/page.ts';
import type { CheckReport } from '../../src/lib/checks/types.ts';

const seen: string[] = [];
const okFetch = (async (input: RequestInfo | URL) => {
	seen.push(String(input));
	return new Response('ok');
}) as typeof fetch;
const guard = originGuardedFetch(
	'http://localhost:4000',
	['http://localhost:3000'],
	okFetch,
	'https://workshop.example.com/page/',
);

const report = (over: Partial<CheckReport> = {}): CheckReport => ({
	ok: false,
	service: 'mlflow',
	input: { baseUrl: 'http://localhost:4001', model: 'm', notes: [] },
	steps: [
		{ id: 'proxy', status: 'ok', code: 'proxy.ok', message: '応答しました。', ms: 3 },
		{ id: 'key', status: 'fail', code: 'key.rejected_no_db', message: '拒否されました。', ms: 4 },
		{
			id: 'models',
			status: 'skipped',
			code: 'models.skipped',
			message: '実行していません。',
			ms: 0,
		},
	],
	...over,
});

describe('origin guard', () => {
	test('the key origin gets anything, with the key', async () => {
		await guard('http://localhost:4000/v1/models', { headers: { authorization: 'Bearer sk-x' } });
		assert.ok(seen.includes('http://localhost:4000/v1/models'));
	});
	test('an extra origin gets requests without a key header only', async () => {
		await guard('http://localhost:3000/api/public/health');
		assert.ok(seen.includes('http://localhost:3000/api/public/health'));
		await assert.rejects(
			guard('http://localhost:3000/x', { headers: { 'x-litellm-api-key': 'sk-x' } }),
			TypeError,
		);
		await assert.rejects(
			guard('http://localhost:3000/x', { headers: { Authorization: 'Bearer sk-x' } }),
			TypeError,
		);
	});
	test('every other origin is refused before anything is sent', async () => {
		const before = seen.length;
		await assert.rejects(guard('https://evil.example/steal'), /not the proxy origin/);
		await assert.rejects(guard('http://localhost:40000/v1/models'), TypeError);
		await assert.rejects(guard('/relative/to/the/page'), TypeError);
		assert.equal(seen.length, before);
	});
});

describe('summary', () => {
	test('names the first failing row with its message', () => {
		assert.equal(
			summarize(report(), (id) => `[${id}]`),
			'問題が見つかりました（失敗 1 件）。[key]: 拒否されました。',
		);
	});
	test('all passed: mentions the Cline card only when there is one', () => {
		const cline = { provider: 'LiteLLM' as const, baseUrl: 'b', apiKey: 'k', modelId: 'm' };
		const ok = report({ ok: true, steps: [report().steps[0]], cline });
		assert.match(summarize(ok, String), /Cline の設定/);
		assert.doesNotMatch(summarize(ok, String, false), /Cline/);
		const warn = report({ ok: true, steps: [{ ...report().steps[0], status: 'warn' }] });
		assert.match(summarize(warn, String), /注意 1 件/);
	});
});

describe('permission query', () => {
	test('loopback-network first, local-network-access next, unsupported otherwise', async () => {
		const asked: string[] = [];
		const perms = (known: string | null) =>
			({
				query: async ({ name }: { name: string }) => {
					asked.push(name);
					if (name !== known) throw new TypeError('unknown');
					return { state: 'prompt' };
				},
			}) as unknown as Permissions;
		assert.equal((await queryLocalNetworkPermission(perms('loopback-network'))).state, 'prompt');
		assert.equal(
			(await queryLocalNetworkPermission(perms('local-network-access'))).state,
			'prompt',
		);
		assert.equal((await queryLocalNetworkPermission(perms(null))).state, 'unsupported');
		assert.equal((await queryLocalNetworkPermission(undefined)).state, 'unsupported');
		assert.deepEqual(asked.slice(0, 3), [
			'loopback-network',
			'loopback-network',
			'local-network-access',
		]);
	});
});

describe('verdict', () => {
	test('service, first failing code, steps with labels, version; never the key', () => {
		const at = new Date('2026-12-02T00:00:00Z');
		const cline = { provider: 'LiteLLM' as const, baseUrl: 'b', apiKey: 'sk-secret', modelId: 'm' };
		const v = toVerdict(report({ version: '1.81.0', cline }), (id) => `L-${id}`, at);
		assert.equal(v.service, 'mlflow');
		assert.equal(v.code, 'key.rejected_no_db');
		assert.equal(v.version, '1.81.0');
		assert.equal(v.at, '2026-12-02T00:00:00.000Z');
		assert.deepEqual(
			v.steps.map((s) => [s.id, s.label, s.status]),
			[
				['proxy', 'L-proxy', 'ok'],
				['key', 'L-key', 'fail'],
				['models', 'L-models', 'skipped'],
			],
		);
		assert.ok(!JSON.stringify(v).includes('sk-secret'));
		assert.equal(toVerdict(report({ ok: true, steps: [] }), String).code, null);
	});
});
