/**
 * Unit tests of the stored progress (src/lib/progress/store.ts) and of the help report
 * formatter (src/lib/report/help-report.ts): shapes kept and dropped, verdicts replaced,
 * marks on the chart's nodes, and no key anywhere, not even one a proxy echoed back.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Verdict } from '../../src/lib/checks/verdict.ts';
import { serviceNodes } from '../../src/lib/nav/graph.ts';
import {
	MAX_STEPS,
	MAX_TEXT,
	PROGRESS_STORAGE_KEY,
	clearProgress,
	emptyProgress,
	nodeMarks,
	parseProgress,
	readProgress,
	recordChoice,
	recordVerdict,
	recordVisit,
	scrubSecrets,
	serializeProgress,
	verdictText,
	writeProgress,
	type ProgressStorage,
} from '../../src/lib/progress/store.ts';
import { formatHelpReport } from '../../src/lib/report/help-report.ts';

const KEY = 'sk-litellm-test-key';

function memoryStorage(): ProgressStorage & { data: Map<string, string> } {
	const data = new Map<string, string>();
	return {
		data,
		getItem: (k) => data.get(k) ?? null,
		setItem: (k, v) => void data.set(k, v),
		removeItem: (k) => void data.delete(k),
	};
}

const failed: Verdict = {
	service: 'litellm',
	ok: false,
	code: 'key.rejected_no_db',
	at: '2026-12-02T07:30:00.000Z',
	baseUrl: 'http://localhost:4000',
	steps: [
		{
			id: 'proxy',
			label: 'Proxy の起動',
			status: 'ok',
			code: 'proxy.ok',
			message: '応答しました。',
			ms: 3.4,
		},
		{
			id: 'key',
			label: 'API キー',
			status: 'fail',
			code: 'key.rejected_no_db',
			// A proxy that echoes the key back in its error text.
			message: `Authentication Error, Invalid proxy server token passed. Received API Key = ${KEY}, Bearer ${KEY}`,
			ms: 12,
		},
		{
			id: 'models',
			label: 'モデル',
			status: 'skipped',
			code: 'models.skipped',
			message: '',
			ms: 0,
		},
	],
	version: '1.81.0',
};
const green: Verdict = {
	...failed,
	ok: true,
	code: null,
	at: '2026-12-02T07:35:00.000Z',
	steps: failed.steps.map((s) => ({ ...s, status: 'ok', code: `${s.id}.ok`, message: 'OK' })),
};

describe('progress store', () => {
	it('scrubSecrets removes sk-… keys and bearer tokens, keeps other text', () => {
		assert.equal(scrubSecrets(`key ${KEY} end`), 'key [削除] end');
		assert.equal(scrubSecrets(`Authorization: Bearer abcdef123`), 'Authorization: Bearer [削除]');
		assert.equal(scrubSecrets('proxy.ok 応答しました (sk-)'), 'proxy.ok 応答しました (sk-)');
	});

	it('records visits, choices and the latest verdict per service, round-trips through JSON', () => {
		let p = emptyProgress();
		p = recordVisit(p, 'A', '2026-12-02T07:00:00.000Z');
		p = recordChoice(p, { account: 'D', runtime: 'ec2' });
		p = recordChoice(p, { account: 'C' });
		p = recordVerdict(p, failed, { title: 'LiteLLM ワークショップ', path: '/workshops/litellm/' });
		assert.deepEqual(
			p.choice,
			{ account: 'C', runtime: 'ec2' },
			'an account page keeps the runtime',
		);
		assert.equal(p.verdicts.litellm?.code, 'key.rejected_no_db');
		p = recordVerdict(p, green);
		assert.equal(p.verdicts.litellm?.ok, true, 'the later verdict replaces the earlier');
		assert.equal(p.verdicts.litellm?.code, null);
		assert.deepEqual(parseProgress(serializeProgress(p)), p);
	});

	it('never stores the key, and bounds texts and steps', () => {
		const long: Verdict = {
			...failed,
			steps: Array.from({ length: 30 }, (_, i) => ({
				...failed.steps[1]!,
				id: `s${i}`,
				message: `${KEY} ${'あ'.repeat(1000)}`,
			})),
		};
		const p = recordVerdict(emptyProgress(), long);
		const text = serializeProgress(p);
		assert.ok(!text.includes(KEY), 'no key in the stored record');
		assert.ok(!text.includes('litellm-test-key'), 'not even a part of it');
		assert.equal(p.verdicts.litellm!.steps.length, MAX_STEPS);
		for (const s of p.verdicts.litellm!.steps) assert.ok(s.message.length <= MAX_TEXT);
	});

	it('parseProgress drops what has the wrong shape and never throws', () => {
		assert.deepEqual(parseProgress('not json'), emptyProgress());
		assert.deepEqual(parseProgress('[1,2]'), emptyProgress());
		const p = parseProgress(
			JSON.stringify({
				visited: {
					A: '2026-12-02T07:00:00.000Z',
					B: 'yesterday',
					'<x>': '2026-12-02T07:00:00.000Z',
				},
				choice: { account: 'C', runtime: 'mars' },
				verdicts: { litellm: { ok: 'yes' }, mlflow: { ...green, service: 'mlflow' } },
			}),
		);
		assert.deepEqual(Object.keys(p.visited), ['A']);
		assert.deepEqual(p.choice, { account: 'C' });
		assert.deepEqual(Object.keys(p.verdicts), ['mlflow']);
	});

	it('nodeMarks: visited pages, and the service node with its verdict (which wins)', () => {
		let p = recordVisit(emptyProgress(), 'K', '2026-12-02T07:00:00.000Z');
		p = recordVisit(p, 'M', '2026-12-02T07:01:00.000Z');
		p = recordVerdict(p, failed);
		const marks = nodeMarks(p, serviceNodes, 'UTC');
		assert.deepEqual(marks.get('K'), { state: 'visited', text: '訪問済み' });
		assert.deepEqual(marks.get('M'), {
			state: 'failed',
			text: '確認: 失敗 key.rejected_no_db（12/2 07:30）',
		});
		assert.equal(verdictText(recordVerdict(p, green).verdicts.litellm!, 'UTC'), 'OK（12/2 07:35）');
		assert.equal(marks.has('A'), false);
	});

	it('readProgress / writeProgress / clearProgress use the given storage and survive its absence', () => {
		const storage = memoryStorage();
		assert.deepEqual(readProgress(storage), emptyProgress());
		const p = recordVisit(emptyProgress(), 'A', '2026-12-02T07:00:00.000Z');
		assert.equal(writeProgress(p, storage), true);
		assert.ok(storage.data.has(PROGRESS_STORAGE_KEY));
		assert.deepEqual(readProgress(storage), p);
		assert.equal(clearProgress(storage), true);
		assert.deepEqual(readProgress(storage), emptyProgress());
		const broken: ProgressStorage = {
			getItem: () => {
				throw new Error('denied');
			},
			setItem: () => {
				throw new Error('full');
			},
			removeItem: () => {
				throw new Error('denied');
			},
		};
		assert.deepEqual(readProgress(broken), emptyProgress());
		assert.equal(writeProgress(p, broken), false);
		assert.equal(clearProgress(broken), false);
		assert.equal(writeProgress(p, undefined), false);
	});
});

describe('help report', () => {
	const base = {
		page: { title: 'LiteLLM ワークショップ', path: '/cline-workshop/workshops/litellm/' },
		path: '概要 › Workshop Studio › Amazon EC2 › ワークショップ一覧 › LiteLLM',
		serviceLabel: 'LiteLLM Proxy',
		userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0',
		now: '2026-12-02T07:40:00.000Z',
	};

	it('lists page, path, every step with code, message and ms, version, browser and time; no key', () => {
		const stored = recordVerdict(emptyProgress(), failed).verdicts.litellm;
		const text = formatHelpReport({ ...base, verdict: stored, source: 'live' });
		assert.equal(
			text,
			[
				'【ワークショップ ヘルプ用レポート】',
				'ページ: LiteLLM ワークショップ (/cline-workshop/workshops/litellm/)',
				'道順: 概要 › Workshop Studio › Amazon EC2 › ワークショップ一覧 › LiteLLM',
				'確認: LiteLLM Proxy',
				'結果: 失敗 (key.rejected_no_db) 2026-12-02T07:30:00.000Z',
				'Base URL: http://localhost:4000',
				'LiteLLM バージョン: 1.81.0',
				'手順:',
				'- Proxy の起動: OK proxy.ok 3 ms',
				'  応答しました。',
				'- API キー: 失敗 key.rejected_no_db 12 ms',
				'  Authentication Error, Invalid proxy server token passed. Received API Key = [削除], Bearer [削除]',
				'- モデル: スキップ models.skipped 0 ms',
				'ブラウザー: Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0',
				'作成日時: 2026-12-02T07:40:00.000Z',
			].join('\n'),
		);
	});

	it('scrubs a key even when handed one directly (defence in depth), and says when the verdict is stored', () => {
		const raw = { ...failed, page: undefined } as unknown as Parameters<
			typeof formatHelpReport
		>[0]['verdict'];
		const text = formatHelpReport({
			...base,
			path: `概要 ${KEY}`,
			verdict: raw,
			source: 'stored',
		});
		assert.ok(!text.includes(KEY));
		assert.ok(!/sk-[A-Za-z0-9]{4,}/.test(text));
		assert.match(text, /ページを読み込み直したため/);
	});

	it('without a verdict it says the check has not run', () => {
		const text = formatHelpReport({ ...base, verdict: undefined, source: 'stored' });
		assert.match(text, /結果: まだ確認していません/);
		assert.doesNotMatch(text, /手順:/);
	});
});
