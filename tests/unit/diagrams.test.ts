/**
 * The workshops' architecture diagrams (src/lib/diagrams/): their data against the
 * workshop repository's compose files and scripts and against workshop.config.ts, the
 * layout (every line fits its box, boxes nest and do not overlap), the SVG (no script,
 * no external reference, escaped text) and the Japanese text alternative; and the
 * rendering data of Cline's LiteLLM settings.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { workshop, workshopValues } from '../../workshop.config.ts';
import { parseWorkshopConfig, type WorkshopConfig } from '../../src/lib/config/schema.ts';
import {
	architectureDiagram,
	architectureDiagrams,
	configPorts,
	urlPort,
	WORKSHOP_IDS,
} from '../../src/lib/diagrams/architecture.ts';
import {
	GRID,
	layoutDiagram,
	nodeLines,
	textWidth,
	type Rect,
} from '../../src/lib/diagrams/layout.ts';
import { describeDiagram } from '../../src/lib/diagrams/describe.ts';
import { escapeXml, renderArchitectureSvg } from '../../src/lib/diagrams/svg.ts';
import {
	ClineSettingsError,
	clineSettingsFields,
	maskPassword,
} from '../../src/lib/diagrams/cline-settings.ts';
import type { ArchitectureDiagram, DiagramNode } from '../../src/lib/diagrams/types.ts';

/** The shipped config with other ports everywhere the config holds one. */
function movedPorts(): WorkshopConfig {
	const v = structuredClone(workshopValues);
	v.proxyBaseUrl = 'http://localhost:4100';
	v.mlflow.proxyBaseUrl = 'http://localhost:4101';
	v.langfuse.webUrl = 'http://localhost:3100';
	v.vscodeServer = { instancePort: 8081, localPort: 18081 };
	return parseWorkshopConfig(v);
}

const all = architectureDiagrams(workshop);
const node = (d: ArchitectureDiagram, id: string): DiagramNode => {
	const n = d.nodes.find((x) => x.id === id);
	assert.ok(n, `${d.workshop}: node ${id}`);
	return n;
};
const intersects = (a: Rect, b: Rect) =>
	a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const contains = (outer: Rect, inner: Rect) =>
	inner.x >= outer.x &&
	inner.y >= outer.y &&
	inner.x + inner.w <= outer.x + outer.w &&
	inner.y + inner.h <= outer.y + outer.h;

describe('architecture diagrams: data', () => {
	test('one diagram per workshop page, unknown ids rejected with the list', () => {
		assert.deepEqual(Object.keys(all).sort(), [...WORKSHOP_IDS].sort());
		for (const id of WORKSHOP_IDS) assert.equal(all[id].workshop, id);
		assert.throws(
			() => architectureDiagram(workshop, 'litelm'),
			/No architecture diagram for workshop "litelm"; known: cline, mcp/,
		);
	});

	test('ids are unique, nodes sit in known boxes, arrows join known ends', () => {
		for (const d of Object.values(all)) {
			const ids = [...d.nodes.map((n) => n.id), ...d.zones.map((z) => z.id)];
			assert.equal(new Set(ids).size, ids.length, `${d.workshop}: duplicate id`);
			const zones = new Set(d.zones.map((z) => z.id));
			for (const n of d.nodes) assert.ok(zones.has(n.zone), `${d.workshop}: ${n.id} in ${n.zone}`);
			for (const z of d.zones)
				if (z.parent) assert.ok(zones.has(z.parent), `${d.workshop}: ${z.id} parent`);
			for (const e of d.edges) {
				assert.ok(ids.includes(e.from) && ids.includes(e.to), `${d.workshop}: ${e.from} → ${e.to}`);
				assert.ok(e.description.length > 0);
			}
			assert.ok(d.sources.length > 0);
		}
	});

	test('every port the config holds comes from workshop.config.ts', () => {
		const p = configPorts(workshop);
		assert.deepEqual(p, {
			proxy: 4000,
			mlflowProxy: 4001,
			langfuseWeb: 3000,
			vscodeInstance: 8080,
			vscodeLocal: 18080,
		});
		const configValues = new Set(Object.values(p));
		for (const d of Object.values(all)) {
			for (const n of d.nodes) {
				for (const m of n.ports ?? []) {
					if (m.config) assert.equal(m.port, p[m.config], `${d.workshop}/${n.id}: ${m.config}`);
					if (m.toConfig) assert.equal(m.to, p[m.toConfig], `${d.workshop}/${n.id}: ${m.toConfig}`);
					// A host port equal to a configured one but not taken from the config is written twice.
					if (m.port !== undefined && configValues.has(m.port))
						assert.ok(m.config, `${d.workshop}/${n.id}: host port ${m.port} is written literally`);
				}
			}
		}
	});

	test('with other ports in the config, every diagram follows', () => {
		const moved = architectureDiagrams(movedPorts());
		const svgs = Object.values(moved).map(
			(d) => renderArchitectureSvg(d, { idPrefix: 'x', label: d.title }).svg,
		);
		assert.match(svgs.join(''), /4100:4000/);
		assert.match(
			renderArchitectureSvg(moved.mlflow, { idPrefix: 'x', label: '' }).svg,
			/4101:4000/,
		);
		assert.match(
			renderArchitectureSvg(moved.langfuse, { idPrefix: 'x', label: '' }).svg,
			/3100:3000/,
		);
		for (const svg of svgs) {
			assert.match(svg, /18081 → 8081/);
			assert.doesNotMatch(svg, /\b(?:4000:4000|4001:4000|3000:3000|18080|8080)\b/);
		}
		assert.equal(node(moved.litellm, 'litellm').ports?.[0]?.port, 4100);
		assert.match(
			describeDiagram(moved.mlflow)
				.flatMap((s) => s.items)
				.join('\n'),
			/http:\/\/localhost:4101/,
		);
	});

	test('LiteLLM: 2.litellm/docker-compose.yml — litellm on 4000:4000, postgres:15 unpublished, network 2litellm_default', () => {
		const d = all.litellm;
		const litellm = node(d, 'litellm');
		assert.equal(litellm.container, '2litellm-litellm-1');
		assert.equal(litellm.service, 'litellm');
		assert.equal(litellm.image, 'ghcr.io/berriai/litellm:main-latest');
		assert.deepEqual(litellm.ports, [
			{ port: urlPort(workshop.proxyBaseUrl), to: 4000, config: 'proxy' },
		]);
		assert.deepEqual(litellm.networks, ['2litellm_default']);
		const db = node(d, 'litellm-db');
		assert.equal(db.container, '2litellm-postgres-1');
		assert.equal(db.image, 'postgres:15');
		assert.deepEqual(db.ports, [{ to: 5432 }]);
		assert.ok(
			d.edges.some(
				(e) =>
					e.from === 'cline' &&
					e.to === 'litellm' &&
					e.label === `Base URL ${workshop.proxyBaseUrl}`,
			),
		);
		assert.ok(d.edges.some((e) => e.from === 'litellm' && e.to === 'bedrock'));
	});

	test('Langfuse: update-config joins 2litellm-litellm-1 and 2litellm-postgres-1 to langfuse_default; Langfuse compose ports', () => {
		const d = all.langfuse;
		for (const id of ['litellm', 'litellm-db'])
			assert.deepEqual(node(d, id).networks, ['2litellm_default', 'langfuse_default']);
		assert.ok(
			d.edges.some((e) => e.kind === 'join' && e.from === 'litellm' && e.to === 'net-langfuse'),
		);
		assert.ok(
			d.edges.some(
				(e) => e.from === 'litellm' && e.to === 'langfuse-web' && e.label === 'langfuse-web:3000',
			),
		);
		assert.equal(
			d.zones.find((z) => z.id === 'net-langfuse')?.label.includes('langfuse_default'),
			true,
		);
		const ports = (id: string) => node(d, id).ports;
		assert.deepEqual(ports('langfuse-web'), [
			{ port: urlPort(workshop.langfuse.webUrl), to: 3000, config: 'langfuseWeb' },
		]);
		assert.deepEqual(ports('langfuse-worker'), [{ port: 3030, to: 3030, bind: '127.0.0.1' }]);
		assert.deepEqual(ports('langfuse-postgres'), [{ port: 5432, to: 5432, bind: '127.0.0.1' }]);
		assert.deepEqual(ports('langfuse-clickhouse'), [
			{ port: 8123, to: 8123, bind: '127.0.0.1' },
			{ port: 9000, to: 9000, bind: '127.0.0.1' },
		]);
		assert.deepEqual(ports('langfuse-redis'), [{ port: 6379, to: 6379, bind: '127.0.0.1' }]);
		assert.deepEqual(ports('langfuse-minio'), [
			{ port: 9090, to: 9000 },
			{ port: 9091, to: 9001, bind: '127.0.0.1' },
		]);
		for (const n of d.nodes.filter((x) => x.zone === 'net-langfuse'))
			assert.deepEqual(n.networks, ['langfuse_default']);
	});

	test('MLflow: its own LiteLLM on 4001:4000 (5.mlflow/docker-compose.yml), SageMaker tracking server, Cline on the MLflow Base URL', () => {
		const d = all.mlflow;
		const proxy = node(d, 'mlflow-litellm');
		assert.deepEqual(proxy.ports, [
			{ port: urlPort(workshop.mlflow.proxyBaseUrl), to: 4000, config: 'mlflowProxy' },
		]);
		assert.equal(proxy.container, '5mlflow-litellm-1');
		assert.deepEqual(proxy.networks, ['5mlflow_default']);
		assert.match(node(d, 'tracking').lines?.join(' ') ?? '', /mlflow-tracking-server/);
		const cline = d.edges.find((e) => e.from === 'cline');
		assert.equal(cline?.to, 'mlflow-litellm');
		assert.equal(cline?.label, `Base URL ${workshop.mlflow.proxyBaseUrl}`);
		// Nothing in this diagram points Cline at 2.litellm's proxy.
		assert.ok(!d.nodes.some((n) => n.ports?.some((p) => p.config === 'proxy')));
	});

	test('MCP: servers are stdio child processes of Cline, with no port', () => {
		const d = all.mcp;
		for (const id of ['weather', 'context7', 'awsdocs']) {
			const n = node(d, id);
			assert.equal(n.zone, 'mcp');
			assert.equal(n.ports, undefined);
			assert.ok(d.edges.some((e) => e.from === 'cline' && e.to === id && e.kind === 'spawn'));
		}
		assert.equal(node(d, 'context7').image, 'npx -y @upstash/context7-mcp@latest');
		assert.equal(node(d, 'awsdocs').image, 'uvx awslabs.aws-documentation-mcp-server@latest');
	});

	test('every EC2 diagram: VS Code Server on the instance port, reached through the SSM forward on the local port', () => {
		const p = configPorts(workshop);
		for (const d of Object.values(all)) {
			const fwd = node(d, 'forward');
			assert.deepEqual(fwd.ports?.[0], {
				port: p.vscodeLocal,
				to: p.vscodeInstance,
				config: 'vscodeLocal',
				toConfig: 'vscodeInstance',
			});
			assert.equal(
				d.zones.find((z) => z.id === 'vscode')?.label,
				`VS Code Server（:${p.vscodeInstance}）`,
			);
			assert.ok(
				d.edges.some((e) => e.from === 'forward' && e.to === 'vscode' && e.kind === 'forward'),
			);
		}
	});
});

describe('architecture diagrams: layout', () => {
	test('every line of every box fits its box, every box title fits its box', () => {
		for (const d of Object.values(all)) {
			const l = layoutDiagram(d);
			for (const p of l.nodes) {
				p.lines.forEach((line, i) => {
					const w = textWidth(line.text, i === 0 ? GRID.titleSize : GRID.lineSize, line.mono);
					assert.ok(
						w <= GRID.nodeW - 2 * GRID.nodePadX,
						`${d.workshop}/${p.node.id}: "${line.text}" is ${w.toFixed(0)} px`,
					);
				});
			}
			for (const z of l.zones) {
				const w = textWidth(z.zone.label, GRID.zoneSize);
				assert.ok(
					w <= z.rect.w - 2 * GRID.pad,
					`${d.workshop}/${z.zone.id}: "${z.zone.label}" is ${w.toFixed(0)} px in ${z.rect.w}`,
				);
			}
		}
	});

	test('boxes enclose what they hold and overlap nothing else; nodes do not overlap', () => {
		for (const d of Object.values(all)) {
			const l = layoutDiagram(d);
			const zr = new Map(l.zones.map((z) => [z.zone.id, z.rect]));
			const chain = (zoneId: string | undefined): string[] => {
				const out: string[] = [];
				for (
					let z = d.zones.find((x) => x.id === zoneId);
					z;
					z = d.zones.find((x) => x.id === z?.parent)
				)
					out.push(z.id);
				return out;
			};
			for (const p of l.nodes) {
				const mine = chain(p.node.zone);
				for (const [id, r] of zr) {
					if (mine.includes(id))
						assert.ok(contains(r, p.rect), `${d.workshop}: ${id} encloses ${p.node.id}`);
					else assert.ok(!intersects(r, p.rect), `${d.workshop}: ${p.node.id} overlaps box ${id}`);
				}
				for (const q of l.nodes)
					if (q !== p)
						assert.ok(!intersects(p.rect, q.rect), `${d.workshop}: ${p.node.id} / ${q.node.id}`);
			}
			for (const a of l.zones) {
				for (const b of l.zones) {
					if (a === b) continue;
					const related =
						chain(a.zone.id).includes(b.zone.id) || chain(b.zone.id).includes(a.zone.id);
					if (chain(a.zone.id).includes(b.zone.id))
						assert.ok(contains(b.rect, a.rect), `${d.workshop}: ${b.zone.id} ⊃ ${a.zone.id}`);
					if (!related)
						assert.ok(
							!intersects(a.rect, b.rect),
							`${d.workshop}: ${a.zone.id} overlaps ${b.zone.id}`,
						);
				}
			}
		}
	});

	test('inconsistent data fails with the culprit named', () => {
		const d = structuredClone(all.cline);
		d.nodes.push({ ...d.nodes[0]!, id: 'twin' });
		assert.throws(() => layoutDiagram(d), /two nodes in cell 0,0 \(twin\)/);
		const e = structuredClone(all.cline);
		e.edges.push({ from: 'cline', to: 'nowhere', kind: 'request', description: 'x' });
		assert.throws(() => layoutDiagram(e), /arrow end nowhere/);
		const z = structuredClone(all.cline);
		z.nodes[0]!.zone = 'moon';
		assert.throws(() => layoutDiagram(z), /node browser is in unknown box moon/);
	});

	test('box lines: container name, one line per port in compose notation', () => {
		assert.deepEqual(
			nodeLines(node(all.langfuse, 'langfuse-minio')).map((l) => l.text),
			['MinIO', 'minio', '9090:9000', '127.0.0.1:9091:9001'],
		);
		assert.deepEqual(
			nodeLines(node(all.litellm, 'forward')).map((l) => l.text),
			['SSM ポートフォワード', '18080 → 8080', '4000 → 4000'],
		);
	});
});

describe('architecture diagrams: SVG and text alternative', () => {
	test('the SVG is self-contained: no script, no external reference, ids prefixed, text escaped', () => {
		for (const d of Object.values(all)) {
			const { svg } = renderArchitectureSvg(d, { idPrefix: `p-${d.workshop}`, label: d.title });
			assert.match(svg, /^<svg [^>]*role="img"[^>]*aria-label="[^"]+"/);
			assert.doesNotMatch(svg, /<script|javascript:|href=|xlink|<image|<foreignObject|style=/i);
			for (const m of svg.matchAll(/ id="([^"]+)"/g))
				assert.ok(m[1]!.startsWith(`p-${d.workshop}-`));
			for (const m of svg.matchAll(/url\(#([^)]+)\)/g)) assert.ok(svg.includes(` id="${m[1]}"`));
			for (const n of d.nodes)
				assert.ok(svg.includes(`>${escapeXml(n.title)}<`), `${d.workshop}: ${n.title}`);
		}
		assert.equal(escapeXml(`<a & "b" 'c'>`), '&lt;a &amp; &quot;b&quot; &#39;c&#39;&gt;');
		const evil = structuredClone(all.cline);
		evil.nodes[0]!.title = '<script>x</script>';
		assert.doesNotMatch(renderArchitectureSvg(evil, { idPrefix: 'e', label: 'x' }).svg, /<script/);
	});

	test('the text alternative names every box, node, port and arrow in Japanese', () => {
		for (const d of Object.values(all)) {
			const sections = describeDiagram(d);
			const text = sections.flatMap((s) => [s.heading, ...s.items]).join('\n');
			for (const n of d.nodes) {
				assert.ok(text.includes(n.title), `${d.workshop}: ${n.title}`);
				if (n.container) assert.ok(text.includes(n.container));
				for (const p of n.ports ?? [])
					if (p.port !== undefined)
						assert.ok(text.includes(String(p.port)), `${d.workshop}/${n.id}: ${p.port}`);
				for (const net of n.networks ?? []) assert.ok(text.includes(net));
			}
			const arrows = sections.at(-1)!;
			assert.equal(arrows.heading, '矢印');
			assert.equal(arrows.items.length, d.edges.length);
			assert.match(text, /[ぁ-ん]/);
		}
		const litellm = describeDiagram(all.litellm)
			.flatMap((s) => s.items)
			.join('\n');
		assert.match(
			litellm,
			/LiteLLM Proxy（サービス名 litellm、コンテナ名 2litellm-litellm-1、イメージ ghcr\.io\/berriai\/litellm:main-latest）: ポート: ホストのポート 4000 → コンテナのポート 4000。ネットワーク: 2litellm_default。設定ファイル（CONFIG_FILE、manage-litellm\.sh の -c）は、EC2 では iam_role_config\.yml、ローカル PC では access_key_config\.yml です。/,
		);
		assert.match(litellm, /PostgreSQL.*コンテナのポート 5432（ホストには公開しません）/);
		assert.match(
			describeDiagram(all.langfuse)
				.flatMap((s) => s.items)
				.join('\n'),
			/ホストの 127\.0\.0\.1:3030（ホストの中からだけ）/,
		);
	});
});

describe("Cline's LiteLLM settings", () => {
	test('labels as Cline shows them, values from workshop.config.ts, the key masked', () => {
		const fields = clineSettingsFields(workshop, {});
		assert.deepEqual(
			fields.map((f) => f.label),
			[
				'API Provider',
				'Base URL (optional)',
				'API Key',
				'Model ID',
				'Use prompt caching (GA)',
				'Enable extended thinking',
			],
		);
		assert.deepEqual(fields[0], { kind: 'select', label: 'API Provider', value: 'LiteLLM' });
		assert.deepEqual(fields[1], {
			kind: 'text',
			label: 'Base URL (optional)',
			value: workshop.proxyBaseUrl,
		});
		assert.deepEqual(fields[2], {
			kind: 'password',
			label: 'API Key',
			value: workshop.defaultApiKey,
			masked: '•'.repeat(workshop.defaultApiKey.length),
		});
		assert.deepEqual(fields[3], { kind: 'text', label: 'Model ID', value: workshop.expectedModel });
		assert.deepEqual(
			fields.slice(4).map((f) => f.kind === 'checkbox' && f.checked),
			[false, false],
		);
	});

	test('the MLflow page passes its Base URL and model; prompt caching can be shown ticked', () => {
		const fields = clineSettingsFields(workshop, {
			baseUrl: workshop.mlflow.proxyBaseUrl,
			modelId: workshop.mlflow.expectedModel,
			promptCaching: true,
		});
		assert.equal(fields[1]?.kind === 'text' && fields[1].value, workshop.mlflow.proxyBaseUrl);
		assert.equal(fields[4]?.kind === 'checkbox' && fields[4].checked, true);
	});

	test('values outside the config, unknown props and unreplaced placeholders fail', () => {
		assert.throws(
			() => clineSettingsFields(workshop, { baseUrl: 'http://localhost:4002' }),
			ClineSettingsError,
		);
		assert.throws(
			() => clineSettingsFields(workshop, { baseUrl: '%%mlflow.proxyBaseUrl%%' }),
			/is not a Base URL of workshop\.config\.ts/,
		);
		assert.throws(
			() => clineSettingsFields(workshop, { modelId: 'anthropic.claude-3-7-sonnet-20250219-v1:0' }),
			/is not a model_name/,
		);
		assert.throws(() => clineSettingsFields(workshop, { apiKey: 'sk-other' }), /invalid props/);
		assert.throws(() => clineSettingsFields(workshop, { promptCaching: 'yes' }), /promptCaching/);
	});

	test('maskPassword counts characters, not UTF-16 units', () => {
		assert.equal(maskPassword('sk-1'), '••••');
		assert.equal(maskPassword('鍵🔑'), '••');
		assert.equal(maskPassword(''), '');
	});
});
