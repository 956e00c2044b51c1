/**
 * An architecture diagram as one inline SVG string, built at build time from the data
 * (./architecture.ts) and the layout (./layout.ts). No script, no external reference.
 *
 * Colours are not in the SVG: every shape and text carries a class (`arch-zone--aws`,
 * `arch-edge--forward`, …) that src/styles/architecture.css paints with Starlight's CSS
 * custom properties, so one SVG serves the light and the dark theme.
 *
 * The SVG is `role="img"` with an `aria-label`; its words are also in the text
 * alternative under it (./describe.ts), which is what assistive technology reads.
 */
import { GRID, layoutDiagram, textWidth, type Layout } from './layout.ts';
import type { ArchitectureDiagram } from './types.ts';

/** Escapes text for SVG/XML content and attribute values. */
export function escapeXml(s: string): string {
	return s
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

const n = (v: number) => String(Math.round(v * 10) / 10);

export interface SvgOptions {
	/** Prefix for ids inside the SVG (the arrowhead marker), unique on the page. */
	idPrefix: string;
	/** The SVG's accessible name. */
	label: string;
}

/**
 * Builds the SVG.
 * @returns the markup and the layout it was drawn from (width and height in px at full size)
 * @throws Error from {@link layoutDiagram} for inconsistent data
 */
export function renderArchitectureSvg(
	d: ArchitectureDiagram,
	opts: SvgOptions,
): { svg: string; layout: Layout } {
	const layout = layoutDiagram(d);
	const id = (s: string) => `${opts.idPrefix}-${s}`;
	const out: string[] = [];
	out.push(
		`<svg xmlns="http://www.w3.org/2000/svg" class="arch-svg" viewBox="0 0 ${layout.width} ${layout.height}" width="${layout.width}" height="${layout.height}" role="img" aria-label="${escapeXml(opts.label)}" data-workshop="${escapeXml(d.workshop)}">`,
		`<defs><marker id="${id('arrow')}" class="arch-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>`,
	);
	for (const z of layout.zones) {
		const r = z.rect;
		out.push(
			`<g class="arch-zone arch-zone--${z.zone.kind}" data-zone="${escapeXml(z.zone.id)}">`,
			`<rect x="${n(r.x)}" y="${n(r.y)}" width="${n(r.w)}" height="${n(r.h)}" rx="8"/>`,
			`<text class="arch-zone__label" x="${n(r.x + GRID.pad)}" y="${n(r.y + GRID.zoneLabelH - 3)}" font-size="${GRID.zoneSize}">${escapeXml(z.zone.label)}</text>`,
			`</g>`,
		);
	}
	for (const e of layout.edges) {
		const pts = e.points.map((p) => `${n(p.x)},${n(p.y)}`).join(' ');
		out.push(
			`<g class="arch-edge arch-edge--${e.edge.kind}" data-from="${escapeXml(e.edge.from)}" data-to="${escapeXml(e.edge.to)}">`,
			`<polyline points="${pts}" fill="none" marker-end="url(#${id('arrow')})"/>`,
		);
		if (e.edge.label && e.labelAt) {
			const w = textWidth(e.edge.label, GRID.edgeSize) + 8;
			const h = GRID.edgeSize + 6;
			out.push(
				`<rect class="arch-edge__label-bg" x="${n(e.labelAt.x - w / 2)}" y="${n(e.labelAt.y - h / 2)}" width="${n(w)}" height="${n(h)}" rx="3"/>`,
				`<text class="arch-edge__label" x="${n(e.labelAt.x)}" y="${n(e.labelAt.y + GRID.edgeSize * 0.36)}" font-size="${GRID.edgeSize}" text-anchor="middle">${escapeXml(e.edge.label)}</text>`,
			);
		}
		out.push(`</g>`);
	}
	for (const p of layout.nodes) {
		const r = p.rect;
		out.push(
			`<g class="arch-node arch-node--${p.node.kind}" data-node="${escapeXml(p.node.id)}">`,
			`<rect x="${n(r.x)}" y="${n(r.y)}" width="${n(r.w)}" height="${n(r.h)}" rx="5"/>`,
		);
		let y = r.y + GRID.nodePadY + GRID.titleSize;
		p.lines.forEach((line, i) => {
			const cls =
				i === 0 ? 'arch-node__title' : line.mono ? 'arch-node__line arch-mono' : 'arch-node__line';
			const size = i === 0 ? GRID.titleSize : GRID.lineSize;
			out.push(
				`<text class="${cls}" x="${n(r.x + GRID.nodePadX)}" y="${n(y)}" font-size="${size}">${escapeXml(line.text)}</text>`,
			);
			y += i === 0 ? GRID.titleH : GRID.lineH;
		});
		out.push(`</g>`);
	}
	out.push(`</svg>`);
	return { svg: out.join(''), layout };
}
