/**
 * The Markdown plugin that puts the event's values (workshop.config.ts) into the
 * pages: every placeholder (`%%proxyBaseUrl%%` …, see ./placeholders.ts) in text,
 * inline code, fenced code (and its meta, e.g. `title="…"`), link, image and
 * definition URLs and titles, raw HTML and string attributes of MDX components is
 * replaced while the Markdown tree (mdast) is processed — before Expressive Code
 * and the links validator, which work on the HTML tree (hast) afterwards, so code
 * blocks, their copy buttons and validated links carry the value.
 * An unknown or broken placeholder throws a {@link PlaceholderError} naming the
 * page, line and column and the token: the build fails.
 *
 * Astro 7's default Markdown processor (also for MDX, with @astrojs/mdx 8) is
 * Sätteri, whose plugins are visitor objects (`mdastPlugins`); with
 * `markdown.processor: unified(…)` from @astrojs/markdown-remark it is a remark
 * plugin. {@link registerWorkshopValues} adds the right one to whichever processor
 * the Astro config has (the same way Starlight and Expressive Code register theirs).
 */
import type { MdastPluginDefinition, MdastVisitorContext } from 'satteri';
import { substitute, type PlaceholderValues } from './placeholders.ts';

/** The fields of an mdast node this plugin reads (a structural subset of mdast/MDX node types). */
export interface PlaceholderNode {
	type: string;
	value?: unknown;
	meta?: unknown;
	url?: unknown;
	title?: unknown;
	alt?: unknown;
	attributes?: unknown;
	children?: PlaceholderNode[];
	position?: { start?: { line?: number; column?: number } } | undefined;
}

/** String fields that may hold a placeholder, per mdast node type. */
const FIELDS: Record<string, readonly ('value' | 'meta' | 'url' | 'title' | 'alt')[]> = {
	text: ['value'],
	inlineCode: ['value'],
	code: ['value', 'meta'],
	html: ['value'],
	link: ['url', 'title'],
	image: ['url', 'title', 'alt'],
	definition: ['url', 'title'],
};

/** `file:///…/src/content/docs/x.mdx` → `src/content/docs/x.mdx` (relative to `root`), plus `:line:column`. */
function placeOf(
	node: PlaceholderNode,
	file: string | URL | undefined,
	root: string | undefined,
): string {
	let name =
		file === undefined
			? '(page)'
			: typeof file === 'string'
				? file
				: decodeURIComponent(file.pathname);
	if (root && name.startsWith(root)) name = name.slice(root.length).replace(/^\/+/, '');
	const start = node.position?.start;
	return start?.line ? `${name}:${start.line}:${start.column ?? 1}` : name;
}

/**
 * The replacements for one node: field name → new value, only for fields that changed.
 *
 * @param node an mdast node (text, inlineCode, code, html, link, image, definition,
 *   mdxJsxFlowElement, mdxJsxTextElement; other types yield nothing)
 * @param values from `placeholderValues(workshop)`
 * @param where the place for error messages, e.g. `src/content/docs/index.mdx:12:3`
 * @returns the changed fields, or `undefined` when nothing changes
 * @throws PlaceholderError for an unknown or broken placeholder
 */
export function replacementsFor(
	node: PlaceholderNode,
	values: PlaceholderValues,
	where: string,
): Record<string, unknown> | undefined {
	const changes: Record<string, unknown> = {};
	for (const field of FIELDS[node.type] ?? []) {
		const v = node[field];
		if (typeof v !== 'string') continue;
		const next = substitute(v, values, where);
		if (next !== v) changes[field] = next;
	}
	if (
		(node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') &&
		Array.isArray(node.attributes)
	) {
		let changed = false;
		const attributes = node.attributes.map(
			(a: { type?: string; name?: string; value?: unknown }) => {
				if (a?.type !== 'mdxJsxAttribute' || typeof a.value !== 'string') return a;
				const next = substitute(a.value, values, `${where} (attribute ${a.name})`);
				if (next === a.value) return a;
				changed = true;
				return { ...a, value: next };
			},
		);
		if (changed) changes.attributes = attributes;
	}
	return Object.keys(changes).length > 0 ? changes : undefined;
}

/** Options of both plugin forms. */
export interface WorkshopValuesOptions {
	/** From `placeholderValues(workshop)`. */
	values: PlaceholderValues;
	/** Absolute project directory, cut from file paths in error messages (optional). */
	root?: string;
}

/**
 * The Sätteri form (an `mdastPlugins` entry).
 *
 * @returns a visitor object; its visitors throw {@link PlaceholderError} (Astro then
 *   fails the build and shows the message)
 */
export function satteriWorkshopValues({
	values,
	root,
}: WorkshopValuesOptions): MdastPluginDefinition {
	const visit = (node: PlaceholderNode, ctx: MdastVisitorContext): void => {
		const changes = replacementsFor(node, values, placeOf(node, ctx.fileURL, root));
		if (!changes) return;
		if (changes.attributes) {
			// Sätteri cannot set `attributes` in place: replace the element (children pass through).
			ctx.replaceNode(
				node as Parameters<MdastVisitorContext['replaceNode']>[0],
				{ ...node, ...changes } as Parameters<MdastVisitorContext['replaceNode']>[1],
			);
			return;
		}
		for (const [key, value] of Object.entries(changes)) {
			// setProperty is typed per node type; the keys come from FIELDS and are valid for this node.
			(ctx.setProperty as (n: unknown, k: string, v: unknown) => void)(node, key, value);
		}
	};
	return {
		name: 'workshop-values',
		options: { position: true },
		text: visit,
		inlineCode: visit,
		code: visit,
		html: visit,
		link: visit,
		image: visit,
		definition: visit,
		mdxJsxFlowElement: visit,
		mdxJsxTextElement: visit,
	};
}

/**
 * The remark form (a unified `remarkPlugins` entry): `[remarkWorkshopValues, options]`.
 *
 * @returns a transformer that walks the whole tree and replaces in place
 */
export function remarkWorkshopValues({ values, root }: WorkshopValuesOptions) {
	return (tree: PlaceholderNode, file?: { path?: string }): void => {
		const walk = (node: PlaceholderNode): void => {
			const changes = replacementsFor(node, values, placeOf(node, file?.path, root));
			if (changes) Object.assign(node, changes);
			for (const child of node.children ?? []) walk(child);
		};
		walk(tree);
	};
}

/** The part of Astro's `config.markdown.processor` this module touches. */
interface ProcessorLike {
	name: string;
	options?: { mdastPlugins?: unknown[]; remarkPlugins?: unknown[] };
}

/**
 * Adds the plugin to Astro's Markdown processor (call from an integration's
 * `astro:config:setup` with `config.markdown.processor`; MDX uses the same processor).
 *
 * @param processor `config.markdown.processor`: Sätteri (`name: 'satteri'`, the
 *   default) or unified (`name: 'unified'`)
 * @throws Error when the processor is neither: the pages would keep their placeholders
 */
export function registerWorkshopValues(
	processor: ProcessorLike | undefined,
	options: WorkshopValuesOptions,
): void {
	if (processor?.name === 'satteri' && Array.isArray(processor.options?.mdastPlugins)) {
		processor.options.mdastPlugins.push(satteriWorkshopValues(options));
	} else if (processor?.name === 'unified' && Array.isArray(processor.options?.remarkPlugins)) {
		processor.options.remarkPlugins.push([remarkWorkshopValues, options]);
	} else {
		throw new Error(
			`workshop values: markdown.processor "${processor?.name}" is not supported; use Astro's default (Sätteri) or unified() from @astrojs/markdown-remark, or the pages keep their %%placeholders%%.`,
		);
	}
}
