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
	queue: Promise<unknown>;
	launches: number;
}

const STATE_KEY = Symbol.for('cline-workshop.mermaid-renderer');
const g = globalThis as typeof globalThis & { [STATE_KEY]?: RendererState };
const state: RendererState = (g[STATE_KEY] ??= {
	cache: new Map(),
	queue: Promise.resolve(),
	launches: 0,
});

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
const RENDER_IN_PAGE = `async ({ code, svgId, config }) => {
	const mermaid = globalThis.mermaid;
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
		const out = root.outerHTML;
		host.remove();
		if (problems.length) return { ok: false, error: 'labels would be clipped:\\n  ' + problems.join('\\n  ') };
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
): Promise<string> {
	const page = await getPage();
	const args = JSON.stringify({ code, svgId, config: { ...mermaidConfig, theme } });
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
	state.queue = Promise.resolve();
	if (browser) await browser.then((b) => b.close()).catch(() => undefined);
}
