/**
 * Unit tests of the build-time mermaid renderer (src/lib/flowchart/render.ts).
 * They launch Debian's Chromium (src/lib/browser.ts; `CHROMIUM_PATH` overrides).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
	BrowserNotFoundError,
	DiagramRenderError,
	closeRenderer,
	markCurrentNode,
	renderDiagram,
	rendererLaunchCount,
} from '../../src/lib/flowchart/render.ts';
import { edges, nodes, pageHref, pageNodes, toMermaid } from '../../src/lib/nav/graph.ts';

const BASE = '/cline-workshop/';
const renderModule = fileURLToPath(new URL('../../src/lib/flowchart/render.ts', import.meta.url));

after(() => closeRenderer());

/** All `<a ...>` start tags of an SVG string, with their `data-node-link` and `href`. */
function links(svg: string): { node: string; href: string; tag: string }[] {
	return [...svg.matchAll(/<a\b[^>]*>/g)].map((m) => ({
		tag: m[0],
		node: /data-node-link="([^"]+)"/.exec(m[0])?.[1] ?? '',
		href: / href="([^"]+)"/.exec(m[0])?.[1] ?? '',
	}));
}

describe('renderDiagram: the navigation chart', () => {
	it('renders light and dark SVG with a real link to every page node under the base', async () => {
		const d = await renderDiagram(toMermaid(BASE));
		for (const [theme, svg] of [
			['light', d.light],
			['dark', d.dark],
		] as const) {
			assert.match(svg, new RegExp(`^<svg id="${d.id}-${theme}"`));
			assert.doesNotMatch(svg, /<script/i, 'no script inside the SVG');
			assert.doesNotMatch(svg, /<foreignObject/i, 'labels are SVG text (htmlLabels: false)');
			const found = links(svg);
			assert.deepEqual(
				found.map((l) => l.node).sort(),
				pageNodes.map((n) => n.id).sort(),
				`${theme}: one link per page node`,
			);
			for (const n of pageNodes) {
				const link = found.find((l) => l.node === n.id)!;
				assert.equal(link.href, pageHref(BASE, n.slug), `${theme}: href of ${n.id}`);
				assert.doesNotMatch(link.tag, /target=/, `${theme}: ${n.id} opens in the same tab`);
			}
			for (const n of nodes)
				assert.ok(svg.includes(`data-node-id="${n.id}"`), `${theme}: node ${n.id} annotated`);
			// Every node label (line by line) and every edge label is in the SVG as text.
			const text = svg.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, '');
			for (const n of nodes)
				for (const line of n.label.split('\n'))
					assert.ok(text.includes(line), `${theme}: label of ${n.id}: ${line}`);
			for (const e of edges)
				if (e.label) assert.ok(text.includes(e.label), `${theme}: edge label ${e.label}`);
		}
		assert.notEqual(d.light, d.dark, 'the two themes differ');
	});

	it('is memoised: the same source is rendered once, in one browser', async () => {
		const before = rendererLaunchCount();
		const a = renderDiagram(toMermaid(BASE));
		const b = renderDiagram(toMermaid(BASE));
		assert.equal(a, b, 'same promise for the same source');
		await a;
		await renderDiagram('flowchart TD\n  X["テスト"] --> Y["別の図"]');
		assert.equal(rendererLaunchCount(), before, 'no new browser for another diagram');
	});

	it('markCurrentNode marks exactly that node and its link', async () => {
		const d = await renderDiagram(toMermaid(BASE));
		const svg = markCurrentNode(d.light, 'M');
		assert.equal(svg.match(/data-current="true"/g)?.length, 1);
		assert.match(svg, /data-node-id="M" data-current="true"/);
		const current = links(svg).filter((l) => l.tag.includes('aria-current="page"'));
		assert.deepEqual(
			current.map((l) => l.node),
			['M'],
		);
		// "C" must not also mark "CL".
		const c = markCurrentNode(d.light, 'C');
		assert.equal(c.match(/data-current="true"/g)?.length, 1);
		assert.match(c, /data-node-id="C" data-current="true"/);
		assert.equal(markCurrentNode(d.light, undefined), d.light);
		assert.throws(() => markCurrentNode(d.light, 'ZZ'), DiagramRenderError);
	});
});

describe('renderDiagram: errors', () => {
	it('a broken chart rejects with mermaid’s parse error and the source', async () => {
		await assert.rejects(renderDiagram('flowchart TD\n  A --> B[壊れた'), (e: Error) => {
			assert.ok(e instanceof DiagramRenderError);
			assert.match(e.message, /mermaid could not render this diagram/);
			assert.match(e.message, /Parse error on line \d+/);
			assert.match(e.message, /A --> B\[壊れた/);
			return true;
		});
		// The shared page still works after an error.
		const ok = await renderDiagram('flowchart LR\n  A["回復"] --> B');
		assert.match(ok.light, /回復/);
	});

	it('an unknown diagram type and empty source are rejected too', async () => {
		await assert.rejects(renderDiagram('notADiagram\n  A --> B'), DiagramRenderError);
		await assert.rejects(renderDiagram('   '), /Empty mermaid diagram/);
	});

	it('a missing browser fails with a message naming CHROMIUM_PATH and the setup script', async () => {
		const script = `
			import { renderDiagram, BrowserNotFoundError } from ${JSON.stringify(renderModule)};
			try { await renderDiagram('flowchart TD\\n A --> B'); console.log('RENDERED'); }
			catch (e) { console.log(e instanceof BrowserNotFoundError ? 'BNF ' + e.message : 'OTHER ' + e); }
		`;
		const { stdout } = await promisify(execFile)(
			process.execPath,
			['--input-type=module', '-e', script],
			{
				env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' },
			},
		);
		assert.match(stdout, /^BNF /);
		assert.match(stdout, /CHROMIUM_PATH/);
		assert.match(stdout, /\.\/scripts\/setup-machine\.sh/);
		assert.match(stdout, /\/nonexistent\/chromium/);
		assert.ok(BrowserNotFoundError);
	});
});

describe('renderFlowchart: the navigation chart as one CSS-themed SVG', () => {
	it('is one small SVG without colours, styles or ids of mermaid, every label and link kept', async () => {
		const { renderFlowchart } = await import('../../src/lib/flowchart/render.ts');
		const { svg, id } = await renderFlowchart(toMermaid(BASE));
		assert.match(
			svg,
			new RegExp(
				`^<svg xmlns="http://www.w3.org/2000/svg" class="nav-chart" id="${id}" role="graphics-document document" viewBox="[\\d. ]+" width="\\d+" height="\\d+">`,
			),
		);
		assert.equal(svg.match(/<svg\b/g)?.length, 1, 'one SVG');
		assert.doesNotMatch(
			svg,
			/<style|style="|fill="|stroke="|#[0-9a-f]{3,6}\b/i,
			'no colours of its own: CSS themes it',
		);
		assert.doesNotMatch(svg, /<script|<foreignObject|class="label-container"/i);
		assert.ok(svg.length < 12_000, `compact: ${svg.length} bytes`);
		const found = links(svg);
		assert.deepEqual(found.map((l) => l.node).sort(), pageNodes.map((n) => n.id).sort());
		for (const n of pageNodes)
			assert.equal(found.find((l) => l.node === n.id)!.href, pageHref(BASE, n.slug));
		for (const n of nodes) {
			const tag = new RegExp(
				`<g class="node( decision)?" data-node-id="${n.id}"( aria-hidden="true")?>`,
			).exec(svg);
			assert.ok(tag, `node ${n.id}`);
			assert.equal(!!tag[2], n.kind === 'decision', `${n.id}: only decisions are aria-hidden`);
		}
		assert.match(svg, /<g class="edge-labels" aria-hidden="true">/);
		assert.equal(
			svg.match(/<g class="edges"[^>]*>(<path d="[^"]+"\/>)+<\/g>/)?.[0].match(/<path/g)?.length,
			edges.length,
		);
		const text = svg.replace(/<[^>]+>/g, '');
		for (const n of nodes)
			for (const line of n.label.split('\n'))
				assert.ok(text.includes(line), `label of ${n.id}: ${line}`);
		for (const e of edges) if (e.label) assert.ok(text.includes(e.label), `edge label ${e.label}`);
		const marked = markCurrentNode(svg, 'M');
		assert.match(
			marked,
			/data-node-link="M" aria-current="page"><g class="node" data-node-id="M" data-current="true">/,
		);
	});
});
