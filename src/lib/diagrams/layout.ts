/**
 * Geometry of an architecture diagram: where each node, box and arrow goes, in SVG
 * user units (1 unit = 1 CSS px at full size). Pure arithmetic, no DOM: text widths
 * are estimated (see {@link textWidth}), so the tests can check that every line fits.
 *
 * Nodes sit on a grid (`col`, `row`); each row is as tall as its tallest node; the
 * gaps between rows and columns grow by the padding and title of every box that
 * starts or ends there, so boxes of neighbouring cells never overlap and a box always
 * encloses the boxes inside it.
 */
import type { ArchitectureDiagram, DiagramEdge, DiagramNode, PortMapping, Zone } from './types.ts';

/** Sizes in SVG user units (px at full size). */
export const GRID = {
	nodeW: 162,
	colGap: 30,
	rowGap: 40,
	/** Inner padding of a box on each side. */
	pad: 10,
	/** Height of a box's title line (above its content). */
	zoneLabelH: 18,
	margin: 6,
	/** Node text: title line height, other lines' height, vertical padding. */
	titleH: 17,
	lineH: 15,
	nodePadY: 8,
	nodePadX: 8,
	/** Font sizes (px): node title, node lines, box titles, arrow labels. */
	titleSize: 13,
	lineSize: 11,
	zoneSize: 11,
	edgeSize: 11,
} as const;

export interface Rect {
	x: number;
	y: number;
	w: number;
	h: number;
}

/** One line of text in a node: `mono` lines are names, ports and commands. */
export interface NodeLine {
	text: string;
	mono: boolean;
}

export interface PlacedNode {
	node: DiagramNode;
	rect: Rect;
	/** The title first, then the other lines. */
	lines: NodeLine[];
}

export interface PlacedZone {
	zone: Zone;
	rect: Rect;
	/** How many boxes enclose it. */
	depth: number;
}

export interface PlacedEdge {
	edge: DiagramEdge;
	/** Polyline points: start, optional corner, end (the arrowhead is at the end). */
	points: { x: number; y: number }[];
	/** Centre of the label, when the edge has one. */
	labelAt?: { x: number; y: number };
}

export interface Layout {
	width: number;
	height: number;
	nodes: PlacedNode[];
	zones: PlacedZone[];
	edges: PlacedEdge[];
}

/**
 * Estimated width of `text` in px at `size` px: CJK and full-width characters 1 em,
 * others 0.6 em (monospace) or 0.58 em (proportional; generous for Latin sans-serif,
 * so an estimate that fits leaves room to spare).
 */
export function textWidth(text: string, size: number, mono = false): number {
	let em = 0;
	for (const ch of text) {
		const cp = ch.codePointAt(0) ?? 0;
		const wide =
			(cp >= 0x1100 && cp <= 0x115f) ||
			(cp >= 0x2e80 && cp <= 0xa4cf) ||
			(cp >= 0xac00 && cp <= 0xd7a3) ||
			(cp >= 0xf900 && cp <= 0xfaff) ||
			(cp >= 0xfe30 && cp <= 0xfe4f) ||
			(cp >= 0xff00 && cp <= 0xff60) ||
			(cp >= 0xffe0 && cp <= 0xffe6) ||
			cp === 0x2026;
		em += wide ? 1 : mono ? 0.6 : 0.58;
	}
	return em * size;
}

/** A port as compose writes it (`4000:4000`, `127.0.0.1:3030:3030`), a forward as `18080 → 8080`. */
export function portText(node: DiagramNode, p: PortMapping): string {
	if (node.kind === 'forward') return `${p.port} → ${p.to}`;
	if (p.port === undefined) return `${p.to}（非公開）`;
	if (p.to === undefined) return `:${p.port}`;
	return `${p.bind ? `${p.bind}:` : ''}${p.port}:${p.to}`;
}

/** The lines a node's box shows: title, container (or service) name, one line per port, further lines. */
export function nodeLines(node: DiagramNode): NodeLine[] {
	const out: NodeLine[] = [{ text: node.title, mono: false }];
	const name = node.container ?? node.service;
	if (name) out.push({ text: name, mono: true });
	for (const p of node.ports ?? []) out.push({ text: portText(node, p), mono: true });
	for (const line of node.lines ?? [])
		out.push({ text: line, mono: /^(?:[\x21-\x7e]+|-[\x21-\x7e]* .*)$/.test(line) });
	return out;
}

/** Height of a node's box for its lines. */
function nodeHeight(lines: NodeLine[]): number {
	return GRID.nodePadY * 2 + GRID.titleH + (lines.length - 1) * GRID.lineH;
}

/** Index of boxes and their chains (a node's box, its parent, … up to the top). */
function zoneIndex(d: ArchitectureDiagram) {
	const byId = new Map(d.zones.map((z) => [z.id, z]));
	const chain = (zoneId: string): Zone[] => {
		const out: Zone[] = [];
		for (let z = byId.get(zoneId); z; z = z.parent ? byId.get(z.parent) : undefined) {
			if (out.includes(z)) throw new Error(`Diagram ${d.workshop}: box ${z.id} is inside itself`);
			out.push(z);
		}
		return out;
	};
	return { byId, chain };
}

/**
 * Places every node, box and arrow.
 * @throws Error when a node names an unknown box, an arrow an unknown end, or two
 *   nodes share a cell
 */
export function layoutDiagram(d: ArchitectureDiagram): Layout {
	const { byId, chain } = zoneIndex(d);
	for (const n of d.nodes) {
		if (!byId.has(n.zone))
			throw new Error(`Diagram ${d.workshop}: node ${n.id} is in unknown box ${n.zone}`);
	}
	const cells = new Set<string>();
	for (const n of d.nodes) {
		const key = `${n.col},${n.row}`;
		if (cells.has(key))
			throw new Error(`Diagram ${d.workshop}: two nodes in cell ${key} (${n.id})`);
		cells.add(key);
	}

	// Each box's extent in cells (over all nodes inside it, at any depth).
	const extent = new Map<string, { c0: number; c1: number; r0: number; r1: number }>();
	for (const n of d.nodes) {
		for (const z of chain(n.zone)) {
			const e = extent.get(z.id);
			if (!e) extent.set(z.id, { c0: n.col, c1: n.col, r0: n.row, r1: n.row });
			else {
				e.c0 = Math.min(e.c0, n.col);
				e.c1 = Math.max(e.c1, n.col);
				e.r0 = Math.min(e.r0, n.row);
				e.r1 = Math.max(e.r1, n.row);
			}
		}
	}

	const cols = Math.max(...d.nodes.map((n) => n.col)) + 1;
	const rows = Math.max(...d.nodes.map((n) => n.row)) + 1;
	const top = new Array<number>(rows).fill(0);
	const bottom = new Array<number>(rows).fill(0);
	const left = new Array<number>(cols).fill(0);
	const right = new Array<number>(cols).fill(0);
	const rowH = new Array<number>(rows).fill(0);
	const lines = new Map<string, NodeLine[]>();
	for (const n of d.nodes) {
		const ls = nodeLines(n);
		lines.set(n.id, ls);
		rowH[n.row] = Math.max(rowH[n.row]!, nodeHeight(ls));
		const zs = chain(n.zone);
		const count = (f: (e: { c0: number; c1: number; r0: number; r1: number }) => boolean) =>
			zs.filter((z) => f(extent.get(z.id)!)).length;
		top[n.row] = Math.max(top[n.row]!, count((e) => e.r0 === n.row) * (GRID.pad + GRID.zoneLabelH));
		bottom[n.row] = Math.max(bottom[n.row]!, count((e) => e.r1 === n.row) * GRID.pad);
		left[n.col] = Math.max(left[n.col]!, count((e) => e.c0 === n.col) * GRID.pad);
		right[n.col] = Math.max(right[n.col]!, count((e) => e.c1 === n.col) * GRID.pad);
	}
	const colX: number[] = [];
	let x = GRID.margin;
	for (let c = 0; c < cols; c++) {
		x += left[c]!;
		colX.push(x);
		x += GRID.nodeW + right[c]! + (d.colGap ?? GRID.colGap);
	}
	const rowY: number[] = [];
	let y = GRID.margin;
	for (let r = 0; r < rows; r++) {
		y += top[r]!;
		rowY.push(y);
		y += rowH[r]! + bottom[r]! + GRID.rowGap;
	}

	const nodes: PlacedNode[] = d.nodes.map((n) => {
		const ls = lines.get(n.id)!;
		const h = nodeHeight(ls);
		// Vertically centred in its row.
		return {
			node: n,
			lines: ls,
			rect: { x: colX[n.col]!, y: rowY[n.row]! + (rowH[n.row]! - h) / 2, w: GRID.nodeW, h },
		};
	});
	const nodeRect = new Map(nodes.map((p) => [p.node.id, p.rect]));

	// Boxes, innermost first, each around its nodes and inner boxes.
	const depthOf = (z: Zone) => chain(z.id).length - 1;
	const zoneRect = new Map<string, Rect>();
	const ordered = [...d.zones]
		.filter((z) => extent.has(z.id))
		.sort((a, b) => depthOf(b) - depthOf(a));
	for (const z of ordered) {
		const inner: Rect[] = [
			...nodes.filter((p) => p.node.zone === z.id).map((p) => p.rect),
			...d.zones
				.filter((c) => c.parent === z.id && zoneRect.has(c.id))
				.map((c) => zoneRect.get(c.id)!),
		];
		const x0 = Math.min(...inner.map((r) => r.x)) - GRID.pad;
		const y0 = Math.min(...inner.map((r) => r.y)) - GRID.pad - GRID.zoneLabelH;
		const x1 = Math.max(...inner.map((r) => r.x + r.w)) + GRID.pad;
		const y1 = Math.max(...inner.map((r) => r.y + r.h)) + GRID.pad;
		zoneRect.set(z.id, { x: x0, y: y0, w: x1 - x0, h: y1 - y0 });
	}
	const zones: PlacedZone[] = d.zones
		.filter((z) => zoneRect.has(z.id))
		.map((z) => ({ zone: z, rect: zoneRect.get(z.id)!, depth: depthOf(z) }))
		.sort((a, b) => a.depth - b.depth);

	const endRect = (id: string): Rect => {
		const r = nodeRect.get(id) ?? zoneRect.get(id);
		if (!r) throw new Error(`Diagram ${d.workshop}: arrow end ${id} is neither a node nor a box`);
		return r;
	};
	const edges: PlacedEdge[] = d.edges.map((e) => placeEdge(e, endRect(e.from), endRect(e.to)));

	const all = [...nodes.map((p) => p.rect), ...zones.map((z) => z.rect)];
	const width = Math.ceil(Math.max(...all.map((r) => r.x + r.w)) + GRID.margin);
	const height = Math.ceil(Math.max(...all.map((r) => r.y + r.h)) + GRID.margin);
	return { width, height, nodes, zones, edges };
}

const centre = (r: Rect) => ({ x: r.x + r.w / 2, y: r.y + r.h / 2 });

/** Where the segment from the centre of `r` towards `p` leaves `r`. */
function exitPoint(r: Rect, p: { x: number; y: number }): { x: number; y: number } {
	const c = centre(r);
	const dx = p.x - c.x;
	const dy = p.y - c.y;
	if (dx === 0 && dy === 0) return c;
	const tx = dx === 0 ? Infinity : r.w / 2 / Math.abs(dx);
	const ty = dy === 0 ? Infinity : r.h / 2 / Math.abs(dy);
	const t = Math.min(tx, ty);
	return { x: c.x + dx * t, y: c.y + dy * t };
}

/**
 * A straight arrow: vertical where the two rectangles overlap horizontally (by more
 * than 20 units) and lie one above the other, horizontal in the mirrored case — at the
 * source's centre line when it falls in the overlap, else the target's, else the
 * overlap's middle — and otherwise from centre to centre, cut at both borders.
 */
function straight(a: Rect, b: Rect): { x: number; y: number }[] {
	const ca = centre(a);
	const cb = centre(b);
	const pick = (lo: number, hi: number, u: number, v: number) =>
		u >= lo && u <= hi ? u : v >= lo && v <= hi ? v : (lo + hi) / 2;
	const ox0 = Math.max(a.x, b.x);
	const ox1 = Math.min(a.x + a.w, b.x + b.w);
	if (ox1 - ox0 > 20 && (a.y + a.h <= b.y || b.y + b.h <= a.y)) {
		const x = pick(ox0, ox1, ca.x, cb.x);
		const down = a.y < b.y;
		return [
			{ x, y: down ? a.y + a.h : a.y },
			{ x, y: down ? b.y : b.y + b.h },
		];
	}
	const oy0 = Math.max(a.y, b.y);
	const oy1 = Math.min(a.y + a.h, b.y + b.h);
	if (oy1 - oy0 > 20 && (a.x + a.w <= b.x || b.x + b.w <= a.x)) {
		const y = pick(oy0, oy1, ca.y, cb.y);
		const rightward = a.x < b.x;
		return [
			{ x: rightward ? a.x + a.w : a.x, y },
			{ x: rightward ? b.x : b.x + b.w, y },
		];
	}
	return [exitPoint(a, cb), exitPoint(b, ca)];
}

/** An arrow between two rectangles: straight between their borders, or with one right-angle corner. */
function placeEdge(e: DiagramEdge, a: Rect, b: Rect): PlacedEdge {
	const ca = centre(a);
	const cb = centre(b);
	let points: { x: number; y: number }[];
	if (e.route === 'hv') {
		const corner = { x: cb.x, y: ca.y };
		points = [exitPoint(a, corner), corner, exitPoint(b, corner)];
	} else if (e.route === 'vh') {
		const corner = { x: ca.x, y: cb.y };
		points = [exitPoint(a, corner), corner, exitPoint(b, corner)];
	} else {
		points = straight(a, b);
	}
	let labelAt: { x: number; y: number } | undefined;
	if (e.label) {
		let best = 0;
		for (let i = 1; i < points.length; i++) {
			const p = points[i - 1]!;
			const q = points[i]!;
			const len = Math.hypot(q.x - p.x, q.y - p.y);
			if (len > best) {
				best = len;
				labelAt = { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 };
			}
		}
	}
	return { edge: e, points, ...(labelAt ? { labelAt } : {}) };
}
