/**
 * The generic runner with a fake two-and-a-half-step catalogue entry: order, the first
 * failing step stopping the later ones, token steps only on request, independent
 * steps started together, the per-request timeout, template filling, abort.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { send } from '../../src/lib/checks/http.ts';
import { defineStep, planService, runService } from '../../src/lib/checks/runner/run.ts';
import type { RunBase, ServiceDef } from '../../src/lib/checks/runner/types.ts';
import type { StepResult } from '../../src/lib/checks/types.ts';

interface FakeCtx extends RunBase {
	started: string[];
	/** Step id → what it does. */
	plan: Record<string, 'ok' | 'down' | 'slow' | 'warn'>;
}
const step = defineStep<FakeCtx>();
const texts = (ja: string, en: string) => ({ ja: { message: ja }, en: { message: en } });

function fakeStep(id: string, extra: { costsTokens?: boolean; prerequisite?: boolean } = {}) {
	return step({
		id,
		label: { ja: `段階 ${id}`, en: `step ${id}` },
		...extra,
		outcomes: {
			ok: { status: 'ok', ...texts('{name} は動いています。', '{name} works.') },
			warn: { status: 'warn', ...texts('{name} に注意があります。', '{name} has a warning.') },
			down: {
				status: 'fail',
				...texts('{name} は止まっています。', '{name} is down.'),
				code: 'stopped',
			},
			timeout: { status: 'fail', ...texts('{name} が応答しません。', '{name} does not answer.') },
		},
		async run(ctx) {
			ctx.started.push(id);
			const what = ctx.plan[id] ?? 'ok';
			if (what === 'slow') {
				// A request the fetch never answers: bounded by the run's timeout.
				const r = await send(ctx.http, 'http://fake.invalid/', {}, ctx.timeoutMs);
				return { id: r.kind === 'timeout' ? 'timeout' : 'ok', params: { name: id } };
			}
			await new Promise((r) => setTimeout(r, 5));
			return { id: what, params: { name: id } };
		},
	});
}

function fake(plan: FakeCtx['plan'], started: string[] = []): ServiceDef<FakeCtx> {
	return {
		id: 'fake',
		title: { ja: '偽物', en: 'Fake' },
		intro: { ja: '偽物を確認します。', en: 'Checks the fake.' },
		page: 'fake/',
		defaultBaseUrl: 'http://localhost:9',
		inputs: {},
		steps: [
			fakeStep('a', { prerequisite: true }),
			fakeStep('b'),
			fakeStep('c'),
			fakeStep('t', { costsTokens: true }),
		],
		context: (base) => ({ ...base, started, plan }),
	};
}

const neverFetch = ((_: unknown, init: RequestInit = {}) =>
	new Promise((_, reject) =>
		init.signal?.addEventListener('abort', () => reject(init.signal!.reason), { once: true }),
	)) as typeof fetch;

const run = (
	service: ServiceDef<FakeCtx>,
	more: { steps?: string[]; onStep?: (s: StepResult) => void; lang?: 'en' } = {},
) =>
	runService(service, {
		baseUrl: 'http://localhost:9',
		apiKey: '',
		model: '',
		fetch: neverFetch,
		timeoutMs: 200,
		...more,
	});

describe('runner with a fake catalogue entry', () => {
	test('plan: default leaves token steps out; asking for one adds the prerequisites', () => {
		assert.deepEqual(planService(fake({})), ['a', 'b', 'c']);
		assert.deepEqual(planService(fake({}), ['t']), ['a', 't']);
		assert.deepEqual(planService(fake({}), ['c', 'nope']), ['a', 'c']);
	});

	test('all ok: rows in order, texts filled from the table, service named', async () => {
		const r = await run(fake({}));
		assert.equal(r.ok, true);
		assert.equal(r.service, 'fake');
		assert.deepEqual(
			r.steps.map((s) => [s.id, s.status, s.code, s.message]),
			[
				['a', 'ok', 'a.ok', 'a は動いています。'],
				['b', 'ok', 'b.ok', 'b は動いています。'],
				['c', 'ok', 'c.ok', 'c は動いています。'],
			],
		);
	});

	test('the first failing step stops the later ones; a variant reports its code', async () => {
		const seen: string[] = [];
		const r = await run(fake({ b: 'down' }), { onStep: (s) => seen.push(`${s.id}:${s.status}`) });
		assert.equal(r.ok, false);
		assert.deepEqual(
			r.steps.map((s) => s.code),
			['a.ok', 'b.stopped', 'c.skipped'],
		);
		assert.deepEqual(seen, [
			'a:pending',
			'b:pending',
			'c:pending',
			'a:running',
			'a:ok',
			'b:running',
			'b:fail',
			'c:skipped',
		]);
	});

	test('a later failure does not hide an earlier one: the verdict names the first in order', async () => {
		const r = await run(fake({ b: 'down', c: 'down' }));
		assert.deepEqual(
			r.steps.map((s) => s.status),
			['ok', 'fail', 'skipped'],
		);
	});

	test('steps that spend no tokens start together; a warning does not stop the run', async () => {
		const started: string[] = [];
		const r = await run(fake({ a: 'warn' }, started));
		// all three started before the first (5 ms) finished
		assert.deepEqual(started, ['a', 'b', 'c']);
		assert.equal(r.ok, true);
		assert.equal(r.steps[0].status, 'warn');
	});

	test('token steps run only when asked, and only after every earlier step passed', async () => {
		const started: string[] = [];
		await run(fake({ a: 'down' }, started), { steps: ['t'] });
		assert.deepEqual(started, ['a']);
		const started2: string[] = [];
		const r = await run(fake({}, started2), { steps: ['t'] });
		assert.deepEqual(started2, ['a', 't']);
		assert.deepEqual(
			r.steps.map((s) => s.code),
			['a.ok', 't.ok'],
		);
	});

	test('every request is bounded by the timeout, even with a fetch that never answers', async () => {
		const r = await run(fake({ b: 'slow' }));
		assert.deepEqual(
			r.steps.map((s) => s.code),
			['a.ok', 'b.timeout', 'c.skipped'],
		);
	});

	test('English texts come from the same table', async () => {
		const r = await run(fake({}), { lang: 'en' });
		assert.equal(r.steps[0].message, 'a works.');
	});

	test("abort rejects with the signal's reason", async () => {
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 20);
		await assert.rejects(
			runService(fake({ a: 'slow' }), {
				baseUrl: 'http://localhost:9',
				apiKey: '',
				model: '',
				fetch: neverFetch,
				timeoutMs: 5000,
				signal: controller.signal,
			}),
			{ name: 'AbortError' },
		);
	});
});

// A misspelt outcome id is a type error (checked by `astro check` / tsc over the tests).
step({
	id: 'typo',
	label: { ja: '誤字', en: 'typo' },
	outcomes: { ok: { status: 'ok', ...texts('動いています。', 'works.') } },
	// @ts-expect-error 'okk' is not an outcome of this step
	run: async () => ({ id: 'okk' }),
});
