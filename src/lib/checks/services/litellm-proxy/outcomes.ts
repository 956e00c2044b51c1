/**
 * Outcome tables of the LiteLLM Proxy steps, built from the message catalogue
 * (../../messages.ts, where the LiteLLM texts have lived since the first check): each
 * step lists its outcome ids with their status, and the texts are looked up once, at
 * import, so an id without a text fails every test that imports the catalogue.
 */
import { catalogKey, messages } from '../../messages.ts';
import type { FinalStatus, OutcomeEntry } from '../../runner/types.ts';

/** id → status, or [status, reported outcome] for a variant text of one code. */
type Spec<O extends string> = { readonly [K in O]: FinalStatus | readonly [FinalStatus, string] };

/**
 * The outcome table of LiteLLM step `step`: texts of `<step>.<id>` (or the shared
 * `*.<id>`) from the catalogue.
 *
 * @throws Error at import when an id has no text
 */
export function fromCatalog<O extends string>(
	step: string,
	spec: Spec<O>,
): Record<O, OutcomeEntry> {
	const table = {} as Record<O, OutcomeEntry>;
	for (const id of Object.keys(spec) as O[]) {
		const s = spec[id];
		const [status, code] = typeof s === 'string' ? [s, undefined] : s;
		const key = catalogKey(`${step}.${id}`);
		if (!key) throw new Error(`LiteLLM step ${step}: no message for ${id}`);
		const { ja, en } = messages[key];
		table[id] = code ? { status, ja, en, code } : { status, ja, en };
	}
	return table;
}

/** An outcome whose texts come from elsewhere (`Outcome.rendered`: input validation). */
export const RENDERED: OutcomeEntry = { status: 'fail', ja: { message: '' }, en: { message: '' } };
