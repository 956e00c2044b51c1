/**
 * src/lib/checks/terminal.ts: what the CLI's text output makes of control characters,
 * and the JSON output's extra escapes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { escapeControls, escapeJsonControls } from '../../src/lib/checks/terminal.ts';

const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

describe('escapeControls', () => {
	const cases: [string, string, string][] = [
		['ESC alone', 'a\u001bb', 'a\\eb'],
		[
			'OSC 52 clipboard write (BEL-terminated)',
			'\u001b]52;c;SGVsbG8=\u0007',
			'\\e]52;c;SGVsbG8=\\a',
		],
		[
			'OSC 8 hyperlink (ST-terminated)',
			'\u001b]8;;https://evil.invalid/\u001b\\text\u001b]8;;\u001b\\',
			'\\e]8;;https://evil.invalid/\\e\\text\\e]8;;\\e\\',
		],
		['CSI clear screen and home', '\u001b[2J\u001b[H', '\\e[2J\\e[H'],
		['C1 CSI (U+009B)', '\u009b31m', '\\u{9b}31m'],
		['C1 OSC (U+009D) and ST (U+009C)', '\u009d0;title\u009c', '\\u{9d}0;title\\u{9c}'],
		['BEL', 'ding\u0007', 'ding\\a'],
		['CR overwriting the line', 'fake\rreal', 'fake\\rreal'],
		['LF, tab and backspace', 'a\nb\tc\bd', 'a\\nb\\tc\\bd'],
		['NUL and DEL', '\u0000\u007f', '\\u{00}\\u{7f}'],
		['bidi override', 'abc\u202edef', 'abc\\u{202e}def'],
	];
	for (const [name, input, want] of cases) {
		test(name, () => {
			const out = escapeControls(input);
			assert.equal(out, want);
			assert.doesNotMatch(out, ANY_CONTROL);
		});
	}
	test('plain text, Japanese and backslashes stay as they are', () => {
		for (const s of [
			'bedrock-converse-us-claude-3-7-sonnet-v1',
			'モデル一覧（3 件）',
			'C:\\path',
			'→ 対処:',
		])
			assert.equal(escapeControls(s), s);
	});
});

describe('escapeJsonControls', () => {
	test('C1, DEL and bidi controls become \\u escapes and the JSON parses back to the same value', () => {
		const value = { id: '\u009b31m\u007f\u202e\u001b]52;c;x\u0007' };
		const out = escapeJsonControls(JSON.stringify(value));
		assert.doesNotMatch(out, ANY_CONTROL);
		assert.doesNotMatch(out, /\u202e/);
		assert.deepEqual(JSON.parse(out), value);
	});
});
