/**
 * Input normalisation of the check engine: Base URL table, API key handling, masking
 * and redaction, and the message catalog's completeness.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { maskKey, messages, normalizeApiKey, normalizeBaseUrl, redactKey, renderMessage } from '../../src/lib/checks/index.ts';
import { catalogKey } from '../../src/lib/checks/messages.ts';

describe('normalizeBaseUrl', () => {
	const ok: [string, string, string[]][] = [
		['http://localhost:4000', 'http://localhost:4000', []],
		['  http://localhost:4000  ', 'http://localhost:4000', []],
		['http://localhost:4000/', 'http://localhost:4000', ['url.trailing_slash']],
		['http://localhost:4000/v1', 'http://localhost:4000', ['url.v1_stripped']],
		['http://localhost:4000/v1/', 'http://localhost:4000', ['url.trailing_slash', 'url.v1_stripped']],
		['http://LOCALHOST:4000/V1', 'http://localhost:4000', ['url.v1_stripped']],
		['localhost:4000', 'http://localhost:4000', ['url.scheme_added']],
		['127.0.0.1:4000/', 'http://127.0.0.1:4000', ['url.scheme_added', 'url.trailing_slash']],
		['http://0.0.0.0:4000', 'http://localhost:4000', ['url.zero_host']],
		['0.0.0.0:4000/v1', 'http://localhost:4000', ['url.scheme_added', 'url.zero_host', 'url.v1_stripped']],
		['http://[::]:4000', 'http://localhost:4000', ['url.zero_host']],
		['http://[::1]:4000', 'http://[::1]:4000', []],
		['http://localhost:4000/v1/models', 'http://localhost:4000', ['url.endpoint_stripped']],
		['http://localhost:4000/models', 'http://localhost:4000', ['url.endpoint_stripped']],
		['http://localhost:4000/v1/chat/completions', 'http://localhost:4000', ['url.endpoint_stripped']],
		['http://localhost:4000/health/liveliness', 'http://localhost:4000', ['url.endpoint_stripped']],
		['http://localhost:4000/ui/', 'http://localhost:4000', ['url.trailing_slash', 'url.endpoint_stripped']],
		['http://localhost:4000/litellm/v1', 'http://localhost:4000/litellm', ['url.v1_stripped']],
		['http://localhost', 'http://localhost', ['url.no_port']],
		['https://localhost:4000', 'https://localhost:4000', ['url.https_loopback']],
		['https://litellm.example.com', 'https://litellm.example.com', ['url.no_port']],
		['HTTP://localhost:4000', 'http://localhost:4000', []],
	];
	for (const [raw, url, notes] of ok) {
		test(`${JSON.stringify(raw)} → ${url} ${notes.join(' ')}`, () => {
			const r = normalizeBaseUrl(raw);
			assert.ok(r.ok, JSON.stringify(r));
			assert.equal(r.url, url);
			assert.deepEqual(r.notes.map((n) => n.code), notes);
			for (const n of r.notes) assert.ok(n.message.length > 0);
		});
	}

	test('normalisation is idempotent', () => {
		for (const [raw] of ok) {
			const once = normalizeBaseUrl(raw);
			assert.ok(once.ok);
			const twice = normalizeBaseUrl(once.url);
			assert.ok(twice.ok);
			assert.equal(twice.url, once.url);
			assert.deepEqual(twice.notes.map((n) => n.code).filter((c) => c !== 'url.no_port' && c !== 'url.https_loopback'), []);
		}
	});

	const bad: [string, string][] = [
		['', 'url.empty'],
		['   ', 'url.empty'],
		['ftp://localhost:4000', 'url.scheme'],
		['file:///etc/passwd', 'url.scheme'],
		['ws://localhost:4000', 'url.scheme'],
		['javascript:alert(1)', 'url.invalid'],
		['http:/localhost:4000', 'url.invalid'],
		['http://local host:4000', 'url.invalid'],
		['localhost：4000', 'url.invalid'],
		['http://localhost:99999', 'url.invalid'],
		['http://user:pass@localhost:4000', 'url.credentials'],
		['http://sk-litellm-test-key@localhost:4000', 'url.credentials'],
		['http://localhost:4000/?key=sk-1', 'url.query'],
		['http://localhost:4000/#x', 'url.query'],
		['http://localhost:4000?', 'url.query'],
		['http://localhost:6000', 'url.unsafe_port'],
		['http://localhost:22', 'url.unsafe_port'],
	];
	for (const [raw, code] of bad) {
		test(`${JSON.stringify(raw)} is rejected with ${code}`, () => {
			const r = normalizeBaseUrl(raw);
			assert.equal(r.ok, false);
			assert.equal(!r.ok && r.code, code);
			assert.ok(!r.ok && r.message.length > 0);
		});
	}

	test('messages are Japanese by default and English on request', () => {
		const ja = normalizeBaseUrl('http://localhost:4000/v1');
		const en = normalizeBaseUrl('http://localhost:4000/v1', 'en');
		assert.ok(ja.ok && en.ok);
		assert.match(ja.notes[0].message, /Cline の Base URL には \/v1 を付けません/);
		assert.match(en.notes[0].message, /Cline's Base URL has no \/v1/);
		const bad = normalizeBaseUrl('ftp://x');
		assert.ok(!bad.ok && /http:\/\/ か https:\/\//.test(bad.message));
	});

	test('a credential in the URL is never echoed back', () => {
		const r = normalizeBaseUrl('http://sk-litellm-test-key@localhost:4000');
		assert.ok(!r.ok && !r.message.includes('sk-litellm-test-key'));
	});
});

describe('normalizeApiKey', () => {
	const ok: [string, string, string[]][] = [
		['sk-litellm-test-key', 'sk-litellm-test-key', []],
		['  sk-litellm-test-key\n', 'sk-litellm-test-key', []],
		['Bearer sk-litellm-test-key', 'sk-litellm-test-key', ['key.bearer_stripped']],
		['bearer   sk-1', 'sk-1', ['key.bearer_stripped']],
		['"sk-litellm-test-key"', 'sk-litellm-test-key', ['key.quotes_stripped']],
		['LITELLM_MASTER_KEY="sk-litellm-test-key"', 'sk-litellm-test-key', ['key.assignment_stripped']],
		['export LITELLM_MASTER_KEY=sk-abc', 'sk-abc', ['key.assignment_stripped']],
		['', '', []],
	];
	for (const [raw, key, notes] of ok) {
		test(`${JSON.stringify(raw)} → ${JSON.stringify(key)}`, () => {
			const r = normalizeApiKey(raw);
			assert.ok(r.ok);
			assert.equal(r.key, key);
			assert.deepEqual(r.notes.map((n) => n.code), notes);
		});
	}
	for (const raw of ['ｓｋ-litellm-test-key', 'sk-litellm test-key', 'sk-litellm-test-key\u3000x', 'sk-é', 'sk-\u0000a']) {
		test(`${JSON.stringify(raw)} → key.invalid_chars, without echoing the key`, () => {
			const r = normalizeApiKey(raw);
			assert.equal(r.ok, false);
			assert.equal(!r.ok && r.code, 'key.invalid_chars');
			assert.ok(!r.ok && !r.message.includes(raw.trim()));
		});
	}
});

describe('maskKey / redactKey', () => {
	test('masks long keys to 4 + 4 characters and short keys completely', () => {
		assert.equal(maskKey('sk-litellm-test-key'), 'sk-l…-key');
		assert.equal(maskKey('sk-short'), '…');
		assert.equal(maskKey(''), '');
	});

	test('redactKey removes every occurrence, and the mask never contains the key', () => {
		for (const key of ['sk-litellm-test-key', 'wrong-key', 'ab', 'my-secret-team-key']) {
			const text = `Received API Key = ${key}, Key Hash (Token) =${key}. (${key})`;
			const red = redactKey(text, key);
			assert.ok(!red.includes(key), key);
		}
		assert.equal(redactKey('nothing here', ''), 'nothing here');
	});
});

describe('message catalog', () => {
	const placeholders = (t: string | undefined) => [...(t ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

	test('every entry has ja and en with the same parameters', () => {
		for (const [code, entry] of Object.entries(messages)) {
			assert.deepEqual(placeholders(entry.ja.message), placeholders(entry.en.message), `${code} message`);
			assert.deepEqual(placeholders(entry.ja.fix), placeholders(entry.en.fix), `${code} fix`);
			assert.equal(!!entry.ja.fix, !!entry.en.fix, `${code} fix in both languages`);
		}
	});

	test('texts are plain text (no HTML) and Japanese sentences end with 。 or ？', () => {
		for (const [code, entry] of Object.entries(messages)) {
			for (const t of [entry.ja.message, entry.ja.fix, entry.en.message, entry.en.fix]) {
				if (t) assert.doesNotMatch(t, /<[a-z/!]/i, code);
			}
			if (entry.ja.message) assert.match(entry.ja.message, /[。？…]$|\{detail\}$/, code);
			if (entry.ja.fix) assert.match(entry.ja.fix, /。$/, code);
		}
	});

	test('every code the engine emits has an entry', () => {
		const src = ['engine.ts', 'normalize.ts'].map((f) => readFileSync(new URL(`../../src/lib/checks/${f}`, import.meta.url), 'utf8')).join('\n');
		const literal = [...src.matchAll(/'((?:proxy|key|models|cline|chat|fallback|url)\.[a-z_]+)'/g)].map((m) => m[1]);
		assert.ok(literal.length > 30);
		for (const code of literal) assert.ok(catalogKey(code), `no message for ${code}`);
		// Codes built from a step and a verdict (`${step}.${verdict}` in engine.ts):
		for (const step of ['key', 'cline', 'chat', 'fallback']) {
			for (const v of ['timeout', 'unreachable', 'cors_blocked', 'not_litellm']) assert.ok(catalogKey(`${step}.${v}`), `${step}.${v}`);
		}
		for (const step of ['chat', 'fallback']) {
			for (const s of ['invalid_model', 'access_denied', 'inference_profile', 'bedrock_model_invalid', 'throttled', 'credentials_expired', 'credentials_invalid', 'credentials_missing', 'no_deployments', 'key_rejected', 'call_failed']) {
				assert.ok(catalogKey(`${step}.${s}`), `${step}.${s}`);
			}
		}
	});

	test('renderMessage fills parameters and refuses unknown codes', () => {
		assert.equal(renderMessage('proxy.ok', 'ja', { baseUrl: 'http://localhost:4000' }).message, 'LiteLLM Proxy が http://localhost:4000 で応答しました。');
		assert.throws(() => renderMessage('proxy.nope', 'ja'), /No message/);
	});
});
