/**
 * Unit tests of the navigation graph (src/lib/nav/graph.ts): its data against the
 * seed's chart, its consistency with the page files, and the queries derived from it.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
	NavGraphError,
	START_ID,
	chartOutline,
	continueTo,
	edges,
	extraPageBySlug,
	extraPages,
	getNode,
	nearestChoicePage,
	nextSteps,
	nodeBySlug,
	nodes,
	pageHref,
	pageNodes,
	pathsFromStart,
	reachableFrom,
	starlightSidebar,
	toMermaid,
	validateContinueTo,
	validateExtraPages,
	validateGraph,
	type NavEdge,
	type NavNode,
} from '../../src/lib/nav/graph.ts';

const docsDir = fileURLToPath(new URL('../../src/content/docs/', import.meta.url));

/**
 * The edge lines of the seed's mermaid chart, verbatim
 * (/work/shared/seed/000_d67900b82400f8ae.txt, section 「ドキュメント構成」).
 */
const SEED_EDGES = `
    A[manuals/README.md] --> B{アカウント選択}
    B -->|セルフアカウント| C[manuals/selfenv.md]
    B -->|Workshop Studio| D[manuals/workshop-studio.md]
    C --> E{実行環境}
    D --> F{実行環境}
    E -->|"Amazon EC2 環境(推奨)"| G[manuals/selfenv-ec2.md]
    E -->|ローカル環境| H[manuals/selfenv-local.md]
    F -->|"Amazon EC2 環境(推奨)"| I[manuals/ws-ec2.md]
    F -->|ローカル環境| J[manuals/ws-local.md]
    G --> K[manuals/workshops/README.md]
    H --> K
    I --> K
    J --> K
    K -->|Cline| CL[manuals/workshops/cline.md]
    K -->|MCP| L[manuals/workshops/mcp.md]
    K -->|LiteLLM| M[manuals/workshops/litellm.md]
    K -->|Langfuse| N[manuals/workshops/langfuse.md]
    K -->|MLflow| O[manuals/workshops/mlflow.md]
    L --> P[1.mcp/README.md]
    M --> Q[2.litellm/README.md]
    N --> R[4.langfuse/README.md]
    O --> S[5.mlflow/README.md]
`;

function parseSeedEdges(text: string): { from: string; to: string; label?: string }[] {
	const out: { from: string; to: string; label?: string }[] = [];
	for (const line of text.split('\n')) {
		const m = /^\s*(\w+)\S*\s+-->(?:\|"?([^|"]+)"?\|)?\s+(\w+)/.exec(line);
		if (m) out.push(m[2] ? { from: m[1]!, to: m[3]!, label: m[2] } : { from: m[1]!, to: m[3]! });
	}
	return out;
}

/** Every .md/.mdx file under src/content/docs, as a Starlight route id ('' = top page). */
function pageFileSlugs(): string[] {
	return (readdirSync(docsDir, { recursive: true }) as string[])
		.filter((f) => /\.mdx?$/.test(f))
		.map((f) =>
			f
				.split(path.sep)
				.join('/')
				.replace(/\.mdx?$/, '')
				.replace(/(^|\/)index$/, ''),
		);
}

describe('graph data', () => {
	it('has exactly the seed chart edges, labels character for character', () => {
		const seed = parseSeedEdges(SEED_EDGES);
		assert.equal(seed.length, 22, 'the fixture parses to the seed’s 22 edges');
		const mine = edges.map((e) =>
			e.label ? { from: e.from, to: e.to, label: e.label } : { from: e.from, to: e.to },
		);
		assert.deepEqual(mine, seed);
	});

	it('has the seed’s node ids, decisions B E F and pages for the rest', () => {
		assert.deepEqual(
			nodes.map((n) => n.id).sort(),
			[
				'A',
				'B',
				'C',
				'CL',
				'D',
				'E',
				'F',
				'G',
				'H',
				'I',
				'J',
				'K',
				'L',
				'M',
				'N',
				'O',
				'P',
				'Q',
				'R',
				'S',
			].sort(),
		);
		assert.deepEqual(
			nodes.filter((n) => n.kind === 'decision').map((n) => n.id),
			['B', 'E', 'F'],
		);
		assert.equal(pageNodes.length, 17);
	});

	it('uses readable Japanese chart labels, not the manuals’ file names', () => {
		for (const n of nodes)
			assert.doesNotMatch(n.label, /\.md\b|\/|README/, `node ${n.id} label "${n.label}"`);
		assert.equal(getNode('B').label, 'アカウント選択');
		assert.equal(getNode('E').label, '実行環境');
		assert.equal(getNode('F').label, '実行環境');
	});

	it('every edge points at an existing node', () => {
		const ids = new Set(nodes.map((n) => n.id));
		for (const e of edges) {
			assert.ok(ids.has(e.from), `edge source ${e.from}`);
			assert.ok(ids.has(e.to), `edge target ${e.to}`);
		}
	});

	it('every page node is reachable from the start page A', () => {
		const reached = reachableFrom(START_ID);
		for (const n of nodes)
			assert.ok(reached.has(n.id), `node ${n.id} is not reachable from ${START_ID}`);
	});

	it('every page file is a graph page or an extra page, and each of those has a file', () => {
		const files = pageFileSlugs().sort();
		const slugs = [...pageNodes.map((n) => n.slug), ...extraPages.map((p) => p.slug)].sort();
		assert.deepEqual(slugs, files);
		for (const slug of files) {
			const node = nodeBySlug(slug);
			const extra = extraPageBySlug(slug);
			assert.ok(node || extra, `page file for "${slug}" is neither a graph node nor an extra page`);
			assert.ok(!(node && extra), `page "${slug}" is both a graph node and an extra page`);
		}
	});
});

describe('extra pages (outside the flowchart)', () => {
	it('the facilitators page is an extra page in the 主催者向け group, not a graph node', () => {
		assert.deepEqual(
			extraPages.map((p) => p.slug),
			['facilitators'],
		);
		assert.equal(nodeBySlug('facilitators'), undefined);
		assert.equal(extraPageBySlug('/facilitators/')?.group, 'facilitators');
		assert.equal(extraPageBySlug('workshops'), undefined);
		assert.ok(
			!toMermaid('/').includes('facilitators'),
			'the chart does not link the facilitators page',
		);
	});

	it('rejects a slug that is a graph page, a duplicate, an unknown group, the top page', () => {
		assert.throws(
			() => validateExtraPages([{ slug: 'workshops', sidebarLabel: 'x', group: 'facilitators' }]),
			(e: Error) =>
				e instanceof NavGraphError &&
				/extraPages\.0\.slug: extra page "workshops" is already a page node/.test(e.message),
		);
		assert.throws(
			() =>
				validateExtraPages([
					{ slug: 'a', sidebarLabel: 'x', group: 'facilitators' },
					{ slug: 'a', sidebarLabel: 'y', group: 'facilitators' },
				]),
			/duplicate extra page slug "a"/,
		);
		assert.throws(
			() => validateExtraPages([{ slug: 'a', sidebarLabel: 'x', group: 'nope' }]),
			/extraPages\.0\.group/,
		);
		assert.throws(
			() => validateExtraPages([{ slug: '', sidebarLabel: 'x', group: 'facilitators' }]),
			/extraPages\.0\.slug/,
		);
		assert.doesNotThrow(() => validateExtraPages(extraPages.map((p) => ({ ...p }))));
	});
});

describe('validateGraph rejects bad data with a clear message', () => {
	const good = () => ({
		nodes: nodes.map((n) => ({ ...n })) as NavNode[],
		edges: edges.map((e) => ({ ...e })) as NavEdge[],
	});

	it('accepts the real graph', () => {
		assert.doesNotThrow(() => validateGraph(good()));
	});

	it('an edge to an unknown node', () => {
		const g = good();
		g.edges.push({ from: 'C', to: 'X' });
		assert.throws(
			() => validateGraph(g),
			(e: Error) =>
				e instanceof NavGraphError && /edge C→X points at unknown node "X"/.test(e.message),
		);
	});

	it('a duplicate node id', () => {
		const g = good();
		g.nodes.push({ kind: 'decision', id: 'B', label: '重複' });
		assert.throws(
			() => validateGraph(g),
			(e: Error) => e instanceof NavGraphError && /duplicate node id "B"/.test(e.message),
		);
	});

	it('a page node without a slug', () => {
		const g = good();
		const { slug: _slug, ...noSlug } = g.nodes.find((n) => n.id === 'M') as NavNode & {
			slug: string;
		};
		g.nodes = g.nodes.map((n) => (n.id === 'M' ? (noSlug as unknown as NavNode) : n));
		assert.throws(
			() => validateGraph(g),
			(e: Error) =>
				e instanceof NavGraphError && /nodes\.\d+\.slug: a page node needs a slug/.test(e.message),
		);
	});

	it('a duplicate edge and a duplicate slug', () => {
		const g = good();
		g.edges.push({ from: 'A', to: 'B' });
		g.nodes = g.nodes.map((n) => (n.id === 'Q' ? { ...n, slug: 'workshops/litellm' } : n));
		assert.throws(
			() => validateGraph(g),
			(e: Error) =>
				/duplicate edge A→B/.test(e.message) &&
				/duplicate slug "workshops\/litellm"/.test(e.message),
		);
	});
});

describe('pathsFromStart', () => {
	const paths = pathsFromStart();
	const runtimePages = ['G', 'H', 'I', 'J'];
	const workshops = ['CL', 'L', 'M', 'N', 'O'];

	it('has 4 runtime pages × 5 workshops = 20 paths, each combination once', () => {
		assert.equal(paths.length, 20);
		const combos = paths.map(
			(p) =>
				`${p.ids.find((id) => runtimePages.includes(id))}/${p.ids.find((id) => workshops.includes(id))}`,
		);
		assert.equal(new Set(combos).size, 20);
	});

	it('every path starts at A, passes K, and ends at the workshop or its implementation page', () => {
		for (const p of paths) {
			assert.equal(p.ids[0], 'A');
			assert.ok(p.ids.includes('K'));
			const last = p.ids.at(-1)!;
			assert.equal(edges.filter((e) => e.from === last).length, 0, `${last} is an end page`);
			// Consecutive ids are edges of the graph.
			for (let i = 1; i < p.ids.length; i++)
				assert.ok(edges.some((e) => e.from === p.ids[i - 1] && e.to === p.ids[i]));
			assert.ok(p.pages.every((n) => n.kind === 'page'));
		}
		const litellm = paths.find((p) => p.ids.includes('G') && p.ids.includes('M'))!;
		assert.deepEqual(litellm.ids, ['A', 'B', 'C', 'E', 'G', 'K', 'M', 'Q']);
		assert.deepEqual(litellm.labels, ['セルフアカウント', 'Amazon EC2 環境(推奨)', 'LiteLLM']);
		const cline = paths.find((p) => p.ids.includes('J') && p.ids.includes('CL'))!;
		assert.deepEqual(cline.ids, ['A', 'B', 'D', 'F', 'J', 'K', 'CL']);
	});
});

describe('nextSteps', () => {
	const brief = (id: string) => {
		const s = nextSteps(id);
		return {
			forward: s.forward.map(
				(x) => `${x.labels.join('+')}→${x.node.id}${x.decision ? `@${x.decision.id}` : ''}`,
			),
			back: s.back.map((x) => x.node.id),
		};
	};

	it('from A goes through decision B with its edge labels', () => {
		assert.deepEqual(brief('A'), {
			forward: ['セルフアカウント→C@B', 'Workshop Studio→D@B'],
			back: [],
		});
	});

	it('from C and D goes through the runtime decisions', () => {
		assert.deepEqual(brief('C'), {
			forward: ['Amazon EC2 環境(推奨)→G@E', 'ローカル環境→H@E'],
			back: ['A'],
		});
		assert.deepEqual(brief('D'), {
			forward: ['Amazon EC2 環境(推奨)→I@F', 'ローカル環境→J@F'],
			back: ['A'],
		});
	});

	it('from a runtime page to K and back to its account page', () => {
		assert.deepEqual(brief('H'), { forward: ['→K'], back: ['C'] });
		assert.deepEqual(brief('I'), { forward: ['→K'], back: ['D'] });
	});

	it('from K to the five workshops, back to the four runtime pages', () => {
		assert.deepEqual(brief('K'), {
			forward: ['Cline→CL', 'MCP→L', 'LiteLLM→M', 'Langfuse→N', 'MLflow→O'],
			back: ['G', 'H', 'I', 'J'],
		});
	});

	it('from M to Q; end pages have no forward step and point back to K for another choice', () => {
		assert.deepEqual(brief('M'), { forward: ['→Q'], back: ['K'] });
		assert.deepEqual(brief('Q'), { forward: [], back: ['M'] });
		assert.deepEqual(brief('CL'), { forward: [], back: ['K'] });
		assert.equal(nearestChoicePage('Q')?.id, 'K');
		assert.equal(nearestChoicePage('CL')?.id, 'K');
		assert.equal(nearestChoicePage('A'), undefined);
	});

	it('rejects decision nodes and unknown ids', () => {
		assert.throws(() => nextSteps('B'), NavGraphError);
		assert.throws(() => nextSteps('ZZ'), /No navigation node with id "ZZ"/);
	});
});

describe('continueTo (extra forward links of 次のステップ, not chart edges)', () => {
	const onward = (id: string) => nextSteps(id).continueTo.map((c) => `${c.node.id}:${c.label}`);

	it("the LiteLLM page leads on to Langfuse, as the seed's 次のステップ does, and to MLflow; so does its details page Q", () => {
		// Seed: 「[次のステップ] - [Langfuse ワークショップを開始](./langfuse.md)」.
		assert.deepEqual(onward('M'), [
			'N:Langfuse ワークショップを開始',
			'O:MLflow ワークショップを開始',
		]);
		assert.deepEqual(onward('Q'), [
			'N:Langfuse ワークショップを開始',
			'O:MLflow ワークショップを開始',
		]);
		// The chart's own steps are unchanged beside them.
		assert.deepEqual(
			nextSteps('M').forward.map((x) => x.node.id),
			['Q'],
		);
		assert.deepEqual(
			nextSteps('M').back.map((x) => x.node.id),
			['K'],
		);
		assert.deepEqual(nextSteps('Q').forward, []);
		assert.equal(nearestChoicePage('Q')?.id, 'K');
	});

	it('no other page has one', () => {
		for (const n of pageNodes.filter((x) => x.id !== 'M' && x.id !== 'Q'))
			assert.deepEqual(onward(n.id), [], n.id);
	});

	it('stays out of the chart: no edge, no mermaid arrow, not in the text alternative, the same 20 paths', () => {
		for (const l of continueTo) {
			assert.ok(
				!edges.some((e) => e.from === l.from && e.to === l.to),
				`${l.from}→${l.to} is not an edge`,
			);
			assert.doesNotMatch(toMermaid('/'), new RegExp(`^\\s*${l.from} -->.*\\b${l.to}$`, 'm'));
		}
		const m = chartOutline().find((e) => e.node.id === 'M')!;
		assert.deepEqual(
			m.choices.flatMap((c) => c.steps.map((st) => st.node.id)),
			['Q'],
		);
		assert.equal(pathsFromStart().length, 20);
	});

	const reject = (data: unknown, pattern: RegExp) =>
		assert.throws(
			() => validateContinueTo(data),
			(e: Error) => e instanceof NavGraphError && pattern.test(e.message),
		);

	it('validateContinueTo accepts page-to-page links the chart lacks', () => {
		assert.deepEqual(validateContinueTo([{ from: 'L', to: 'M', label: 'LiteLLM へ' }]), [
			{ from: 'L', to: 'M', label: 'LiteLLM へ' },
		]);
		assert.deepEqual(validateContinueTo([]), []);
	});

	it('validateContinueTo rejects bad links with a clear message', () => {
		reject(
			[{ from: 'M', to: 'X', label: 'x' }],
			/continueTo\.0\.to: continue link M→X points at unknown node "X"/,
		);
		reject(
			[{ from: 'M', to: 'B', label: 'x' }],
			/continueTo\.0\.to: continue link M→B: "B" is a decision, not a page/,
		);
		reject([{ from: 'M', to: 'M', label: 'x' }], /continue link M→M leads to its own page/);
		reject(
			[
				{ from: 'M', to: 'N', label: 'x' },
				{ from: 'M', to: 'N', label: 'y' },
			],
			/continueTo\.1: duplicate continue link M→N/,
		);
		// Already a step along the chart: directly (M→Q) or through a decision (A→C via B).
		reject(
			[{ from: 'M', to: 'Q', label: 'x' }],
			/continue link M→Q is already a forward step along the chart/,
		);
		reject(
			[{ from: 'A', to: 'C', label: 'x' }],
			/continue link A→C is already a forward step along the chart/,
		);
		reject([{ from: 'M', to: 'N', label: ' ' }], /continueTo\.0\.label: label must not be empty/);
		reject([{ from: 'M', to: 'N', label: 'x', rel: 'next' }], /continueTo\.0/);
	});
});

describe('derived outputs', () => {
	it('toMermaid: a flowchart TD with every node, every edge label, and a base-aware click href per page node', () => {
		const src = toMermaid('/cline-workshop/');
		assert.match(src, /^flowchart TD\n/);
		for (const n of pageNodes) {
			const href = n.slug ? `/cline-workshop/${n.slug}/` : '/cline-workshop/';
			assert.ok(src.includes(`click ${n.id} href "${href}"`), `click line for ${n.id}`);
		}
		for (const id of ['B', 'E', 'F'])
			assert.ok(!src.includes(`click ${id} `), `no link on decision ${id}`);
		for (const e of edges.filter((x) => x.label))
			assert.ok(src.includes(`${e.from} -->|"${e.label}"| ${e.to}`));
		assert.ok(src.includes('B{"アカウント選択"}'));
		assert.ok(toMermaid('/').includes('click K href "/workshops/"'));
	});

	it('starlightSidebar: every page node and extra page once, grouped, top page as "index"', () => {
		const groups = starlightSidebar();
		const slugs = groups.flatMap((g) => g.items.map((i) => i.slug));
		assert.equal(slugs.length, pageNodes.length + extraPages.length);
		assert.deepEqual(
			[...slugs].sort(),
			[...pageNodes.map((n) => n.slug || 'index'), ...extraPages.map((p) => p.slug)].sort(),
		);
		assert.equal(groups[0]!.items[0]!.slug, 'index');
		for (const g of groups) assert.ok(g.label.length > 0 && g.items.length > 0);
		// The facilitators' page is last, in its own group.
		assert.deepEqual(groups.at(-1), {
			label: '主催者向け',
			items: [{ label: 'サイトの公開と参加者のブラウザー', slug: 'facilitators' }],
		});
	});

	it('chartOutline: every page in order with its choices grouped by decision (the chart’s text version)', () => {
		const outline = chartOutline();
		assert.deepEqual(
			outline.map((e) => e.node.id),
			pageNodes.map((n) => n.id),
		);
		const brief = (id: string) =>
			outline
				.find((e) => e.node.id === id)!
				.choices.map(
					(c) =>
						`${c.decision?.id ?? '-'}:${c.steps.map((s) => `${s.labels.join('+')}>${s.node.id}`).join(',')}`,
				);
		assert.deepEqual(brief('A'), ['B:セルフアカウント>C,Workshop Studio>D']);
		assert.deepEqual(brief('D'), ['F:Amazon EC2 環境(推奨)>I,ローカル環境>J']);
		assert.deepEqual(brief('H'), ['-:>K']);
		assert.deepEqual(brief('K'), ['-:Cline>CL,MCP>L,LiteLLM>M,Langfuse>N,MLflow>O']);
		assert.deepEqual(brief('Q'), []);
		// Every edge of the graph is told once: choices out of pages cover all edges between pages.
		const told = outline.reduce((n, e) => n + e.choices.reduce((m, c) => m + c.steps.length, 0), 0);
		assert.equal(told, edges.filter((e) => getNode(e.to).kind === 'page').length);
	});

	it('pageHref and nodeBySlug normalise slashes, base and index', () => {
		assert.equal(pageHref('/cline-workshop', 'account/self'), '/cline-workshop/account/self/');
		assert.equal(pageHref('/cline-workshop/', ''), '/cline-workshop/');
		assert.equal(pageHref('/', 'workshops'), '/workshops/');
		assert.equal(pageHref('', '/workshops/index/'), '/workshops/');
		assert.equal(nodeBySlug('')?.id, 'A');
		assert.equal(nodeBySlug('index')?.id, 'A');
		assert.equal(nodeBySlug('/workshops/')?.id, 'K');
		assert.equal(nodeBySlug('workshops/litellm/implementation')?.id, 'Q');
		assert.equal(nodeBySlug('404'), undefined);
	});
});

describe('the participant’s path (「現在地」)', () => {
	it('every page node has a crumb; set-up choices match the edges; services map to pages', async () => {
		const g = await import('../../src/lib/nav/graph.ts');
		for (const n of pageNodes) assert.ok(g.crumbs[n.id], `crumb of ${n.id}`);
		assert.deepEqual(
			g.setupChoices.map((c) => [c.id, c.account, c.runtime]),
			[
				['G', 'C', 'ec2'],
				['H', 'C', 'local'],
				['I', 'D', 'ec2'],
				['J', 'D', 'local'],
			],
		);
		for (const c of g.setupChoices)
			assert.ok(nextSteps(c.account).forward.some((s) => s.node.id === c.id));
		assert.equal(g.setupFor('D', 'ec2')?.id, 'I');
		assert.equal(g.setupFor('D', undefined), undefined);
		assert.deepEqual(g.serviceNodes, { litellm: 'M', langfuse: 'N', mlflow: 'O' });
		assert.deepEqual(
			g.runtimes.map((r) => r.tabLabel),
			['Amazon EC2', 'ローカル PC'],
		);
		assert.equal(g.RUNTIME_TABS_STORAGE_KEY, 'starlight-synced-tabs__runtime');
		assert.deepEqual(g.chartOpenPages, ['A', 'K']);
	});

	it('participantPath follows the choice, leaves a gap without one, and is fixed by the page itself', async () => {
		const { participantPath, pathText } = await import('../../src/lib/nav/graph.ts');
		const t = (id: string, c?: { setup?: string; account?: string }) =>
			pathText(participantPath(id, c));
		assert.equal(
			t('M', { setup: 'I' }),
			'概要 › Workshop Studio › Amazon EC2 › ワークショップ一覧 › LiteLLM',
		);
		assert.equal(
			t('Q', { setup: 'H' }),
			'概要 › セルフアカウント › ローカル PC › ワークショップ一覧 › LiteLLM › 実装詳細',
		);
		assert.equal(t('M'), '概要 › … › ワークショップ一覧 › LiteLLM');
		assert.equal(
			t('K', { account: 'C' }),
			'概要 › … › ワークショップ一覧',
			'an account alone does not pick a set-up page',
		);
		assert.equal(
			t('G', { setup: 'J' }),
			'概要 › セルフアカウント › Amazon EC2',
			'the page fixes its own path',
		);
		assert.equal(t('D'), '概要 › Workshop Studio');
		assert.equal(t('A'), '概要');
		const items = participantPath('M');
		assert.deepEqual(
			items.map((i) => (i.kind === 'gap' ? 'gap' : i.node.id)),
			['A', 'gap', 'K', 'M'],
		);
		assert.throws(() => participantPath('B'), NavGraphError);
		assert.throws(() => participantPath('ZZ'), NavGraphError);
	});
});
