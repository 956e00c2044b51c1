/**
 * `npm run doctor -- --service …` through each service's scenarios (ready, nothing
 * listening, timeout, not that service, wrong key where there is one), the same codes
 * and exit statuses as the pages; `--json` names the service; `--service all`.
 * In-process (`main` with captured streams) to keep the suite light.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, describe, test } from 'node:test';
import { main } from '../../scripts/doctor.ts';
import { startLangfuseServer, type LangfuseServer } from '../support/langfuse-server.ts';
import {
	closedPortUrl,
	startLiteLLMServer,
	type LiteLLMServer,
	type Scenario,
} from '../support/litellm-server.ts';

const servers = new Map<string, Promise<LiteLLMServer | LangfuseServer>>();
function litellm(scenario: Scenario): Promise<LiteLLMServer> {
	if (!servers.has(scenario)) servers.set(scenario, startLiteLLMServer({ scenario }));
	return servers.get(scenario) as Promise<LiteLLMServer>;
}
function web(): Promise<LangfuseServer> {
	if (!servers.has('lf')) servers.set('lf', startLangfuseServer('ready'));
	return servers.get('lf') as Promise<LangfuseServer>;
}
after(async () => {
	for (const s of servers.values()) await (await s).close();
});

async function doctor(args: string[]): Promise<{ code: number; out: string; err: string }> {
	let out = '';
	let err = '';
	const sink = (add: (s: string) => void) =>
		new Writable({
			write(chunk, _enc, done) {
				add(String(chunk));
				done();
			},
		});
	const code = await main(args, {
		stdout: sink((s) => (out += s)),
		stderr: sink((s) => (err += s)),
		env: { NO_COLOR: '1' },
	});
	return { code, out, err };
}
const json = async (args: string[]) => {
	const r = await doctor([...args, '--json']);
	return { ...r, report: JSON.parse(r.out) };
};
const codes = (report: { steps: { code: string }[] }) => report.steps.map((s) => s.code);

describe('doctor --service', () => {
	test('mlflow ready → exit 0, service named in --json', async () => {
		const s = await litellm('mlflow');
		const r = await json(['--service', 'mlflow', '--base-url', s.url]);
		assert.equal(r.code, 0);
		assert.equal(r.report.service, 'mlflow');
		assert.equal(r.report.version, '1.81.0');
		assert.deepEqual(codes(r.report), ['proxy.ok', 'key.ok', 'models.ok', 'cline.prompt_caching']);
	});

	test("mlflow pointed at 2.litellm's proxy → models.other_workshop, exit 1", async () => {
		const s = await litellm('workshop');
		const r = await json(['--service', 'mlflow', '--base-url', s.url]);
		assert.equal(r.code, 1);
		assert.equal(r.report.steps[2].code, 'models.other_workshop');
	});

	test('mlflow wrong key → key.rejected_no_db, the key never printed', async () => {
		const s = await litellm('mlflow');
		const r = await doctor([
			'--service',
			'mlflow',
			'--base-url',
			s.url,
			'--key',
			'sk-wrong-1234567',
		]);
		assert.equal(r.code, 1);
		assert.match(r.out, /5\.mlflow\/\.env/);
		assert.ok(!r.out.includes('sk-wrong-1234567'));
	});

	test('mlflow nothing listening → proxy.unreachable with the 4001 forward in the text', async () => {
		const url = await closedPortUrl();
		const r = await doctor(['--service', 'mlflow', '--base-url', url]);
		assert.equal(r.code, 1);
		assert.match(r.out, /"portNumber":\["4001"\]/);
	});

	test('mlflow timeout → proxy.timeout', async () => {
		const s = await litellm('slow');
		const r = await json(['--service', 'mlflow', '--base-url', s.url, '--timeout', '300']);
		assert.equal(r.report.steps[0].code, 'proxy.timeout');
	});

	test('langfuse ready → web.ok, proxy.ok, callbacks.ok', async () => {
		const [w, s] = [await web(), await litellm('langfuse')];
		const r = await json([
			'--service',
			'langfuse',
			'--base-url',
			s.url,
			'--url',
			`langfuseWeb=${w.url}`,
		]);
		assert.equal(r.code, 0);
		assert.deepEqual(codes(r.report), ['web.ok', 'proxy.ok', 'callbacks.ok']);
	});

	test('langfuse without update-config → callbacks.missing, exit 1', async () => {
		const [w, s] = [await web(), await litellm('workshop')];
		const r = await json([
			'--service',
			'langfuse',
			'--base-url',
			s.url,
			'--url',
			`langfuseWeb=${w.url}`,
		]);
		assert.equal(r.code, 1);
		assert.equal(r.report.steps[2].code, 'callbacks.missing');
	});

	test('langfuse web not listening → web.unreachable with the 3000 forward', async () => {
		const [url, s] = [await closedPortUrl(), await litellm('langfuse')];
		const r = await doctor([
			'--service',
			'langfuse',
			'--base-url',
			s.url,
			'--url',
			`langfuseWeb=${url}`,
		]);
		assert.equal(r.code, 1);
		assert.match(r.out, /"portNumber":\["3000"\]/);
	});

	test('langfuse: LiteLLM port answers something else → proxy.not_litellm', async () => {
		const [w, s] = [await web(), await litellm('html')];
		const r = await json([
			'--service',
			'langfuse',
			'--base-url',
			s.url,
			'--url',
			`langfuseWeb=${w.url}`,
		]);
		assert.equal(r.report.steps[1].code, 'proxy.not_litellm');
	});

	test('vscode nothing listening → reach.unreachable with the 8080→18080 forward', async () => {
		const url = await closedPortUrl();
		const r = await doctor(['--service', 'vscode', '--base-url', url]);
		assert.equal(r.code, 1);
		assert.match(r.out, /"portNumber":\["8080"\]/);
	});

	test('litellm-ui ready → reach.answers', async () => {
		const s = await litellm('workshop');
		const r = await json(['--service', 'litellm-ui', '--base-url', s.url]);
		assert.equal(r.code, 0);
		assert.deepEqual(codes(r.report), ['reach.answers']);
	});

	test('--service all prints one object per service', async () => {
		const r = await json(['--service', 'all', '--timeout', '300']);
		assert.deepEqual(
			r.report.services.map((x: { service: string }) => x.service),
			['litellm', 'mlflow', 'langfuse', 'litellm-ui', 'vscode'],
		);
		assert.equal(
			r.report.ok,
			r.report.services.every((x: { ok: boolean }) => x.ok),
		);
		assert.equal(r.code, r.report.ok ? 0 : 1);
	});

	test('unknown service, bad --url, --base-url with all → exit 2', async () => {
		assert.equal((await doctor(['--service', 'nope'])).code, 2);
		assert.match((await doctor(['--service', 'nope'])).err, /litellm、mlflow/);
		assert.equal((await doctor(['--service', 'langfuse', '--url', 'oops'])).code, 2);
		assert.equal((await doctor(['--service', 'all', '--base-url', 'http://localhost:1'])).code, 2);
	});
});
