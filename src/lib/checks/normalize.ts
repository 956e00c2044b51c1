/**
 * Input normalisation of the check engine: the Base URL and the API key as a
 * participant types or pastes them, plus key masking and redaction.
 *
 * Every change made to the input yields a note `{ code, message }` the UI shows, so
 * the participant learns what Cline's Base URL should look like.
 */
import { PHRASES, renderMessage } from './messages.ts';
import type { InputNote, Lang, NormalizedKey, NormalizedUrl } from './types.ts';

/**
 * Ports the Fetch standard blocks ("bad port"): browsers and undici refuse them
 * before connecting. Source: https://fetch.spec.whatwg.org/#port-blocking
 */
const BAD_PORTS = new Set([
	1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102,
	103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465,
	512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993,
	995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668,
	6669, 6679, 6697, 10080,
]);

/**
 * API paths participants paste by mistake (from the curl check, Cline's /v1 habit, the
 * admin UI); removed so the Base URL ends at host and port. Longest first.
 */
const ENDPOINT_SUFFIXES = [
	'/v1/chat/completions',
	'/chat/completions',
	'/v1/model/info',
	'/model/info',
	'/health/liveliness',
	'/health/readiness',
	'/health/liveness',
	'/v1/models',
	'/models',
	'/ui',
];

/**
 * True for host names a browser puts in the loopback address space:
 * `localhost`, `*.localhost`, 127.0.0.0/8, `[::1]`.
 */
export function isLoopbackHostname(hostname: string): boolean {
	const h = hostname.toLowerCase().replace(/\.$/, '');
	return (
		h === 'localhost' ||
		h.endsWith('.localhost') ||
		h === '[::1]' ||
		h === '::1' ||
		/^127(\.\d{1,3}){3}$/.test(h)
	);
}

function note(code: string, lang: Lang, params: Record<string, string | number> = {}): InputNote {
	return { code, message: renderMessage(code, lang, params).message };
}

/** Message and fix as one text: Japanese sentences join without a space. */
function joinSentences(lang: Lang, message: string, fix?: string): string {
	if (!fix) return message;
	return `${message}${PHRASES[lang].sentenceGap}${fix}`;
}

function fail(
	code: string,
	lang: Lang,
	params: Record<string, string | number> = {},
): NormalizedUrl {
	const { message, fix } = renderMessage(code, lang, params);
	return { ok: false, code, message: joinSentences(lang, message, fix) };
}

/**
 * Normalises a Base URL as typed for Cline and the checks.
 *
 * Changes, each with a note: trims; full-width characters to ASCII by Unicode NFKC
 * (`url.fullwidth`: `ｌｏｃａｌｈｏｓｔ：４０００`); adds a missing `http://` (`url.scheme_added`);
 * `0.0.0.0` / `[::]` → `localhost` (`url.zero_host`: the proxy listens there, clients
 * call localhost); removes a trailing `/` (`url.trailing_slash`), a trailing `/v1`
 * (`url.v1_stripped`: Cline's Base URL has none) and a pasted API path such as
 * `/v1/models` (`url.endpoint_stripped`). Notes without a change: `url.no_port`,
 * `url.https_loopback`. A path prefix other than those (a reverse proxy's) is kept.
 *
 * Rejects (ok: false) with a code: `url.empty`, `url.invalid` (not a URL, spaces,
 * `http:/x`), `url.scheme` (not http/https), `url.credentials` (`user:pass@`),
 * `url.query` (`?` or `#`), `url.unsafe_port` (a port fetch refuses).
 *
 * @param raw the text from the input or the CLI flag
 * @param lang language of messages (default 'ja')
 * @returns `{ ok: true, url, notes }` with `url` like 'http://localhost:4000' (no
 *   trailing slash), or `{ ok: false, code, message }` (message includes the fix)
 */
export function normalizeBaseUrl(raw: string, lang: Lang = 'ja'): NormalizedUrl {
	const notes: InputNote[] = [];
	let text = String(raw ?? '').trim();
	if (text === '') return fail('url.empty', lang);
	// A Japanese IME in full-width mode types `ｈｔｔｐ：／／ｌｏｃａｌｈｏｓｔ：４０００`:
	// NFKC makes it ASCII (full-width space becomes a space, rejected below).
	const halfWidth = text.normalize('NFKC').trim();
	if (halfWidth !== text) {
		notes.push(note('url.fullwidth', lang));
		text = halfWidth;
	}
	const shown = text.length > 80 ? `${text.slice(0, 80)}…` : text;
	if (/\s/.test(text)) return fail('url.invalid', lang, { raw: shown });

	const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
	if (scheme) {
		if (!/^https?$/i.test(scheme[1]))
			return fail('url.scheme', lang, { scheme: `${scheme[1]}://` });
	} else {
		// `http:/x`, `http:x`: a mistyped scheme, not a host called "http".
		if (/^https?:/i.test(text)) return fail('url.invalid', lang, { raw: shown });
		// `localhost:4000`, `127.0.0.1:4000/`: no scheme at all.
		text = `http://${text}`;
		notes.push(note('url.scheme_added', lang));
	}

	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return fail('url.invalid', lang, { raw: shown });
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:')
		return fail('url.scheme', lang, { scheme: `${url.protocol}//` });
	if (url.username || url.password || /^[^/]*\/\/[^/]*@/.test(text))
		return fail('url.credentials', lang);
	if (url.search || url.hash || /[?#]/.test(text)) return fail('url.query', lang);
	if (!url.hostname) return fail('url.invalid', lang, { raw: shown });

	let host = url.hostname;
	if (host === '0.0.0.0' || host === '[::]') {
		notes.push(note('url.zero_host', lang, { from: host }));
		host = 'localhost';
	}
	if (url.port && BAD_PORTS.has(Number(url.port)))
		return fail('url.unsafe_port', lang, { port: url.port });

	let path = url.pathname;
	if (path.length > 1 && path.endsWith('/')) {
		notes.push(note('url.trailing_slash', lang));
	} else if (path === '/' && /\/$/.test(text)) {
		notes.push(note('url.trailing_slash', lang));
	}
	path = path.replace(/\/+$/, '');
	const lower = path.toLowerCase();
	const endpoint = ENDPOINT_SUFFIXES.find((s) => lower.endsWith(s));
	if (endpoint) {
		notes.push(
			note('url.endpoint_stripped', lang, { path: path.slice(path.length - endpoint.length) }),
		);
		path = path.slice(0, path.length - endpoint.length).replace(/\/+$/, '');
	}
	if (/\/v1$/i.test(path)) {
		notes.push(note('url.v1_stripped', lang));
		path = path.slice(0, -3).replace(/\/+$/, '');
	}

	if (!url.port) notes.push(note('url.no_port', lang, { scheme: url.protocol.slice(0, -1) }));
	if (url.protocol === 'https:' && isLoopbackHostname(host))
		notes.push(note('url.https_loopback', lang));

	const port = url.port ? `:${url.port}` : '';
	return { ok: true, url: `${url.protocol}//${host}${port}${path}`, notes };
}

/**
 * Normalises an API key as pasted: trims; takes the value out of a pasted
 * `LITELLM_MASTER_KEY="…"` line (`key.assignment_stripped`); removes surrounding
 * quotes (`key.quotes_stripped`) and a leading `Bearer ` (`key.bearer_stripped`).
 * An empty result is allowed (the check then sends no key and LiteLLM answers
 * 401 "No api key passed in.").
 *
 * Rejects (ok: false, code `key.invalid_chars`) keys with characters outside
 * printable ASCII or with spaces inside: a full-width character makes `fetch`
 * throw on the `Authorization` header before anything is sent.
 *
 * @returns `{ ok: true, key, notes }` or `{ ok: false, code, message }`; the
 *   message never contains the key.
 */
export function normalizeApiKey(raw: string, lang: Lang = 'ja'): NormalizedKey {
	const notes: InputNote[] = [];
	let key = String(raw ?? '').trim();
	const assignment = /^(?:export\s+)?LITELLM_MASTER_KEY\s*=\s*(.*)$/i.exec(key);
	if (assignment) {
		key = assignment[1]
			.trim()
			.replace(/^(["'])(.*)\1$/, '$2')
			.trim();
		notes.push(note('key.assignment_stripped', lang));
	} else if (/^(["']).*\1$/.test(key) && key.length >= 2) {
		key = key.slice(1, -1).trim();
		notes.push(note('key.quotes_stripped', lang));
	}
	if (/^bearer\s+/i.test(key)) {
		key = key.replace(/^bearer\s+/i, '');
		notes.push(note('key.bearer_stripped', lang));
	}
	if (key !== '' && !/^[\x21-\x7e]+$/.test(key)) {
		const { message, fix } = renderMessage('key.invalid_chars', lang);
		return { ok: false, code: 'key.invalid_chars', message: joinSentences(lang, message, fix) };
	}
	return { ok: true, key, notes };
}

/**
 * Shortest key, in characters, treated as a credential: `maskKey` shows 4 + 4 of it and
 * `redactKey` masks it wherever it occurs. Shorter keys (a typo, a test value such as
 * `a`) are shown as '…' only and handled by `redactKey`'s short-key rule.
 */
export const CREDENTIAL_MIN_LENGTH = 12;

/**
 * The key as it may be shown or printed: first 4 and last 4 characters, e.g.
 * 'sk-litellm-test-key' → 'sk-l…-key'. Keys under `CREDENTIAL_MIN_LENGTH` (12)
 * characters show as '…' only, so the mask never contains a whole key; the empty key gives ''.
 */
export function maskKey(key: string): string {
	if (!key) return '';
	if (key.length < CREDENTIAL_MIN_LENGTH) return '…';
	return `${key.slice(0, 4)}…${key.slice(-4)}`;
}

/** Characters of a word for `redactKey`: a key next to one of these is glued to it. */
const WORD_CHAR = /[A-Za-z0-9_-]/;
const isWordChar = (c: string | undefined): boolean => c !== undefined && WORD_CHAR.test(c);

/** Start indexes of every occurrence of `key` in `text`, overlapping ones included. */
function occurrences(text: string, key: string): number[] {
	const out: number[] = [];
	for (let i = text.indexOf(key); i !== -1; i = text.indexOf(key, i + 1)) out.push(i);
	return out;
}

/**
 * Removes the API key from text that came from the proxy before it reaches a message,
 * the CLI output or JSON. LiteLLM prints keys that do not start with `sk-` verbatim
 * in its 401 "… Received API Key = sk-...<last 4>, Key Hash (Token) =<key>. …"
 * message (it hashes only `sk-` keys: litellm/proxy/auth/user_api_key_auth.py of the
 * fixtures' commit; the replay server's `invalidTokenReply` derives it).
 *
 * Goal: the key never appears in the result, and nothing in the result points at it
 * (a '…' put where an ordinary word was would tell which word the key is). Rule
 * (comparison is case-sensitive, as LiteLLM compares keys; a "word" is a run of
 * `[A-Za-z0-9_-]`):
 *
 * - Empty key: the text is returned unchanged.
 * - Key of `CREDENTIAL_MIN_LENGTH` (12) characters or more: every occurrence, wherever
 *   it stands (alone, in a URL, glued to other text, overlapping another one), is
 *   replaced together with the word characters glued to it by `maskKey(key)` (first and
 *   last 4 characters, as the Cline settings show it): `=my-secret-team-key.` →
 *   `=my-s…-key.`. A 12-character match is the key, not an ordinary word; taking the
 *   whole word means no text next to the mask completes it. (A 12+ character key that
 *   is also an ordinary word, e.g. `Authentication`, is masked there too; the mask
 *   shows no more of it than the Cline settings card does.)
 * - Shorter key (too short to be a credential; it may well be an ordinary word or a
 *   letter): an occurrence inside a longer word (a word character right before or
 *   after it, e.g. the `a` of "Authentication", `test` in `sk-litellm-test-key`) is
 *   ordinary text and left alone. If the key stands on its own anywhere (no word
 *   character on either side, as in LiteLLM's `=<key>.`), the whole text is replaced
 *   by the `key.text_withheld` notice: showing it would show the key, and masking
 *   that one spot would reveal which word it is. Otherwise, LiteLLM's abbreviation
 *   `sk-...<last 4 characters>` is shortened to `sk-...…`, since the last 4 characters
 *   are half or more of such a key.
 *
 * @param text proxy-supplied text (error message, body, model id)
 * @param key the key used in the run (normalised)
 * @param lang language of the `key.text_withheld` notice (default 'ja')
 * @returns the text without the key; the notice when the text had to be withheld
 */
export function redactKey(text: string, key: string, lang: Lang = 'ja'): string {
	if (!key || !text) return text;
	const starts = occurrences(text, key);
	if (key.length >= CREDENTIAL_MIN_LENGTH) {
		if (starts.length === 0) return text;
		// Merge the occurrences (overlapping ones too) and widen each span over the word
		// characters glued to it, then replace every span by the mask.
		const spans: [number, number][] = [];
		for (const s of starts) {
			let a = s;
			let b = s + key.length;
			while (isWordChar(text[a - 1])) a--;
			while (isWordChar(text[b])) b++;
			const last = spans.at(-1);
			if (last && a <= last[1]) last[1] = Math.max(last[1], b);
			else spans.push([a, b]);
		}
		let out = '';
		let at = 0;
		for (const [a, b] of spans) {
			out += text.slice(at, a) + maskKey(key);
			at = b;
		}
		return out + text.slice(at);
	}
	const standsAlone = starts.some(
		(s) => !isWordChar(text[s - 1]) && !isWordChar(text[s + key.length]),
	);
	if (standsAlone) return renderMessage('key.text_withheld', lang).message;
	if (key.length > 4) {
		const tail = key.slice(-4);
		return text.split(`sk-...${tail}`).reduce((acc, part, i) => {
			if (i === 0) return part;
			// only where the 4 characters end the abbreviation (not the start of a longer word)
			return isWordChar(part[0]) ? `${acc}sk-...${tail}${part}` : `${acc}sk-...…${part}`;
		});
	}
	return text;
}
