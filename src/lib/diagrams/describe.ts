/**
 * The text alternative of an architecture diagram, in Japanese: what each box holds,
 * each container or program with its image, container name, ports and networks, and
 * each arrow as a sentence. The component shows it under the figure in a `<details>`.
 */
import type { ArchitectureDiagram, DiagramNode, PortMapping } from './types.ts';

/** One group of the text alternative: a heading and its list items. */
export interface DescriptionSection {
	heading: string;
	items: string[];
}

/** A port in words: `ホストのポート 4000 → コンテナの 4000` and the like. */
export function portWords(node: DiagramNode, p: PortMapping): string {
	if (node.kind === 'forward')
		return `ローカル PC のポート ${p.port} → インスタンスのポート ${p.to}`;
	if (p.port === undefined) return `コンテナのポート ${p.to}（ホストには公開しません）`;
	if (p.to === undefined) return `ポート ${p.port} で待ち受けます`;
	const host = p.bind
		? `ホストの ${p.bind}:${p.port}（ホストの中からだけ）`
		: `ホストのポート ${p.port}`;
	return `${host} → コンテナのポート ${p.to}`;
}

/** A node in one sentence-like item. */
function nodeItem(node: DiagramNode): string {
	const parts: string[] = [];
	if (node.service) parts.push(`サービス名 ${node.service}`);
	if (node.container) parts.push(`コンテナ名 ${node.container}`);
	if (node.image)
		parts.push(node.kind === 'container' ? `イメージ ${node.image}` : `起動 ${node.image}`);
	let s = node.title;
	if (parts.length) s += `（${parts.join('、')}）`;
	const rest: string[] = [];
	if (node.ports?.length)
		rest.push(`ポート: ${node.ports.map((p) => portWords(node, p)).join('、')}。`);
	if (node.networks?.length) rest.push(`ネットワーク: ${node.networks.join('、')}。`);
	// The box's short lines, unless the node's note says the same in full.
	if (node.lines?.length && !node.note) rest.push(`${node.lines.join('、')}。`);
	if (node.note) rest.push(node.note);
	return rest.length ? `${s}: ${rest.join('')}` : s;
}

/**
 * The text alternative's sections: 枠（what each box holds）, the nodes of each box,
 * and 矢印 (every arrow, `A → B: …`).
 * @throws Error when an arrow names an unknown end
 */
export function describeDiagram(d: ArchitectureDiagram): DescriptionSection[] {
	// A title two nodes share (two PostgreSQL) is told apart by container or service name.
	const shared = (t: string) => d.nodes.filter((x) => x.title === t).length > 1;
	const name = new Map<string, string>([
		...d.nodes.map(
			(x) =>
				[x.id, shared(x.title) ? `${x.title}（${x.container ?? x.service ?? x.id}）` : x.title] as [
					string,
					string,
				],
		),
		...d.zones.map((z) => [z.id, z.label] as [string, string]),
	]);
	const sections: DescriptionSection[] = [];
	for (const z of d.zones) {
		const inside = d.nodes.filter((x) => x.zone === z.id);
		const boxes = d.zones.filter((c) => c.parent === z.id);
		if (!inside.length && !boxes.length) continue;
		const items = [...boxes.map((c) => `${c.label}（枠）`), ...inside.map(nodeItem)];
		const where = z.parent ? `（${name.get(z.parent)} の中）` : '';
		sections.push({ heading: `${z.label}${where}`, items });
	}
	sections.push({
		heading: '矢印',
		items: d.edges.map((e) => {
			const from = name.get(e.from);
			const to = name.get(e.to);
			if (!from || !to)
				throw new Error(`Diagram ${d.workshop}: arrow ${e.from} → ${e.to} has an unknown end`);
			return `${from} → ${to}: ${e.description}`;
		}),
	});
	return sections;
}
