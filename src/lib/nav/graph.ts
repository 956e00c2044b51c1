/**
 * The workshop's navigation graph: the ONE source of the flowchart shown on every
 * page, the 「次のステップ」 links (chart edges plus a few extra links onward that the
 * chart does not draw, {@link continueTo}), the Starlight `sidebar` and the paths the
 * tests walk.
 *
 * Source of the facts: the seed page's mermaid chart
 * (`/work/shared/seed/000_d67900b82400f8ae.txt`, section 「ドキュメント構成」) and
 * `/work/shared/manual-facts.md`, section "The navigation graph". Node ids are the
 * seed's (A B C ... CL ... S); edge labels are the seed's, character for character.
 *
 * Pure TypeScript (no Astro imports): imported by `astro.config.mjs` (sidebar), the
 * components in `src/components`, the overrides in `src/overrides`, the unit and e2e
 * tests and Node scripts. The data is validated with zod when this module is first
 * imported; invalid data throws `NavGraphError`, which fails the build.
 */
import { z } from 'zod';

/**
 * Sidebar groups, in sidebar order. A page node or an extra page names one of these
 * `key`s. `facilitators` holds pages for the people who run the event, outside the
 * participants' flowchart (see {@link extraPages}).
 */
export const sidebarGroups = [
	{ key: 'start', label: 'はじめに' },
	{ key: 'account', label: 'AWS アカウントの準備' },
	{ key: 'setup', label: '実行環境のセットアップ' },
	{ key: 'workshops', label: 'ワークショップ' },
	{ key: 'facilitators', label: '主催者向け' },
] as const;

/** Key of a sidebar group (see {@link sidebarGroups}). */
export type SidebarGroupKey = (typeof sidebarGroups)[number]['key'];

/**
 * A node that is a page of the site.
 * - `id`: the seed chart's node id (e.g. `M`).
 * - `label`: the Japanese text in the flowchart box; `\n` breaks the line in the chart.
 * - `slug`: the Starlight route id, without leading/trailing slash; `''` is the top
 *   page (`src/content/docs/index.mdx`), `'workshops'` is `workshops/index.mdx`.
 * - `sidebarLabel`: the link text in the sidebar.
 * - `group`: the sidebar group.
 */
export interface PageNode {
	readonly kind: 'page';
	readonly id: string;
	readonly label: string;
	readonly slug: string;
	readonly sidebarLabel: string;
	readonly group: SidebarGroupKey;
}

/** A decision (diamond) in the chart: a choice, not a page. `label` is the question. */
export interface DecisionNode {
	readonly kind: 'decision';
	readonly id: string;
	readonly label: string;
}

/** Any node of the graph. */
export type NavNode = PageNode | DecisionNode;

/** A directed edge; `label` is the text on the arrow (the seed's), if any. */
export interface NavEdge {
	readonly from: string;
	readonly to: string;
	readonly label?: string;
}

/** Thrown at import (and by the query functions) when the graph or a query is invalid. */
export class NavGraphError extends Error {
	override name = 'NavGraphError';
}

const EC2 = 'Amazon EC2 環境(推奨)';
const LOCAL = 'ローカル環境';

/** Raw node data, in chart and sidebar order. Validated below. */
const rawNodes: readonly NavNode[] = [
	{
		kind: 'page',
		id: 'A',
		label: 'ワークショップ概要',
		slug: '',
		sidebarLabel: 'ワークショップ概要',
		group: 'start',
	},
	{ kind: 'decision', id: 'B', label: 'アカウント選択' },
	{
		kind: 'page',
		id: 'C',
		label: 'セルフアカウント',
		slug: 'account/self',
		sidebarLabel: 'セルフアカウント',
		group: 'account',
	},
	{
		kind: 'page',
		id: 'D',
		label: 'Workshop Studio',
		slug: 'account/workshop-studio',
		sidebarLabel: 'Workshop Studio',
		group: 'account',
	},
	{ kind: 'decision', id: 'E', label: '実行環境' },
	{ kind: 'decision', id: 'F', label: '実行環境' },
	{
		kind: 'page',
		id: 'G',
		label: 'EC2 環境\n（セルフ）',
		slug: 'setup/self-ec2',
		sidebarLabel: 'セルフ + Amazon EC2',
		group: 'setup',
	},
	{
		kind: 'page',
		id: 'H',
		label: 'ローカル環境\n（セルフ）',
		slug: 'setup/self-local',
		sidebarLabel: 'セルフ + ローカル PC',
		group: 'setup',
	},
	{
		kind: 'page',
		id: 'I',
		label: 'EC2 環境\n（Workshop Studio）',
		slug: 'setup/studio-ec2',
		sidebarLabel: 'Workshop Studio + Amazon EC2',
		group: 'setup',
	},
	{
		kind: 'page',
		id: 'J',
		label: 'ローカル環境\n（Workshop Studio）',
		slug: 'setup/studio-local',
		sidebarLabel: 'Workshop Studio + ローカル PC',
		group: 'setup',
	},
	{
		kind: 'page',
		id: 'K',
		label: 'ワークショップ一覧',
		slug: 'workshops',
		sidebarLabel: 'ワークショップ一覧',
		group: 'workshops',
	},
	{
		kind: 'page',
		id: 'CL',
		label: 'Cline',
		slug: 'workshops/cline',
		sidebarLabel: 'Cline',
		group: 'workshops',
	},
	{
		kind: 'page',
		id: 'L',
		label: 'MCP',
		slug: 'workshops/mcp',
		sidebarLabel: 'MCP',
		group: 'workshops',
	},
	{
		kind: 'page',
		id: 'P',
		label: '実装詳細\n(1.mcp)',
		slug: 'workshops/mcp/implementation',
		sidebarLabel: 'MCP 実装詳細',
		group: 'workshops',
	},
	{
		kind: 'page',
		id: 'M',
		label: 'LiteLLM',
		slug: 'workshops/litellm',
		sidebarLabel: 'LiteLLM',
		group: 'workshops',
	},
	{
		kind: 'page',
		id: 'Q',
		label: '実装詳細\n(2.litellm)',
		slug: 'workshops/litellm/implementation',
		sidebarLabel: 'LiteLLM 実装詳細',
		group: 'workshops',
	},
	{
		kind: 'page',
		id: 'N',
		label: 'Langfuse',
		slug: 'workshops/langfuse',
		sidebarLabel: 'Langfuse',
		group: 'workshops',
	},
	{
		kind: 'page',
		id: 'R',
		label: '実装詳細\n(4.langfuse)',
		slug: 'workshops/langfuse/implementation',
		sidebarLabel: 'Langfuse 実装詳細',
		group: 'workshops',
	},
	{
		kind: 'page',
		id: 'O',
		label: 'MLflow',
		slug: 'workshops/mlflow',
		sidebarLabel: 'MLflow',
		group: 'workshops',
	},
	{
		kind: 'page',
		id: 'S',
		label: '実装詳細\n(5.mlflow)',
		slug: 'workshops/mlflow/implementation',
		sidebarLabel: 'MLflow 実装詳細',
		group: 'workshops',
	},
];

/** Raw edges, in the seed's order, with the seed's labels. Validated below. */
const rawEdges: readonly NavEdge[] = [
	{ from: 'A', to: 'B' },
	{ from: 'B', to: 'C', label: 'セルフアカウント' },
	{ from: 'B', to: 'D', label: 'Workshop Studio' },
	{ from: 'C', to: 'E' },
	{ from: 'D', to: 'F' },
	{ from: 'E', to: 'G', label: EC2 },
	{ from: 'E', to: 'H', label: LOCAL },
	{ from: 'F', to: 'I', label: EC2 },
	{ from: 'F', to: 'J', label: LOCAL },
	{ from: 'G', to: 'K' },
	{ from: 'H', to: 'K' },
	{ from: 'I', to: 'K' },
	{ from: 'J', to: 'K' },
	{ from: 'K', to: 'CL', label: 'Cline' },
	{ from: 'K', to: 'L', label: 'MCP' },
	{ from: 'K', to: 'M', label: 'LiteLLM' },
	{ from: 'K', to: 'N', label: 'Langfuse' },
	{ from: 'K', to: 'O', label: 'MLflow' },
	{ from: 'L', to: 'P' },
	{ from: 'M', to: 'Q' },
	{ from: 'N', to: 'R' },
	{ from: 'O', to: 'S' },
];

/** The id of the start node (the top page). */
export const START_ID = 'A';

const idSchema = z
	.string()
	.regex(/^[A-Z][A-Z0-9]*$/, 'a node id is upper-case letters/digits, like the seed (A, CL)');
const labelSchema = z
	.string()
	.trim()
	.min(1, 'label must not be empty')
	.refine(
		(s) => !/["|\[\]{}<>]/.test(s),
		'label must not contain mermaid syntax characters " | [ ] { } < >',
	);
const groupKeys = sidebarGroups.map((g) => g.key) as [SidebarGroupKey, ...SidebarGroupKey[]];

const nodeSchema = z.discriminatedUnion('kind', [
	z.strictObject({
		kind: z.literal('page'),
		id: idSchema,
		label: labelSchema,
		slug: z
			.string({
				error:
					'a page node needs a slug (Starlight route id, e.g. "account/self"; "" is the top page)',
			})
			.regex(
				/^$|^[a-z0-9-]+(\/[a-z0-9-]+)*$/,
				'slug is lower-case path segments without leading/trailing slash',
			),
		sidebarLabel: labelSchema,
		group: z.enum(groupKeys),
	}),
	z.strictObject({ kind: z.literal('decision'), id: idSchema, label: labelSchema }),
]);

const edgeSchema = z.strictObject({ from: idSchema, to: idSchema, label: labelSchema.optional() });

const graphSchema = z
	.object({ nodes: z.array(nodeSchema).min(1), edges: z.array(edgeSchema) })
	.superRefine(({ nodes, edges }, ctx) => {
		const ids = new Set<string>();
		const slugs = new Set<string>();
		for (const [i, n] of nodes.entries()) {
			if (ids.has(n.id))
				ctx.addIssue({
					code: 'custom',
					path: ['nodes', i, 'id'],
					message: `duplicate node id "${n.id}"`,
				});
			ids.add(n.id);
			if (n.kind === 'page') {
				if (slugs.has(n.slug))
					ctx.addIssue({
						code: 'custom',
						path: ['nodes', i, 'slug'],
						message: `duplicate slug "${n.slug}" (node ${n.id})`,
					});
				slugs.add(n.slug);
			}
		}
		if (!ids.has(START_ID))
			ctx.addIssue({
				code: 'custom',
				path: ['nodes'],
				message: `start node "${START_ID}" is missing`,
			});
		const seen = new Set<string>();
		for (const [i, e] of edges.entries()) {
			for (const end of ['from', 'to'] as const) {
				if (!ids.has(e[end]))
					ctx.addIssue({
						code: 'custom',
						path: ['edges', i, end],
						message: `edge ${e.from}→${e.to} points at unknown node "${e[end]}"`,
					});
			}
			if (e.from === e.to)
				ctx.addIssue({
					code: 'custom',
					path: ['edges', i],
					message: `edge ${e.from}→${e.to} is a self-loop`,
				});
			const key = `${e.from}→${e.to}`;
			if (seen.has(key))
				ctx.addIssue({ code: 'custom', path: ['edges', i], message: `duplicate edge ${key}` });
			seen.add(key);
		}
	});

/**
 * Parses `data` with `schema`, or throws one NavGraphError listing every issue as
 * `  - <pathPrefix><path>: <message>` under `Invalid <what> (src/lib/nav/graph.ts):`.
 * @param pathPrefix - prepended to each issue path, e.g. `'extraPages.'`.
 * @param rootLabel - shown when an issue has an empty path.
 */
function parseOrThrow<T>(
	schema: z.ZodType,
	data: unknown,
	what: string,
	pathPrefix: string,
	rootLabel = '',
): T {
	const result = schema.safeParse(data);
	if (!result.success) {
		const lines = result.error.issues.map(
			(issue) => `  - ${pathPrefix}${issue.path.join('.') || rootLabel}: ${issue.message}`,
		);
		throw new NavGraphError(`Invalid ${what} (src/lib/nav/graph.ts):\n${lines.join('\n')}`);
	}
	return result.data as T;
}

/**
 * Validates graph data (nodes + edges) and returns it frozen.
 *
 * @param data - `{ nodes, edges }` in the shapes {@link NavNode} / {@link NavEdge}.
 * @returns the same data, typed.
 * @throws NavGraphError listing every problem (path and message), e.g.
 *   `edges[3].to: edge C→X points at unknown node "X"`.
 */
export function validateGraph(data: unknown): {
	nodes: readonly NavNode[];
	edges: readonly NavEdge[];
} {
	return parseOrThrow(graphSchema, data, 'navigation graph', '', '(graph)');
}

const validated = validateGraph({ nodes: rawNodes, edges: rawEdges });

/** All nodes, in chart/sidebar order (validated at import). */
export const nodes: readonly NavNode[] = validated.nodes;
/** All edges, in the seed's order (validated at import). */
export const edges: readonly NavEdge[] = validated.edges;
/** The page nodes only, in sidebar order. */
export const pageNodes: readonly PageNode[] = nodes.filter((n): n is PageNode => n.kind === 'page');

/**
 * A page of the site that is NOT a step of the participants' workshop, so not a node
 * of the flowchart: it appears in the sidebar only. Such a page shows no flowchart and
 * no 「次のステップ」 (src/overrides/MarkdownContent.astro, Pagination.astro).
 * - `slug`: the Starlight route id (same rules as {@link PageNode.slug}, never `''`).
 * - `sidebarLabel`: the link text in the sidebar.
 * - `group`: the sidebar group.
 */
export interface ExtraPage {
	readonly slug: string;
	readonly sidebarLabel: string;
	readonly group: SidebarGroupKey;
}

/** Raw extra pages, in sidebar order. Validated below. */
const rawExtraPages: readonly ExtraPage[] = [
	// src/content/docs/facilitators.mdx: publishing the site, participants' browsers.
	{ slug: 'facilitators', sidebarLabel: 'サイトの公開と参加者のブラウザー', group: 'facilitators' },
];

const extraPagesSchema = z
	.array(
		z.strictObject({
			slug: z
				.string({ error: 'an extra page needs a slug (Starlight route id, e.g. "facilitators")' })
				.regex(
					/^[a-z0-9-]+(\/[a-z0-9-]+)*$/,
					'slug is lower-case path segments without leading/trailing slash (the top page is a graph node)',
				),
			sidebarLabel: labelSchema,
			group: z.enum(groupKeys),
		}),
	)
	.superRefine((pages, ctx) => {
		const graphSlugs = new Set(pageNodes.map((n) => n.slug));
		const seen = new Set<string>();
		for (const [i, p] of pages.entries()) {
			if (graphSlugs.has(p.slug))
				ctx.addIssue({
					code: 'custom',
					path: [i, 'slug'],
					message: `extra page "${p.slug}" is already a page node of the graph`,
				});
			if (seen.has(p.slug))
				ctx.addIssue({
					code: 'custom',
					path: [i, 'slug'],
					message: `duplicate extra page slug "${p.slug}"`,
				});
			seen.add(p.slug);
		}
	});

/**
 * Validates the extra pages against the schema and the graph (a slug must not be a
 * graph page's slug, nor appear twice).
 *
 * @param data - an array of {@link ExtraPage}.
 * @returns the same data, typed.
 * @throws NavGraphError listing every problem, e.g.
 *   `extraPages.0.slug: extra page "workshops" is already a page node of the graph`.
 */
export function validateExtraPages(data: unknown): readonly ExtraPage[] {
	return parseOrThrow(extraPagesSchema, data, 'extra pages', 'extraPages.');
}

/** Pages outside the flowchart (sidebar only), in sidebar order (validated at import). */
export const extraPages: readonly ExtraPage[] = validateExtraPages(rawExtraPages);

/**
 * Finds an extra page (outside the flowchart) by route id / slug.
 * @param slug - e.g. `'facilitators'` or `'/facilitators/'`.
 * @returns the page, or `undefined` when the slug is a graph page or unknown.
 */
export function extraPageBySlug(slug: string): ExtraPage | undefined {
	const s = normalizeSlug(slug);
	return extraPages.find((p) => p.slug === s);
}

const byId = new Map(nodes.map((n) => [n.id, n]));

/**
 * Looks a node up by its id.
 * @param id - seed id, e.g. `'M'`.
 * @throws NavGraphError if there is no such node.
 */
export function getNode(id: string): NavNode {
	const node = byId.get(id);
	if (!node) throw new NavGraphError(`No navigation node with id "${id}"`);
	return node;
}

/**
 * Normalises a slug or URL path segment to a Starlight route id: strips leading and
 * trailing slashes and a trailing `index`; `'/workshops/index/'` → `'workshops'`,
 * `'index'`, `'/'` and `''` → `''`.
 */
export function normalizeSlug(slug: string): string {
	let s = slug.replace(/^\/+|\/+$/g, '');
	s = s.replace(/(^|\/)index$/, '');
	return s.replace(/\/+$/, '');
}

/**
 * Finds the page node for a Starlight route id / slug (`Astro.locals.starlightRoute.id`).
 * @param slug - e.g. `'workshops/litellm'`, `''` or `'index'` for the top page.
 * @returns the node, or `undefined` if the page is not in the graph (e.g. 404).
 */
export function nodeBySlug(slug: string): PageNode | undefined {
	const s = normalizeSlug(slug);
	return pageNodes.find((n) => n.slug === s);
}

/**
 * Site-relative URL of a page under Astro's `base`, with Starlight's trailing slash.
 * @param base - Astro `base` / `import.meta.env.BASE_URL`, e.g. `'/'` or `'/cline-workshop/'` (slashes optional).
 * @param slug - the page's slug (`''` for the top page).
 * @returns e.g. `pageHref('/cline-workshop', 'account/self')` → `'/cline-workshop/account/self/'`.
 */
export function pageHref(base: string, slug: string): string {
	const b = `/${base.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
	const s = normalizeSlug(slug);
	return s ? `${b}${s}/` : b;
}

/** Outgoing edges of a node, in edge order. */
export function outgoing(id: string): NavEdge[] {
	getNode(id);
	return edges.filter((e) => e.from === id);
}

/** Incoming edges of a node, in edge order. */
export function incoming(id: string): NavEdge[] {
	getNode(id);
	return edges.filter((e) => e.to === id);
}

/**
 * One 「次のステップ」 link: a page reached from the current page, walking through
 * decision nodes.
 * - `node`: the page at the other end.
 * - `labels`: the edge labels met on the way (e.g. `['セルフアカウント']`); empty if none.
 * - `decision`: the last decision passed through (its `label` is the question, e.g.
 *   アカウント選択), if any.
 */
export interface Step {
	readonly node: PageNode;
	readonly labels: readonly string[];
	readonly decision?: DecisionNode;
}

/**
 * A 「次のステップ」 link onward that is NOT an edge of the chart (see {@link continueTo}).
 * - `node`: the page it leads to.
 * - `label`: the link's text, e.g. 「Langfuse ワークショップを開始」.
 */
export interface ContinueStep {
	readonly node: PageNode;
	readonly label: string;
}

/**
 * The 「次のステップ」 of a page: forward along the edges, onward by the extra links of
 * {@link continueTo} (not chart edges), and back to predecessor page(s).
 */
export interface NextSteps {
	readonly forward: readonly Step[];
	readonly continueTo: readonly ContinueStep[];
	readonly back: readonly Step[];
}

function walk(
	id: string,
	dir: 'forward' | 'back',
	labels: readonly string[],
	decision: DecisionNode | undefined,
	out: Step[],
): void {
	const list = dir === 'forward' ? outgoing(id) : incoming(id);
	for (const e of list) {
		const otherId = dir === 'forward' ? e.to : e.from;
		const other = getNode(otherId);
		const nextLabels = e.label ? [...labels, e.label] : labels;
		if (other.kind === 'page')
			out.push(
				decision
					? { node: other, labels: nextLabels, decision }
					: { node: other, labels: nextLabels },
			);
		else walk(other.id, dir, nextLabels, other, out);
	}
}

/**
 * An extra forward link of 「次のステップ」 that is NOT an edge of the chart: the chart
 * stays exactly the seed's, yet a page can point on to where participants usually
 * continue. Never drawn in the flowchart, its text alternative or {@link pathsFromStart}.
 * - `from`, `to`: page node ids (not decisions), different, and `to` must not already
 *   be a forward step of `from` along the chart (that link is shown anyway).
 * - `label`: the link's text (the seed's wording where it has one).
 */
export interface ContinueLink {
	readonly from: string;
	readonly to: string;
	readonly label: string;
}

/**
 * Raw extra forward links, in display order per page. Validated below. Sources:
 * - M → N: the seed (LiteLLM page) ends with 「[次のステップ] Langfuse ワークショップを開始」
 *   (and 「ワークショップ一覧に戻る」, which is the back link to K).
 * - M → O: manual-facts.md, O: MLflow "Needs 2.litellm first", like Langfuse (N); so
 *   both are the natural continuation of the LiteLLM workshop.
 * - Q → N, Q → O: Q (2.litellm details) is where the LiteLLM path ends; the same two
 *   workshops build on the LiteLLM Proxy set up there.
 * L, CL and the other end pages get none: nothing in the facts makes one workshop
 * follow them; their end-of-path pointer to the workshop list (K) stays.
 */
const rawContinueTo: readonly ContinueLink[] = [
	{ from: 'M', to: 'N', label: 'Langfuse ワークショップを開始' },
	{ from: 'M', to: 'O', label: 'MLflow ワークショップを開始' },
	{ from: 'Q', to: 'N', label: 'Langfuse ワークショップを開始' },
	{ from: 'Q', to: 'O', label: 'MLflow ワークショップを開始' },
];

const continueToSchema = z
	.array(z.strictObject({ from: idSchema, to: idSchema, label: labelSchema }))
	.superRefine((links, ctx) => {
		const seen = new Set<string>();
		for (const [i, l] of links.entries()) {
			const key = `${l.from}→${l.to}`;
			for (const end of ['from', 'to'] as const) {
				const n = byId.get(l[end]);
				if (!n)
					ctx.addIssue({
						code: 'custom',
						path: [i, end],
						message: `continue link ${key} points at unknown node "${l[end]}"`,
					});
				else if (n.kind !== 'page')
					ctx.addIssue({
						code: 'custom',
						path: [i, end],
						message: `continue link ${key}: "${l[end]}" is a decision, not a page`,
					});
			}
			if (l.from === l.to)
				ctx.addIssue({
					code: 'custom',
					path: [i],
					message: `continue link ${key} leads to its own page`,
				});
			if (seen.has(key))
				ctx.addIssue({ code: 'custom', path: [i], message: `duplicate continue link ${key}` });
			seen.add(key);
			if (byId.get(l.from)?.kind === 'page') {
				const forward: Step[] = [];
				walk(l.from, 'forward', [], undefined, forward);
				if (forward.some((st) => st.node.id === l.to))
					ctx.addIssue({
						code: 'custom',
						path: [i],
						message: `continue link ${key} is already a forward step along the chart (continueTo is only for links the chart lacks)`,
					});
			}
		}
	});

/**
 * Validates extra forward links against the schema and the graph (rules: {@link ContinueLink}).
 *
 * @param data - an array of {@link ContinueLink}.
 * @returns the same data, typed.
 * @throws NavGraphError listing every problem, e.g.
 *   `continueTo.0: continue link M→Q is already a forward step along the chart …`.
 */
export function validateContinueTo(data: unknown): readonly ContinueLink[] {
	return parseOrThrow(continueToSchema, data, 'continue links', 'continueTo.');
}

/** Extra forward links that are not chart edges (validated at import); see {@link ContinueLink}. */
export const continueTo: readonly ContinueLink[] = validateContinueTo(rawContinueTo);

/**
 * The 「次のステップ」 data for a page node: `forward` follows outgoing edges and
 * passes through decision nodes, carrying their edge labels (from A:
 * `[{labels:['セルフアカウント'], node:C}, {labels:['Workshop Studio'], node:D}]`);
 * `continueTo` holds the page's extra links that are not chart edges (from M:
 * Langfuse N and MLflow O, see {@link continueTo}); `back` follows incoming edges
 * backwards to the predecessor page(s) (from K: G, H, I, J).
 *
 * @param id - a page node id.
 * @throws NavGraphError for an unknown id or a decision node.
 */
export function nextSteps(id: string): NextSteps {
	const node = getNode(id);
	if (node.kind !== 'page')
		throw new NavGraphError(`Node "${id}" is a decision, not a page: it has no 次のステップ`);
	const forward: Step[] = [];
	const back: Step[] = [];
	walk(id, 'forward', [], undefined, forward);
	walk(id, 'back', [], undefined, back);
	const onward = continueTo
		.filter((l) => l.from === id)
		.map((l) => ({ node: getNode(l.to) as PageNode, label: l.label }));
	return { forward, continueTo: onward, back };
}

/**
 * The page to go back to for another choice: the nearest page before `id` (walking
 * edges backwards, breadth first) that offers more than one way forward. From an end
 * page such as CL or P this is the workshop list K, where the next workshop is chosen.
 *
 * @param id - a page node id.
 * @returns that page, or `undefined` if no earlier page offers a choice (e.g. for A).
 * @throws NavGraphError for an unknown id.
 */
export function nearestChoicePage(id: string): PageNode | undefined {
	getNode(id);
	const seen = new Set<string>([id]);
	const queue = [id];
	while (queue.length) {
		for (const step of nextSteps(queue.shift()!).back) {
			if (seen.has(step.node.id)) continue;
			seen.add(step.node.id);
			if (nextSteps(step.node.id).forward.length > 1) return step.node;
			queue.push(step.node.id);
		}
	}
	return undefined;
}

/** The forward steps of a page that pass through the same decision (or through none). */
export interface ChoiceGroup {
	/** The decision passed through (its `label` is the question, e.g. アカウント選択); absent for direct edges. */
	readonly decision?: DecisionNode;
	/** The pages reached, in edge order, each with the edge labels taken. */
	readonly steps: readonly Step[];
}

/** One entry of the chart's text version: a page and the choices that follow it. */
export interface OutlineEntry {
	readonly node: PageNode;
	/** Its forward steps grouped by decision, in edge order; empty for an end page. */
	readonly choices: readonly ChoiceGroup[];
}

/**
 * The flowchart as data for its text alternative (src/components/Flowchart.astro):
 * every page node in graph/sidebar order with the choices that follow it, forward
 * steps grouped by the decision they pass through. From A: one group with decision B
 * (アカウント選択) and the steps C (label セルフアカウント) and D (Workshop Studio); from
 * G: one group without decision, step K; from Q: no group (end page).
 */
export function chartOutline(): OutlineEntry[] {
	return pageNodes.map((node) => {
		const choices: { decision?: DecisionNode; steps: Step[] }[] = [];
		for (const step of nextSteps(node.id).forward) {
			const last = choices.at(-1);
			if (last && last.decision?.id === step.decision?.id) last.steps.push(step);
			else
				choices.push(
					step.decision ? { decision: step.decision, steps: [step] } : { steps: [step] },
				);
		}
		return { node, choices };
	});
}

/** A path from the start page to a page with no way onward: all node ids, and its pages. */
export interface NavPath {
	/** Every node id on the path, decisions included, e.g. `['A','B','C','E','G','K','M','Q']`. */
	readonly ids: readonly string[];
	/** Only the page nodes on the path, in order. */
	readonly pages: readonly PageNode[];
	/** The edge labels along the path (edges without a label are skipped). */
	readonly labels: readonly string[];
}

/**
 * Every path from the start node (A) to an end page (a node with no outgoing edge):
 * A → account → runtime page → K → workshop → implementation page where the workshop
 * has one. With the seed's graph that is 4 runtime pages × 5 workshops = 20 paths.
 *
 * @throws NavGraphError if the graph has a cycle reachable from A.
 */
export function pathsFromStart(): NavPath[] {
	const result: NavPath[] = [];
	const visit = (id: string, ids: string[], labels: string[]) => {
		if (ids.includes(id)) throw new NavGraphError(`Navigation graph has a cycle through "${id}"`);
		const here = [...ids, id];
		const out = outgoing(id);
		if (out.length === 0) {
			result.push({
				ids: here,
				pages: here.map(getNode).filter((n): n is PageNode => n.kind === 'page'),
				labels,
			});
			return;
		}
		for (const e of out) visit(e.to, here, e.label ? [...labels, e.label] : labels);
	};
	visit(START_ID, [], []);
	return result;
}

/**
 * Ids of every node reachable from `from` (itself included), following edges forward.
 * @param from - node id; defaults to the start node A.
 */
export function reachableFrom(from: string = START_ID): Set<string> {
	getNode(from);
	const seen = new Set<string>([from]);
	const queue = [from];
	while (queue.length) {
		for (const e of outgoing(queue.shift()!)) {
			if (!seen.has(e.to)) {
				seen.add(e.to);
				queue.push(e.to);
			}
		}
	}
	return seen;
}

/**
 * The chart as mermaid source (`flowchart TD`): page nodes as boxes, decisions as
 * diamonds, the seed's edge labels, and `click <id> href "<base><slug>/"` for
 * every page node, so each box becomes a real link to that page of this site.
 * Labels are quoted. No node is highlighted here: the renderer marks the current
 * page per page (see src/lib/flowchart).
 *
 * @param base - Astro `base` (`import.meta.env.BASE_URL`), e.g. `'/cline-workshop/'`.
 */
export function toMermaid(base: string): string {
	const lines = ['flowchart TD'];
	// Declare nodes in order of first appearance along the edges (the seed's order):
	// dagre orders each rank by declaration, so the chart keeps the seed's layout.
	const order: string[] = [];
	for (const e of edges) for (const id of [e.from, e.to]) if (!order.includes(id)) order.push(id);
	for (const n of nodes) if (!order.includes(n.id)) order.push(n.id);
	const text = (label: string) => label.replace(/\n/g, '<br/>');
	for (const n of order.map(getNode))
		lines.push(
			n.kind === 'page' ? `    ${n.id}["${text(n.label)}"]` : `    ${n.id}{"${text(n.label)}"}`,
		);
	for (const e of edges)
		lines.push(e.label ? `    ${e.from} -->|"${e.label}"| ${e.to}` : `    ${e.from} --> ${e.to}`);
	for (const n of pageNodes) lines.push(`    click ${n.id} href "${pageHref(base, n.slug)}"`);
	return lines.join('\n') + '\n';
}

/** A Starlight sidebar link item (`{ label, slug }`; `'index'` is the top page). */
export interface SidebarLink {
	label: string;
	slug: string;
}

/** A Starlight sidebar group (`{ label, items }`). */
export interface SidebarGroup {
	label: string;
	items: SidebarLink[];
}

/**
 * The Starlight `sidebar` config: one group per {@link sidebarGroups} entry, in that
 * order, with the group's page nodes in graph order followed by its extra pages
 * ({@link extraPages}). Groups without pages are left out. Pass it to
 * `starlight({ sidebar })`.
 */
export function starlightSidebar(): SidebarGroup[] {
	return sidebarGroups
		.map((g) => ({
			label: g.label,
			items: [
				...pageNodes
					.filter((n) => n.group === g.key)
					.map((n) => ({ label: n.sidebarLabel, slug: n.slug || 'index' })),
				...extraPages
					.filter((p) => p.group === g.key)
					.map((p) => ({ label: p.sidebarLabel, slug: p.slug })),
			],
		}))
		.filter((g) => g.items.length > 0);
}

/**
 * Short link texts of the 「現在地」 path line (src/components/Flowchart.astro), by
 * page node id, e.g. 概要 › Workshop Studio › Amazon EC2 › ワークショップ一覧 › LiteLLM.
 * A set-up page is named by its runtime only: the account is the crumb before it.
 * Every page node has one (checked at import).
 */
const rawCrumbs: Readonly<Record<string, string>> = {
	A: '概要',
	C: 'セルフアカウント',
	D: 'Workshop Studio',
	G: 'Amazon EC2',
	H: 'ローカル PC',
	I: 'Amazon EC2',
	J: 'ローカル PC',
	K: 'ワークショップ一覧',
	CL: 'Cline',
	L: 'MCP',
	P: '実装詳細',
	M: 'LiteLLM',
	Q: '実装詳細',
	N: 'Langfuse',
	R: '実装詳細',
	O: 'MLflow',
	S: '実装詳細',
};

/** A runtime a participant chooses on a set-up page. */
export type RuntimeKey = 'ec2' | 'local';

/**
 * The runtimes, with the label of their tab in the pages' synced Tabs
 * (`<Tabs syncKey="runtime">`, `<TabItem label="Amazon EC2">` / `"ローカル PC"`):
 * Starlight restores a synced tab by its label text (see {@link RUNTIME_TABS_STORAGE_KEY}).
 */
export const runtimes: readonly { key: RuntimeKey; tabLabel: string }[] = [
	{ key: 'ec2', tabLabel: 'Amazon EC2' },
	{ key: 'local', tabLabel: 'ローカル PC' },
];

/**
 * localStorage key under which Starlight 0.42's `<Tabs syncKey="runtime">` keeps the
 * label of the chosen tab, and reads it back before the tabs are shown on the next page.
 * Source: node_modules/@astrojs/starlight/dist/user-components/Tabs.astro
 * (`starlight-synced-tabs__${syncKey}`, in its restore script and `#persistSyncedTabs`).
 */
export const RUNTIME_TABS_STORAGE_KEY = 'starlight-synced-tabs__runtime';

/**
 * The four set-up pages as choices: which account page leads to each and which runtime
 * it sets up. Checked at import against the edges (the account page → its decision →
 * the set-up page).
 */
export interface SetupChoice {
	readonly id: string;
	readonly account: string;
	readonly runtime: RuntimeKey;
}

const rawSetupChoices: readonly SetupChoice[] = [
	{ id: 'G', account: 'C', runtime: 'ec2' },
	{ id: 'H', account: 'C', runtime: 'local' },
	{ id: 'I', account: 'D', runtime: 'ec2' },
	{ id: 'J', account: 'D', runtime: 'local' },
];

/**
 * Which page node a live check's verdict belongs to, by the catalogue id of the
 * checked service (`Verdict.service` in src/lib/checks/verdict.ts): its mark is drawn
 * on that node of the chart. LiteLLM's check runs on M and Q; it is M's workshop.
 */
const rawServiceNodes: Readonly<Record<string, string>> = {
	litellm: 'M',
	langfuse: 'N',
	mlflow: 'O',
};

/** Display names of the checked services, for the progress summary and the help report. */
export const serviceLabels: Readonly<Record<string, string>> = {
	litellm: 'LiteLLM Proxy',
	langfuse: 'Langfuse',
	mlflow: 'MLflow',
};

{
	const problems: string[] = [];
	for (const n of pageNodes) if (!rawCrumbs[n.id]) problems.push(`crumbs: page ${n.id} has none`);
	for (const id of Object.keys(rawCrumbs))
		if (byId.get(id)?.kind !== 'page') problems.push(`crumbs: "${id}" is not a page node`);
	for (const c of rawSetupChoices) {
		const account = byId.get(c.account);
		if (byId.get(c.id)?.kind !== 'page' || account?.kind !== 'page')
			problems.push(`setupChoices: ${c.id} / ${c.account} must be page nodes`);
		else if (!nextSteps(c.account).forward.some((s) => s.node.id === c.id))
			problems.push(`setupChoices: ${c.id} is not a next step of ${c.account}`);
	}
	for (const [service, id] of Object.entries(rawServiceNodes)) {
		if (byId.get(id)?.kind !== 'page')
			problems.push(`serviceNodes: ${service} → "${id}" is not a page node`);
		if (!serviceLabels[service]) problems.push(`serviceLabels: ${service} has no label`);
	}
	if (problems.length)
		throw new NavGraphError(
			`Invalid path data (src/lib/nav/graph.ts):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
		);
}

/** Path-line link texts by page node id (see {@link rawCrumbs}). */
export const crumbs: Readonly<Record<string, string>> = rawCrumbs;
/** The set-up pages as (account, runtime) choices. */
export const setupChoices: readonly SetupChoice[] = rawSetupChoices;
/** Page node id of each checked service (see {@link rawServiceNodes}). */
export const serviceNodes: Readonly<Record<string, string>> = rawServiceNodes;

/**
 * The set-up page for an account and runtime choice.
 * @returns e.g. `setupFor('D', 'ec2')` → I; `undefined` when either is missing or unknown.
 */
export function setupFor(
	account: string | undefined,
	runtime: RuntimeKey | undefined,
): SetupChoice | undefined {
	return setupChoices.find((c) => c.account === account && c.runtime === runtime);
}

/** One item of the 「現在地」 path: a page, or a gap where the participant has not chosen yet. */
export type PathItem =
	{ readonly kind: 'page'; readonly node: PageNode } | { readonly kind: 'gap' };

/**
 * The participant's path from the top page to page `id`: walks back along the edges;
 * where a page has several predecessors (the workshop list K has the four set-up
 * pages) it takes the one the participant chose (`choice.setup`, else
 * `choice.account`), and when none of them is chosen it puts one `gap` there and
 * jumps to the top page. E.g. M with set-up I: A, D, I, K, M; M without a choice:
 * A, gap, K, M; G: A, C, G (the page itself fixes its path).
 *
 * @param id - a page node id.
 * @param choice - set-up and/or account page ids the participant chose, if any.
 * @throws NavGraphError for an unknown id or a decision node.
 */
export function participantPath(
	id: string,
	choice: { setup?: string | undefined; account?: string | undefined } = {},
): PathItem[] {
	const node = getNode(id);
	if (node.kind !== 'page') throw new NavGraphError(`Node "${id}" is a decision, not a page`);
	const items: PathItem[] = [{ kind: 'page', node }];
	const seen = new Set<string>([id]);
	let at = id;
	while (at !== START_ID) {
		const back = nextSteps(at).back.map((s) => s.node);
		const pick =
			back.length === 1
				? back[0]
				: (back.find((n) => n.id === choice.setup) ?? back.find((n) => n.id === choice.account));
		if (!pick || seen.has(pick.id)) {
			if (back.length === 0) break;
			items.unshift({ kind: 'page', node: getNode(START_ID) as PageNode }, { kind: 'gap' });
			return items;
		}
		seen.add(pick.id);
		items.unshift({ kind: 'page', node: pick });
		at = pick.id;
	}
	return items;
}

/**
 * The path as one line of plain text, crumbs joined by ` › `, a gap as `…`:
 * e.g. `概要 › Workshop Studio › Amazon EC2 › ワークショップ一覧 › LiteLLM`.
 */
export function pathText(items: readonly PathItem[]): string {
	return items.map((i) => (i.kind === 'gap' ? '…' : crumbs[i.node.id])).join(' › ');
}

/**
 * Pages that show the chart opened (the top page and the workshop list, where a
 * participant chooses); every other page shows it closed under its 「現在地」 line.
 */
export const chartOpenPages: readonly string[] = ['A', 'K'];
