/**
 * Text a terminal shows but never executes: proxy-supplied strings (model ids, error
 * messages) may carry escape sequences — OSC 52 writes the clipboard, OSC 8 makes a
 * hidden hyperlink, CSI 2J clears the screen, CR overwrites a line — so the CLI's text
 * output prints every control character as a visible escape. Pure, no Node APIs.
 */

/**
 * C0 controls (U+0000–U+001F, tab included), DEL (U+007F), C1 controls
 * (U+0080–U+009F, e.g. U+009B, a one-character CSI) and the line and paragraph
 * separators U+2028/U+2029, plus the bidirectional overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069) that reorder what a line seems to say.
 */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Short names for the common ones; every other control is written `\u{XX}`. */
const NAMED: Readonly<Record<string, string>> = {
	'\u001b': '\\e',
	'\r': '\\r',
	'\n': '\\n',
	'\t': '\\t',
	'\u0007': '\\a',
	'\b': '\\b',
};

/**
 * Shows control characters as escapes, so printing `text` moves no cursor, sets no
 * title, writes no clipboard and opens no link.
 *
 * @param text any string (e.g. a model id from `/v1/models`)
 * @returns `text` with each control character replaced, e.g. ESC → `\e`,
 *   BEL → `\a`, CR → `\r`, U+009B → `\u{9b}`; a backslash stays as it is
 * @example escapeControls('\u001b]52;c;SGVsbG8=\u0007') === '\\e]52;c;SGVsbG8=\\a'
 */
export function escapeControls(text: string): string {
	return text.replace(
		CONTROLS,
		(c) => NAMED[c] ?? `\\u{${c.codePointAt(0)!.toString(16).padStart(2, '0')}}`,
	);
}

/** Controls `JSON.stringify` leaves as they are: DEL, C1, separators, bidi controls. */
const JSON_UNESCAPED = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text with no control character left raw: `JSON.stringify` escapes U+0000–U+001F
 * but not DEL, the C1 controls (U+009B is a one-character CSI) or the bidi controls;
 * these become `\uXXXX` escapes, so the text parses to the same value.
 *
 * @param json output of `JSON.stringify`
 */
export function escapeJsonControls(json: string): string {
	return json.replace(JSON_UNESCAPED, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
