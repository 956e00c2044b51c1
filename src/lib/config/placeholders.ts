/**
 * Placeholders for the event's values in page text: `%%proxyBaseUrl%%`,
 * `%%modelNames.1%%`, `%%configFiles.ec2%%` … are replaced at build time by the
 * values of workshop.config.ts, so no page hard-codes them.
 *
 * A placeholder is `%%` + a path into the config + `%%`: a top-level field
 * (`%%eventName%%`), a list entry by position from 0 (`%%modelNames.0%%`) or a nested
 * field (`%%configFiles.local%%`). Only string and number values can be placed.
 * Anything else that looks like a placeholder — an unknown name, a list or object
 * (`%%modelNames%%`), a token missing a `%` — is an error naming the place, so a typo
 * fails the build instead of reaching a participant.
 *
 * Pure TypeScript without dependencies: used by the Markdown plugin
 * (./markdown-plugin.ts), the content schema (src/content.config.ts) and the tests.
 */

/** A complete placeholder; group 1 is the path. */
const TOKEN = /%%([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)%%/g;

/** What is left of a broken placeholder after the complete ones are gone: `%%name` or `name%%`. */
const BROKEN = /%%[A-Za-z0-9_.]|[A-Za-z0-9_.]%%/;

/** The placeable values: placeholder path → text. */
export type PlaceholderValues = ReadonlyMap<string, string>;

/**
 * Flattens the config into placeholder paths: `eventName`, `modelNames.0` …,
 * `configFiles.ec2` …, `timeoutMs`. Lists and objects themselves get no entry
 * (they have no single text form).
 *
 * @param config the validated config (`workshop` of workshop.config.ts), or any
 *   plain object of strings, numbers, lists and objects
 */
export function placeholderValues(config: object): PlaceholderValues {
	const out = new Map<string, string>();
	const walk = (value: unknown, path: string): void => {
		if (typeof value === 'string') out.set(path, value);
		else if (typeof value === 'number' && Number.isFinite(value)) out.set(path, String(value));
		else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}.${i}`));
		else if (value !== null && typeof value === 'object') {
			for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
		}
	};
	walk(config, '');
	return out;
}

/** A placeholder that cannot be replaced; `message` names the place and the token. */
export class PlaceholderError extends Error {
	override name = 'PlaceholderError';
}

/** Why `path` is not a placeholder, with the nearest valid ones. */
function unknownMessage(path: string, values: PlaceholderValues): string {
	const children = [...values.keys()].filter((k) => k.startsWith(`${path}.`));
	if (children.length > 0) {
		return `%%${path}%% is a list or group, not one value; use one of ${children.map((k) => `%%${k}%%`).join(', ')}`;
	}
	const top = [...new Set([...values.keys()].map((k) => k.replace(/\.\d+$/, '.N')))];
	return `unknown placeholder %%${path}%%; known: ${top.map((k) => `%%${k}%%`).join(', ')} (workshop.config.ts)`;
}

/**
 * Result of {@link trySubstitute}: the replaced text, or the reason it failed.
 */
export type SubstituteResult =
	{ ok: true; text: string; replaced: number } | { ok: false; message: string };

/**
 * Replaces every placeholder in `text`.
 *
 * @param text any text: a Markdown text node, inline or fenced code, a URL, a title
 * @param values from {@link placeholderValues}
 * @returns `{ ok: true, text, replaced }` (`replaced` = number of placeholders; the
 *   text is returned unchanged when there are none) or `{ ok: false, message }` for
 *   the first unknown or broken placeholder.
 */
export function trySubstitute(text: string, values: PlaceholderValues): SubstituteResult {
	if (!text.includes('%%')) return { ok: true, text, replaced: 0 };
	let failure: string | undefined;
	let replaced = 0;
	const out = text.replace(TOKEN, (whole, path: string) => {
		const v = values.get(path);
		if (v === undefined) {
			failure ??= unknownMessage(path, values);
			return whole;
		}
		replaced++;
		return v;
	});
	if (failure) return { ok: false, message: failure };
	// Check what is left of the original text (not the values put in).
	const rest = text.replace(TOKEN, ' ');
	const broken = BROKEN.exec(rest);
	if (broken) {
		const at = Math.max(0, broken.index - 20);
		return {
			ok: false,
			message: `broken placeholder near "${rest.slice(at, broken.index + 22)}" (write %%name%%)`,
		};
	}
	return { ok: true, text: out, replaced };
}

/**
 * Like {@link trySubstitute} but throws.
 *
 * @param where the place for the message, e.g. `src/content/docs/index.mdx:12:3`
 * @throws PlaceholderError `<where>: <reason>` for an unknown or broken placeholder
 */
export function substitute(text: string, values: PlaceholderValues, where: string): string {
	const r = trySubstitute(text, values);
	if (!r.ok) throw new PlaceholderError(`${where}: ${r.message}`);
	return r.text;
}
