/**
 * Input normalisation of the check engine: Base URL table, API key handling, masking
 * and redaction, and the message catalog's completeness.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
	maskKey,
	messages,
	normalizeApiKey,
	normalizeBaseUrl,
	redactKey,
	renderMessage,
} from '../../src/lib/checks/index.ts';
import { catalogKey } from '../../src/lib/checks/messages.ts';
import type { OutcomeEntry } from '../../src/lib/checks/runner/types.ts';
import { SERVICES } from '../../src/lib/checks/services/index.ts';

describe('normalizeBaseUrl', () => {
	const ok: [string, string, string[]][] = [
		['http://localhost:4000', 'http://localhost:4000', []],
		['  http://localhost:4000  ', 'http://localhost:4000', []],
		['http://localhost:4000/', 'http://localhost:4000', ['url.trailing_slash']],
		['http://localhost:4000/v1', 'http://localhost:4000', ['url.v1_stripped']],
		[
			'http://localhost:4000/v1/',
			'http://localhost:4000',
			['url.trailing_slash', 'url.v1_stripped'],
		],
		['http://LOCALHOST:4000/V1', 'http://localhost:4000', ['url.v1_stripped']],
		['localhost:4000', 'http://localhost:4000', ['url.scheme_added']],
		['127.0.0.1:4000/', 'http://127.0.0.1:4000', ['url.scheme_added', 'url.trailing_slash']],
		['http://0.0.0.0:4000', 'http://localhost:4000', ['url.zero_host']],
		[
			'0.0.0.0:4000/v1',
			'http://localhost:4000',
			['url.scheme_added', 'url.zero_host', 'url.v1_stripped'],
		],
		['http://[::]:4000', 'http://localhost:4000', ['url.zero_host']],
		['http://[::1]:4000', 'http://[::1]:4000', []],
		['http://localhost:4000/v1/models', 'http://localhost:4000', ['url.endpoint_stripped']],
		['http://localhost:4000/models', 'http://localhost:4000', ['url.endpoint_stripped']],
		[
			'http://localhost:4000/v1/chat/completions',
			'http://localhost:4000',
			['url.endpoint_stripped'],
		],
		['http://localhost:4000/health/liveliness', 'http://localhost:4000', ['url.endpoint_stripped']],
		[
			'http://localhost:4000/ui/',
			'http://localhost:4000',
			['url.trailing_slash', 'url.endpoint_stripped'],
		],
		['http://localhost:4000/litellm/v1', 'http://localhost:4000/litellm', ['url.v1_stripped']],
		['http://localhost', 'http://localhost', ['url.no_port']],
		['https://localhost:4000', 'https://localhost:4000', ['url.https_loopback']],
		['https://litellm.example.com', 'https://litellm.example.com', ['url.no_port']],
		['HTTP://localhost:4000', 'http://localhost:4000', []],
		// Typed with a Japanese IME in full-width mode.
		['ｈｔｔｐ://localhost:4000', 'http://localhost:4000', ['url.fullwidth']],
		[
			'ｈｔｔｐ：／／ｌｏｃａｌｈｏｓｔ：４０００／ｖ１',
			'http://localhost:4000',
			['url.fullwidth', 'url.v1_stripped'],
		],
		['localhost：4000', 'http://localhost:4000', ['url.fullwidth', 'url.scheme_added']],
	];
	for (const [raw, url, notes] of ok) {
		test(`${JSON.stringify(raw)} → ${url} ${notes.join(' ')}`, () => {
			const r = normalizeBaseUrl(raw);
			assert.ok(r.ok, JSON.stringify(r));
			assert.equal(r.url, url);
			assert.deepEqual(
				r.notes.map((n) => n.code),
				notes,
			);
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
			assert.deepEqual(
				twice.notes
					.map((n) => n.code)
					.filter((c) => c !== 'url.no_port' && c !== 'url.https_loopback'),
				[],
			);
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
		['http://localhost\u30004000', 'url.invalid'], // a full-width space is still a space
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
		[
			'LITELLM_MASTER_KEY="sk-litellm-test-key"',
			'sk-litellm-test-key',
			['key.assignment_stripped'],
		],
		['export LITELLM_MASTER_KEY=sk-abc', 'sk-abc', ['key.assignment_stripped']],
		['', '', []],
	];
	for (const [raw, key, notes] of ok) {
		test(`${JSON.stringify(raw)} → ${JSON.stringify(key)}`, () => {
			const r = normalizeApiKey(raw);
			assert.ok(r.ok);
			assert.equal(r.key, key);
			assert.deepEqual(
				r.notes.map((n) => n.code),
				notes,
			);
		});
	}
	for (const raw of [
		'ｓｋ-litellm-test-key',
		'sk-litellm test-key',
		'sk-litellm-test-key\u3000x',
		'sk-é',
		'sk-\u0000a',
	]) {
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

	/** LiteLLM's 401 for a key not in its database (user_api_key_auth.py; tests/support/litellm-server.ts): non-`sk-` keys verbatim. */
	const echo = (key: string) =>
		`Authentication Error, Invalid proxy server token passed. Received API Key = sk-...${key.slice(-4)}, Key Hash (Token) =${key}. Unable to find token in cache or \`LiteLLM_VerificationTokenTable\``;
	const WITHHELD_JA = renderMessage('key.text_withheld', 'ja').message;

	test("a 1-character key does not mangle the proxy's words, and its echo withholds the text", () => {
		// 'a' inside "Authentication", "Invalid", "passed": ordinary text, left as it is
		const words = 'Authentication Error, Invalid proxy server token passed.';
		assert.equal(redactKey(words, 'a'), words);
		// the key standing on its own (LiteLLM's echo): no mask that would point at it, the text is withheld
		assert.equal(redactKey(echo('a'), 'a'), WITHHELD_JA);
		assert.equal(redactKey(echo('a'), 'a', 'en'), renderMessage('key.text_withheld', 'en').message);
		assert.ok(!redactKey(echo('a'), 'a').includes('…'));
	});

	test('a short key equal to a word of the text withholds the text instead of marking the word', () => {
		const text = 'Authentication Error, Invalid proxy server token passed.';
		for (const key of ['Invalid', 'Error', 'token', 'passed']) {
			const red = redactKey(text, key);
			assert.equal(red, WITHHELD_JA, key);
		}
		// case-sensitive: 'invalid' is not the key 'Invalid' → nothing to hide
		assert.equal(redactKey(text, 'invalid'), text);
	});

	test('a short key inside longer words (letters, digits, "-" or "_" around it) is left alone', () => {
		const text =
			'Unable to find token in cache or `LiteLLM_VerificationTokenTable` (sk-litellm-test-key)';
		for (const key of ['Table', 'test', 'litellm', 'LLM', 'cache_', 'sk-l']) {
			assert.equal(redactKey(text, key), text, key);
		}
	});

	test('a short key that is a part of a longer key is hidden only where it stands alone', () => {
		// "test" is a part of the master key sk-litellm-test-key; here it also stands alone after "="
		const text = 'master sk-litellm-test-key, token =test.';
		assert.equal(redactKey(text, 'test'), WITHHELD_JA);
	});

	test('LiteLLM\'s abbreviation "sk-...<last 4>" of a short sk- key is hidden (it would show half of the key)', () => {
		// sk- keys are hashed in the 401, only the abbreviation shows the key's last 4 characters
		const text =
			'Received API Key = sk-...rong, Key Hash (Token) =3f1c9e. Unable to find token in cache';
		const red = redactKey(text, 'sk-wrong');
		assert.ok(!red.includes('rong'), red);
		assert.match(red, /Received API Key = sk-\.\.\.…, Key Hash/);
	});

	test('a long key (12+ characters) is masked wherever it stands, as the whole word it is glued into', () => {
		const key = 'my-secret-team-key';
		assert.equal(redactKey(echo(key), key), echo(key).replace(`=${key}.`, '=my-s…-key.'));
		assert.equal(redactKey(`url?key=${key}&x=1`, key), 'url?key=my-s…-key&x=1');
		// glued to other word characters: the whole word goes, so nothing next to the mask extends it
		assert.equal(redactKey(`Bearer${key}_suffix done`, key), 'my-s…-key done');
		// a key that is the beginning of a longer public string
		assert.equal(
			redactKey('default sk-litellm-test-key here', 'sk-litellm-test'),
			'default sk-l…test here',
		);
	});

	test('overlapping occurrences of a long key leave no copy of it behind', () => {
		const key = 'a'.repeat(12);
		for (const n of [12, 13, 20, 24, 31]) {
			const red = redactKey(`x ${'a'.repeat(n)} y`, key);
			assert.ok(!red.includes(key), `${n}: ${red}`);
		}
		const k2 = 'abcabcabcabc';
		const red = redactKey(`=${'abc'.repeat(7)}.`, k2);
		assert.ok(!red.includes(k2), red);
	});

	test('whatever the key and text, the result never contains a (non-empty) key', () => {
		const texts = [
			echo('x'),
			'Authentication Error, Malformed API Key passed in. Ensure Key has `Bearer ` prefix.',
			'No connected db.',
			'abc abcabc a-b-c a_b_c a.b.c (abc) "abc"',
		];
		for (const key of [
			'a',
			'b',
			'abc',
			'Key',
			'No',
			'db',
			'.',
			'-',
			'sk-',
			'sk-wrong',
			'Bearer',
			'abcabcabcabc',
			'my-secret-team-key',
		]) {
			for (const t of [...texts, echo(key)]) {
				const red = redactKey(t, key);
				const standalone = new RegExp(
					`(^|[^A-Za-z0-9_-])${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_-])`,
				);
				assert.ok(!standalone.test(red), `${key} stands in ${red}`);
				if (key.length >= 12) assert.ok(!red.includes(key), `${key} in ${red}`);
			}
		}
	});
});

describe('message catalog', () => {
	const placeholders = (t: string | undefined) =>
		[...(t ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

	test('every entry has ja and en with the same parameters', () => {
		for (const [code, entry] of Object.entries(messages)) {
			assert.deepEqual(
				placeholders(entry.ja.message),
				placeholders(entry.en.message),
				`${code} message`,
			);
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

	test('every outcome of every catalogued step has texts in both languages with the same parameters', () => {
		let count = 0;
		for (const service of SERVICES) {
			for (const step of service.steps) {
				for (const [id, entry] of Object.entries(step.outcomes) as [string, OutcomeEntry][]) {
					const where = `${service.id}/${step.id}.${id}`;
					assert.ok(['ok', 'warn', 'fail'].includes(entry.status), where);
					if (id === 'input') continue; // texts rendered by normalizeBaseUrl / normalizeApiKey
					assert.ok(entry.ja.message && entry.en.message, `${where} message`);
					assert.deepEqual(placeholders(entry.ja.message), placeholders(entry.en.message), where);
					assert.deepEqual(placeholders(entry.ja.fix), placeholders(entry.en.fix), `${where} fix`);
					assert.equal(!!entry.ja.fix, !!entry.en.fix, `${where} fix in both languages`);
					for (const t of [entry.ja.message, entry.ja.fix, entry.en.message, entry.en.fix])
						if (t) assert.doesNotMatch(t, /<[a-z/!]/i, where);
					assert.match(entry.ja.message, /[。？…]$|\{detail\}$/, where);
					if (entry.ja.fix) assert.match(entry.ja.fix, /。$/, where);
					count++;
				}
			}
		}
		assert.ok(count > 60, `only ${count} outcomes`);
		// The input codes normalizeBaseUrl / normalizeApiKey return have texts too.
		for (const code of ['url.empty', 'url.invalid', 'url.scheme', 'key.invalid_chars'])
			assert.ok(catalogKey(code), code);
	});

	test('renderMessage fills parameters and refuses unknown codes', () => {
		assert.equal(
			renderMessage('proxy.ok', 'ja', { baseUrl: 'http://localhost:4000' }).message,
			'LiteLLM Proxy が http://localhost:4000 で応答しました。',
		);
		assert.throws(() => renderMessage('proxy.nope', 'ja'), /No message/);
	});
});
