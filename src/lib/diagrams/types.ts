/**
 * Shapes of the workshops' architecture diagrams (src/lib/diagrams/architecture.ts):
 * the containers, processes and services of one workshop, the boxes they sit in
 * (machine, Docker network, AWS) and the arrows between them. Pure data, free of
 * Astro: the SVG builder (./svg.ts), the text alternative (./describe.ts), the
 * component (src/components/ArchitectureDiagram.astro) and the tests share it.
 *
 * Positions are cells of a grid (`col`, `row`, from 0); ./layout.ts turns them into
 * coordinates. A box (zone) is as large as what it holds.
 */

/** The five workshops that have an architecture diagram (the page slugs under `workshops/`). */
export const WORKSHOP_IDS = ['cline', 'mcp', 'litellm', 'langfuse', 'mlflow'] as const;
export type WorkshopId = (typeof WORKSHOP_IDS)[number];

/**
 * A port that workshop.config.ts holds:
 * - `proxy`: the port of `proxyBaseUrl` (2.litellm's LiteLLM Proxy);
 * - `mlflowProxy`: the port of `mlflow.proxyBaseUrl` (5.mlflow's own LiteLLM Proxy);
 * - `langfuseWeb`: the port of `langfuse.webUrl` (langfuse-web);
 * - `vscodeInstance` / `vscodeLocal`: `vscodeServer.instancePort` / `.localPort`.
 */
export type ConfigPortKey =
	'proxy' | 'mlflowProxy' | 'langfuseWeb' | 'vscodeInstance' | 'vscodeLocal';

/**
 * One port of a node.
 * - A container's published port (compose `ports:`): `port` is the host's port, `to`
 *   the container's, `bind` the host address when compose binds one (`127.0.0.1:3030:3030`).
 * - A container port that is not published: only `to`.
 * - A process listening on its machine (VS Code Server on 8080): only `port`.
 * - A port forward: `port` is the local port it opens, `to` the remote port it reaches.
 * `config` / `toConfig` name the workshop.config.ts value `port` / `to` comes from.
 */
export interface PortMapping {
	port?: number;
	to?: number;
	bind?: '127.0.0.1';
	config?: ConfigPortKey;
	toConfig?: ConfigPortKey;
}

/** What a box stands for; the SVG styles each kind differently. */
export type ZoneKind = 'pc' | 'host' | 'process' | 'network' | 'aws' | 'internet';

/** A box around nodes (and other boxes): a machine, a process, a Docker network, a cloud. */
export interface Zone {
	id: string;
	/** Shown at the box's top left, e.g. `Docker ネットワーク 2litellm_default`. */
	label: string;
	kind: ZoneKind;
	/** The enclosing box, if any. */
	parent?: string;
}

/** What a node stands for; `container` nodes list an image and a container name. */
export type NodeKind = 'container' | 'app' | 'process' | 'service' | 'forward';

/** One container, program or service. */
export interface DiagramNode {
	id: string;
	kind: NodeKind;
	/** The box it sits in. */
	zone: string;
	col: number;
	row: number;
	/** First line, bold, e.g. `LiteLLM Proxy`. */
	title: string;
	/** The compose service name (`litellm`, `langfuse-web`), when a container. */
	service?: string;
	/** The container name, when the workshop's scripts use it (`2litellm-litellm-1`). */
	container?: string;
	/** The image or how it is started (`ghcr.io/berriai/litellm:main-latest`, `npx …`). */
	image?: string;
	/** Further short lines shown in the box (each must fit the box). */
	lines?: string[];
	ports?: PortMapping[];
	/** Docker networks the container is on, in the order it joins them. */
	networks?: string[];
	/** A sentence for the text alternative (Japanese), beyond the fields above. */
	note?: string;
}

/**
 * What an arrow means: `request` a call (HTTP, API), `forward` a port forward,
 * `spawn` a started child process (stdio), `join` a container joined to a network,
 * `data` data written or read.
 */
export type EdgeKind = 'request' | 'forward' | 'spawn' | 'join' | 'data';

/** An arrow from a node (or a box) to another. */
export interface DiagramEdge {
	from: string;
	to: string;
	kind: EdgeKind;
	/** Short label on the arrow; none for self-evident arrows. */
	label?: string;
	/** The arrow in words for the text alternative (Japanese), without the end names. */
	description: string;
	/** `straight` (default), or `hv` / `vh`: first horizontal then vertical, or the reverse. */
	route?: 'straight' | 'hv' | 'vh';
}

/** One workshop's diagram. */
export interface ArchitectureDiagram {
	workshop: WorkshopId;
	/** The figure's accessible name and caption (Japanese). */
	title: string;
	/** One or two sentences shown under the figure (Japanese). */
	caption: string;
	zones: Zone[];
	nodes: DiagramNode[];
	edges: DiagramEdge[];
	/** Gap between grid columns in px (default GRID.colGap): wider where a horizontal arrow carries a label. */
	colGap?: number;
	/** Upstream files the facts come from (paths inside the workshop repository's `cline/`). */
	sources: string[];
}
