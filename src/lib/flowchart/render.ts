/**
 * Build-time mermaid → inline SVG renderer (Node only; no Astro imports).
 *
 * Why a browser: mermaid lays text out with the browser's font metrics (SVG getBBox).
 * The browser-free options on npm do not draw this chart faithfully with its
 * `click ... href` links: beautiful-mermaid has its own renderer without click/link
 * support; isomorphic-mermaid fakes the DOM, so text measurement (Japanese labels,
 * box widths) is guessed; mermaid-isomorphic and @mermaid-js/mermaid-cli drive a
 * headless browser themselves (Playwright / a Puppeteer-downloaded Chrome, which
 * cannot be downloaded here). So we drive Debian's Chromium through Playwright and run mermaid 12's own
 * bundle (`node_modules/mermaid/dist/mermaid.min.js`) in ONE page for the whole build:
 * - the browser is launched lazily on the first render and shared by every caller
 *   (state lives on `globalThis`, so duplicated module instances in Astro's build
 *   chunks and `astro.config.mjs` see the same browser);
 * - results are memoised by source text, so the navigation chart is rendered once per
 *   build, not once per page;
 * - `closeRenderer()` closes the browser (called from the `astro:build:done` hook of
 *   `flowchartIntegration()` in ./integration.ts, and by the tests).
 *
 * Each diagram is rendered twice, with mermaid's `default` (light) and `dark` themes;
 * CSS on `:root[data-theme='dark']` (src/styles/diagram.css) shows one of them, so
 * Starlight's theme select switches diagrams without any JavaScript of ours.
 * No mermaid JavaScript reaches the browser of a participant.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
// Imported statically: astro.config.mjs loads this module through Vite's module
// runner, which is closed once the config is loaded, so a lazy import() would fail.
import { chromium, type Browser, type Page } from 'playwright';
import { chromiumArgs, chromiumPath } from '../browser.ts';

/** The two SVGs of one diagram: `light` (mermaid theme `default`) and `dark` (theme `dark`). */
export interface RenderedDiagram {
	/** SVG markup for the light theme; its root `<svg>` id is `<id>-light`. */
	readonly light: string;
	/** SVG markup for the dark theme; its root `<svg>` id is `<id>-dark`. */
	readonly dark: string;
	/** The id prefix used for both SVGs (stable: derived from the source text). */
	readonly id: string;
}

/** The diagram's source could not be rendered (parse error, label overflow, ...). */
export class DiagramRenderError extends Error {
	override name = 'DiagramRenderError';
}

/** No usable Chromium: the message names `CHROMIUM_PATH` and the setup script. */
export class BrowserNotFoundError extends Error {
	override name = 'BrowserNotFoundError';
}

/**
 * The font stack of diagram text, at build time (Debian: Noto Sans CJK JP from
 * `fonts-noto-cjk`) and in participants' browsers (macOS: Hiragino Sans, Windows:
 * Yu Gothic UI / Meiryo, Linux: Noto). CJK glyphs are 1 em wide in all of them, so the
 * boxes measured at build time fit; node padding absorbs Latin width differences.
 */
export const DIAGRAM_FONT_FAMILY =
	'"Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic UI", "Yu Gothic", Meiryo, sans-serif';

/** Diagram font size in px (SVG user units; the SVG scales down on narrow screens). */
export const DIAGRAM_FONT_SIZE_PX = 14;

/**
 * mermaid configuration used for every diagram (theme is added per render).
 * `layout: 'dagre'`: mermaid 12 defaults to ELK; dagre draws the seed's chart as the
 * manuals did. `htmlLabels: false`: labels are SVG `<text>`, no `<foreignObject>`,
 * so the inline SVG renders the same everywhere and nothing is clipped by a
 * foreignObject box. `securityLevel: 'strict'`: links are sanitised, no callbacks.
 */
export const mermaidConfig = {
	startOnLoad: false,
	layout: 'dagre',
	look: 'classic',
	securityLevel: 'strict',
	htmlLabels: false,
	markdownAutoWrap: false,
	suppressErrorRendering: true,
	fontFamily: DIAGRAM_FONT_FAMILY,
	themeVariables: { fontFamily: DIAGRAM_FONT_FAMILY, fontSize: `${DIAGRAM_FONT_SIZE_PX}px` },
	flowchart: {
		htmlLabels: false,
		wrappingWidth: 400,
		padding: 12,
		rankSpacing: 30,
		nodeSpacing: 20,
		diagramPadding: 4,
		minNodeWidth: 70,
	},
} as const;

interface RendererState {
	browser?: Promise<Browser>;
	page?: Promise<Page>;
	cache: Map<string, Promise<RenderedDiagram>>;
	flowcharts: Map<string, Promise<RenderedFlowchart>>;
	queue: Promise<unknown>;
	launches: number;
}

const STATE_KEY = Symbol.for('cline-workshop.mermaid-renderer');
const g = globalThis as typeof globalThis & { [STATE_KEY]?: RendererState };
const state: RendererState = (g[STATE_KEY] ??= {
	cache: new Map(),
	flowcharts: new Map(),
	queue: Promise.resolve(),
	launches: 0,
});
// A state object made by an older copy of this module (dev server reload) lacks the map.
state.flowcharts ??= new Map();

/** Absolute path of mermaid's browser bundle, resolved from this module or the project root. */
function mermaidBundlePath(): string {
	const tries = [import.meta.url, path.join(process.cwd(), 'package.json')];
	for (const from of tries) {
		try {
			return createRequire(from).resolve('mermaid/dist/mermaid.min.js');
		} catch {
			/* try the next base */
		}
	}
	throw new DiagramRenderError(
		'Cannot find mermaid/dist/mermaid.min.js: run `npm ci` in the project root.',
	);
}

function browserMissing(detail: string): BrowserNotFoundError {
	return new BrowserNotFoundError(
		`The flowchart and mermaid diagrams are rendered at build time in Chromium, but ${detail}. ` +
			`Install Chromium and CJK fonts with ./scripts/setup-machine.sh, or set CHROMIUM_PATH ` +
			`to a Chromium/Chrome binary (currently ${chromiumPath}).`,
	);
}

async function launch(): Promise<Browser> {
	if (!existsSync(chromiumPath)) throw browserMissing(`no browser was found at ${chromiumPath}`);
	try {
		state.launches++;
		return await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs] });
	} catch (error) {
		throw browserMissing(
			`launching ${chromiumPath} failed: ${(error as Error).message.split('\n')[0]}`,
		);
	}
}

async function openPage(): Promise<Page> {
	state.browser ??= launch();
	const browser = await state.browser;
	const page = await browser.newPage();
	await page.setContent(
		'<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>',
	);
	await page.addScriptTag({ path: mermaidBundlePath() });
	return page;
}

function getPage(): Promise<Page> {
	state.page ??= openPage().catch((error) => {
		// Forget the failed attempt so that a later call reports the error again.
		state.page = undefined;
		state.browser = undefined;
		throw error;
	});
	return state.page;
}

/** Runs `fn` after every earlier job: mermaid's render is not safe to run concurrently. */
function enqueue<T>(fn: () => Promise<T>): Promise<T> {
	const run = state.queue.then(fn, fn);
	state.queue = run.catch(() => undefined);
	return run;
}

interface BrowserResult {
	ok: boolean;
	svg?: string;
	error?: string;
}

/**
 * Runs in the page on a rendered flowchart still in the document (plain JavaScript kept
 * as a string, like {@link RENDER_IN_PAGE}): writes the same chart again as a small
 * SVG without mermaid's `<style>`, ids, inline styles or nesting, so that it can be
 * themed by the site's CSS (src/styles/diagram.css, custom properties of Starlight's
 * light and dark themes) and inlined once per page. Geometry is read from the layout
 * (`getBoundingClientRect`, mapped into the SVG's user space) and rounded to whole px
 * (invisible at this scale, and a third smaller). Output:
 * - `<svg class="nav-chart" role="graphics-document document" viewBox width height>`
 *   (user units = px at 100 %; the role mermaid gives it), one arrow `<marker>`;
 * - `<g class="edges">`: one `<path>` per edge;
 * - `<g class="edge-labels" aria-hidden="true">`: a `<rect>` and `<text>` per label;
 * - per node `<g class="node" data-node-id>` holding its shape (`<rect>` or, for a
 *   decision, `<polygon>`) and one `<text>` per line (centred: CSS sets
 *   `text-anchor: middle; dominant-baseline: central`); a page node sits in
 *   `<a href data-node-link>`, a decision node is `aria-hidden="true"`.
 * Arguments `(root, svgId)`; returns the SVG markup.
 */
const COMPACT_IN_PAGE = `(root, svgId) => {
	const inv = root.getScreenCTM().inverse();
	const r1 = (v) => String(Math.round(v));
	const pt = (x, y) => new DOMPoint(x, y).matrixTransform(inv);
	const box = (el) => {
		const b = el.getBoundingClientRect();
		const a = pt(b.left, b.top);
		const c = pt(b.right, b.bottom);
		return { x: a.x, y: a.y, w: c.x - a.x, h: c.y - a.y };
	};
	const esc = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
	const texts = (el) => [...el.querySelectorAll('tspan.text-outer-tspan')]
		.filter((t) => t.textContent.trim() !== '')
		.map((t) => { const b = box(t); return '<text x="' + r1(b.x + b.w / 2) + '" y="' + r1(b.y + b.h / 2) + '">' + esc(t.textContent.trim()) + '</text>'; })
		.join('');
	const vb = root.viewBox.baseVal;
	const out = [];
	out.push('<svg xmlns="http://www.w3.org/2000/svg" class="nav-chart" id="' + svgId + '" role="graphics-document document" viewBox="' + [Math.floor(vb.x), Math.floor(vb.y), Math.ceil(vb.width), Math.ceil(vb.height)].join(' ') + '" width="' + Math.ceil(vb.width) + '" height="' + Math.ceil(vb.height) + '">');
	out.push('<defs><marker id="' + svgId + '-arrow" viewBox="0 0 10 10" refX="5" refY="5" markerUnits="userSpaceOnUse" markerWidth="8" markerHeight="8" orient="auto"><path d="M0 0L10 5L0 10z"/></marker></defs>');
	out.push('<g class="edges" marker-end="url(#' + svgId + '-arrow)">');
	for (const p of root.querySelectorAll('g.edgePaths > path')) {
		const m = inv.multiply(p.getScreenCTM());
		const nums = (p.getAttribute('d') || '').match(/[A-Za-z]|-?[0-9.]+/g) || [];
		let d = '';
		let xy = [];
		const xs = [];
		const ys = [];
		for (const tok of nums) {
			if (/[A-Za-z]/.test(tok)) { d += tok; continue; }
			xy.push(Number(tok));
			if (xy.length === 2) { const q = new DOMPoint(xy[0], xy[1]).matrixTransform(m); const x = Math.round(q.x); const y = Math.round(q.y); xs.push(x); ys.push(y); d += (/[0-9]$/.test(d) ? ' ' : '') + x + ',' + y; xy = []; }
		}
		// A straight vertical edge (most of them): its curve segments are one line.
		if (xs.length > 1 && xs.every((x) => x === xs[0])) d = 'M' + xs[0] + ',' + ys[0] + 'V' + ys[ys.length - 1];
		out.push('<path d="' + d + '"/>');
	}
	out.push('</g><g class="edge-labels" aria-hidden="true">');
	for (const label of root.querySelectorAll('g.edgeLabel')) {
		const t = texts(label);
		const bg = label.querySelector('rect.background');
		if (!t || !bg) continue;
		const b = box(bg);
		out.push('<rect x="' + r1(b.x) + '" y="' + r1(b.y) + '" width="' + r1(b.w) + '" height="' + r1(b.h) + '"/>' + t);
	}
	out.push('</g><g class="nodes">');
	for (const node of root.querySelectorAll('g.node[data-node-id]')) {
		const id = node.getAttribute('data-node-id');
		const shape = node.querySelector('.label-container');
		let shapeOut = '';
		if (shape && shape.tagName === 'polygon') {
			const m = inv.multiply(shape.getScreenCTM());
			const pts = [...shape.points].map((q) => { const r = new DOMPoint(q.x, q.y).matrixTransform(m); return r1(r.x) + ',' + r1(r.y); });
			shapeOut = '<polygon points="' + pts.join(' ') + '"/>';
		} else if (shape) {
			const b = box(shape);
			shapeOut = '<rect x="' + r1(b.x) + '" y="' + r1(b.y) + '" width="' + r1(b.w) + '" height="' + r1(b.h) + '"/>';
		}
		const link = node.getAttribute('data-node-id') && node.parentElement && node.parentElement.closest('a');
		const g = '<g class="node' + (link ? '' : ' decision') + '" data-node-id="' + esc(id) + '"' + (link ? '' : ' aria-hidden="true"') + '>' + shapeOut + texts(node) + '</g>';
		out.push(link ? '<a href="' + esc(link.getAttribute('href') || '') + '" data-node-link="' + esc(id) + '">' + g + '</a>' : g);
	}
	out.push('</g></svg>');
	return out.join('');
}`;

/**
 * Runs in the page (plain JavaScript kept as a string, so that no bundler helper such
 * as `__name` leaks into the browser): parses, renders one theme, and annotates the
 * SVG for the site.
 * - every flowchart node `<g class="node">` gets `data-node-id="<mermaid id>"`, and the
 *   `<a>` around a clickable node gets `data-node-link="<mermaid id>"` and an `href`
 *   (SVG 2) beside mermaid's `xlink:href`;
 * - a node whose label is wider than its shape makes the render fail (clipped text);
 * - `data-points` attributes are dropped and coordinates rounded to 0.01 px (size);
 * - a node label with too little contrast against its fill (e.g. a `style X fill:#f9f`
 *   written for the light theme, seen in the dark theme) gets dark or light text.
 * Argument `{ code, svgId, config }`; resolves to `{ ok, svg?, error? }`.
 */
const RENDER_IN_PAGE = `async ({ code, svgId, config, compact }) => {
	const mermaid = globalThis.mermaid;
	const compactFlowchart = ${COMPACT_IN_PAGE};
	try {
		mermaid.initialize(config);
		await mermaid.parse(code);
		const { svg } = await mermaid.render(svgId, code);
		const host = document.createElement('div');
		host.innerHTML = svg;
		document.body.append(host);
		const root = host.querySelector('svg');
		const problems = [];
		const prefix = svgId + '-flowchart-';
		// A 'style X fill:...' written for the light theme leaves the dark theme's light
		// text on a light fill: pick dark or light text by the fill's luminance.
		const rgb = (c) => (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
		const lum = (c) => {
			const [r, g, b] = rgb(c).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
			return 0.2126 * r + 0.7152 * g + 0.0722 * b;
		};
		const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
		const ensureContrast = (shape, text) => {
			const fill = getComputedStyle(shape).fill;
			if (!/^rgb/.test(fill)) return;
			for (const t of [text, ...text.querySelectorAll('tspan')]) {
				if (contrast(fill, getComputedStyle(t).fill) >= 4.5) continue;
				const color = lum(fill) > 0.18 ? '#111111' : '#f5f5f5';
				t.setAttribute('style', ((t.getAttribute('style') || '') + ';fill:' + color).replace(/^;/, ''));
			}
		};
		for (const node of root.querySelectorAll('g.node')) {
			const shape = node.querySelector('.label-container');
			const text = node.querySelector('text');
			if (shape && text) ensureContrast(shape, text);
			const match = node.id.startsWith(prefix) ? /^(.+)-\\d+$/.exec(node.id.slice(prefix.length)) : null;
			if (!match) continue;
			const nodeId = match[1];
			node.setAttribute('data-node-id', nodeId);
			const link = node.parentElement && node.parentElement.closest('a');
			if (link) {
				link.setAttribute('data-node-link', nodeId);
				const href = link.getAttribute('xlink:href') || link.getAttributeNS('http://www.w3.org/1999/xlink', 'href');
				if (href) link.setAttribute('href', href);
			}
			if (shape && text) {
				const s = shape.getBBox();
				const t = text.getBBox();
				// Diamonds hold their text in the inner part of their bounding box.
				const room = shape.tagName === 'polygon' ? s.width * 0.75 : s.width - 4;
				if (t.width > room) problems.push('node ' + nodeId + ': label ' + Math.ceil(t.width) + 'px wide, shape has room for ' + Math.floor(room) + 'px');
			}
		}
		// Trim what a static page never uses: mermaid's edge point data (base64 JSON
		// for its own interactivity) and coordinates beyond 1/100 px.
		for (const el of root.querySelectorAll('[data-points]')) el.removeAttribute('data-points');
		const round = (v) => v.replace(/(\\d+\\.\\d\\d)\\d+/g, '$1');
		for (const el of [root, ...root.querySelectorAll('*')]) {
			for (const name of ['d', 'transform', 'x', 'y', 'x1', 'x2', 'y1', 'y2', 'width', 'height', 'points', 'viewBox', 'style']) {
				const v = el.getAttribute(name);
				if (v && /\\d\\.\\d{3}/.test(v)) el.setAttribute(name, round(v));
			}
		}
		if (problems.length) { host.remove(); return { ok: false, error: 'labels would be clipped:\\n  ' + problems.join('\\n  ') }; }
		const out = compact ? compactFlowchart(root, svgId) : root.outerHTML;
		host.remove();
		return { ok: true, svg: out };
	} catch (error) {
		for (const el of document.querySelectorAll('[id^="d' + svgId + '"], [id="' + svgId + '"]')) el.remove();
		return { ok: false, error: String((error && error.message) || error) };
	}
}`;

function describe(code: string): string {
	const lines = code.trim().split('\n');
	const head = lines.slice(0, 6).map((l, i) => `  ${String(i + 1).padStart(3)} | ${l}`);
	return head.join('\n') + (lines.length > 6 ? `\n      ... (${lines.length} lines)` : '');
}

async function renderTheme(
	code: string,
	svgId: string,
	theme: 'default' | 'dark',
	compact = false,
): Promise<string> {
	const page = await getPage();
	const args = JSON.stringify({ code, svgId, config: { ...mermaidConfig, theme }, compact });
	const result = (await page.evaluate(`(${RENDER_IN_PAGE})(${args})`)) as BrowserResult;
	if (!result.ok || !result.svg) {
		throw new DiagramRenderError(
			`mermaid could not render this diagram (theme ${theme}): ${result.error}\n${describe(code)}`,
		);
	}
	return result.svg;
}

/**
 * Stable id prefix for a diagram's SVGs: `mmd-` + the first 10 hex digits of the
 * SHA-256 of its source. Two different diagrams on one page get different ids.
 */
export function diagramId(code: string): string {
	return `mmd-${createHash('sha256').update(code).digest('hex').slice(0, 10)}`;
}

/**
 * Renders a mermaid diagram to inline SVG in the light and dark themes.
 * Memoised by source: the same `code` is rendered once per process (per build).
 *
 * @param code - mermaid source text (e.g. `flowchart TD\n A --> B`).
 * @returns `{ id, light, dark }` SVG markup (SVG user units = px at 100 %).
 * @throws DiagramRenderError on empty source, a mermaid parse/render error, or a label
 *   that would not fit its box; the message quotes mermaid's error and the source.
 * @throws BrowserNotFoundError if Chromium is missing (see `CHROMIUM_PATH`).
 */
export function renderDiagram(code: string): Promise<RenderedDiagram> {
	if (typeof code !== 'string' || code.trim() === '') {
		return Promise.reject(
			new DiagramRenderError('Empty mermaid diagram: pass the diagram source as `code`.'),
		);
	}
	const cached = state.cache.get(code);
	if (cached) return cached;
	const id = diagramId(code);
	const job = enqueue(async () => {
		const light = await renderTheme(code, `${id}-light`, 'default');
		const dark = await renderTheme(code, `${id}-dark`, 'dark');
		return { id, light, dark };
	});
	// A failed render is not cached, so a fixed source is rendered again (dev server).
	job.catch(() => state.cache.delete(code));
	state.cache.set(code, job);
	return job;
}

/** A flowchart rendered once, for the site's CSS to theme (see {@link renderFlowchart}). */
export interface RenderedFlowchart {
	/** The SVG markup; its root is `<svg class="nav-chart" id="<id>">`. */
	readonly svg: string;
	/** The SVG's id (stable: derived from the source text, like {@link diagramId}). */
	readonly id: string;
}

/**
 * Renders a mermaid flowchart ONCE to a compact inline SVG without colours of its own:
 * the site's stylesheet themes it with CSS custom properties for Starlight's light and
 * dark themes (src/styles/diagram.css, `.nav-chart`), so a page carries one SVG and
 * the theme switch needs no JavaScript. Structure: see {@link COMPACT_IN_PAGE}; nodes
 * carry `data-node-id`, page nodes are `<a href data-node-link>`, decision nodes and
 * edge labels are `aria-hidden`. Memoised by source, like {@link renderDiagram}.
 *
 * @param code - mermaid `flowchart` source (e.g. from `toMermaid()`).
 * @returns `{ id, svg }`; SVG user units are px at 100 % (font 14 px).
 * @throws DiagramRenderError as {@link renderDiagram} does (empty source, parse
 *   error, a label that would be clipped).
 * @throws BrowserNotFoundError if Chromium is missing.
 */
export function renderFlowchart(code: string): Promise<RenderedFlowchart> {
	if (typeof code !== 'string' || code.trim() === '') {
		return Promise.reject(
			new DiagramRenderError('Empty mermaid diagram: pass the diagram source as `code`.'),
		);
	}
	const key = `compact\n${code}`;
	const cached = state.flowcharts.get(key);
	if (cached) return cached;
	const id = `${diagramId(code)}-chart`;
	const job = enqueue(async () => ({ id, svg: await renderTheme(code, id, 'default', true) }));
	job.catch(() => state.flowcharts.delete(key));
	state.flowcharts.set(key, job);
	return job;
}

/**
 * Marks one node of a rendered flowchart as the current page: its `<g class="node">`
 * gets `data-current="true"` and its link `aria-current="page"`. Pure string work,
 * so one render serves every page.
 *
 * @param svg - SVG from {@link renderDiagram} (annotated with `data-node-id`).
 * @param nodeId - the mermaid node id, e.g. `'M'`; `undefined` marks nothing.
 * @returns the SVG with the node marked.
 * @throws DiagramRenderError if the SVG has no node with that id.
 */
export function markCurrentNode(svg: string, nodeId: string | undefined): string {
	if (!nodeId) return svg;
	const idAttr = `data-node-id="${nodeId}"`;
	if (!svg.includes(idAttr))
		throw new DiagramRenderError(`The flowchart has no node "${nodeId}" to mark as current.`);
	return svg
		.replaceAll(idAttr, `${idAttr} data-current="true"`)
		.replaceAll(`data-node-link="${nodeId}"`, `data-node-link="${nodeId}" aria-current="page"`);
}

/** How many times Chromium has been launched in this process (for tests and the bench). */
export function rendererLaunchCount(): number {
	return state.launches;
}

/**
 * Closes the shared browser (if any) and forgets cached renders. Safe to call when
 * nothing was rendered. Called at `astro:build:done` and by tests.
 */
export async function closeRenderer(): Promise<void> {
	const browser = state.browser;
	state.browser = undefined;
	state.page = undefined;
	state.cache.clear();
	state.flowcharts.clear();
	state.queue = Promise.resolve();
	if (browser) await browser.then((b) => b.close()).catch(() => undefined);
}
