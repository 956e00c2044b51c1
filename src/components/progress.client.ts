/**
 * Browser side of the navigation chart (src/components/Flowchart.astro) and of the
 * stored progress (src/lib/progress/store.ts): one module, loaded once per page.
 *
 * On load it
 * - records the visit of the page's node, and on an account or set-up page the
 *   participant's choice (account; account and runtime). A set-up page also writes
 *   the runtime's tab label under Starlight's synced-tabs key (graph.ts
 *   `RUNTIME_TABS_STORAGE_KEY`), so every later page's `<Tabs syncKey="runtime">` opens
 *   on that runtime until the participant picks another tab or set-up page;
 * - shows the participant's own 「現在地」 path (the build rendered one variant per
 *   set-up choice) and copies its text into `data-participant-path`;
 * - draws the progress marks on the chart's nodes (✓ check OK, ! check failed,
 *   ● visited), each with a text alternative (the link's `aria-label` and a text in
 *   the chart's text version).
 * It listens on `document` for `VERDICT_EVENT` (src/lib/checks/verdict.ts) and records
 * each verdict with the page it ran on; any `[data-progress-clear]` button
 * (「記録を消す」) forgets the record. After every change it dispatches
 * `PROGRESS_EVENT` on `document` (the progress summary re-reads the record).
 * Opening the chart scrolls the current node into view (sideways in the chart's own
 * scroll box, and the page when the node is off screen).
 *
 * Storage holds no key and nothing secret (see store.ts); nothing is sent anywhere.
 */
import { VERDICT_EVENT, type Verdict } from '../lib/checks/verdict.ts';
import {
	PROGRESS_EVENT,
	clearProgress,
	nodeMarks,
	readProgress,
	recordChoice,
	recordVerdict,
	recordVisit,
	writeProgress,
	type Progress,
	type Runtime,
} from '../lib/progress/store.ts';

/** What Flowchart.astro passes as JSON in `<script data-nav>` (graph data, so the graph module stays out of the bundle). */
interface NavData {
	/** [set-up page id, account page id, runtime] */
	setups: [string, string, Runtime][];
	/** runtime → tab label */
	tabs: Record<Runtime, string>;
	/** service id → page node id */
	services: Record<string, string>;
	/** Starlight's synced-tabs localStorage key for the runtime tabs. */
	tabsKey: string;
	/** Account and set-up page id → its crumb in the path line. */
	crumbs: Record<string, string>;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const MARK_GLYPH = { ok: '✓', failed: '!', visited: '' } as const;

function navData(root: HTMLElement): NavData | undefined {
	try {
		return JSON.parse(root.querySelector('script[data-nav]')?.textContent ?? '') as NavData;
	} catch {
		return undefined;
	}
}

/** The set-up page id for the stored choice, if both parts are known. */
function chosenSetup(p: Progress, data: NavData): string | undefined {
	return data.setups.find(([, a, r]) => a === p.choice.account && r === p.choice.runtime)?.[0];
}

/** Records the visit (and a choice made by coming here). */
function recordArrival(p: Progress, current: string, data: NavData): Progress {
	let next = recordVisit(p, current, new Date().toISOString());
	const setup = data.setups.find(([id]) => id === current);
	if (setup) {
		next = recordChoice(next, { account: setup[1], runtime: setup[2] });
		try {
			localStorage.setItem(data.tabsKey, data.tabs[setup[2]]);
		} catch {
			// storage unavailable: the tabs open on their first tab
		}
	} else if (data.setups.some(([, a]) => a === current)) {
		next = recordChoice(next, { account: current });
	}
	return next;
}

/**
 * Puts the participant's account and set-up page into the path line's gap (or the gap
 * back, without a choice) and mirrors the line's text into `data-participant-path`.
 */
function showPath(root: HTMLElement, p: Progress, data: NavData): void {
	const nav = root.querySelector<HTMLElement>('[data-participant-path]');
	if (!nav) return;
	// A line wider than the screen (phones) shows its end: the current page.
	const showEnd = (): void => {
		nav.scrollLeft = nav.scrollWidth;
	};
	const gap = nav.querySelector<HTMLElement>('[data-path-gap]');
	if (!gap) {
		showEnd();
		return;
	}
	for (const li of nav.querySelectorAll('[data-path-chosen]')) li.remove();
	const setup = chosenSetup(p, data);
	const account = setup && data.setups.find(([id]) => id === setup)?.[1];
	gap.hidden = !!setup;
	if (setup && account) {
		const items = [account, setup].map((id) => {
			const text = data.crumbs[id] ?? id;
			const href = root.querySelector(`a[data-node-link="${id}"]`)?.getAttribute('href') ?? '#';
			const li = document.createElement('li');
			li.dataset.pathChosen = '';
			const a = document.createElement('a');
			a.href = href;
			a.textContent = text;
			li.append(a);
			return li;
		});
		gap.before(...items);
	}
	const crumbs = [...nav.querySelectorAll<HTMLElement>('li:not([hidden])')].map((li) =>
		li.matches('[data-path-gap]') ? '…' : (li.textContent ?? '').trim(),
	);
	nav.dataset.participantPath = crumbs.join(' › ');
	showEnd();
}

/** Draws (or removes) the marks on the chart and in its text version. */
function drawMarks(root: HTMLElement, p: Progress, data: NavData): void {
	const marks = nodeMarks(p, data.services);
	for (const g of root.querySelectorAll<SVGGElement>('svg g.node[data-node-id]')) {
		const id = g.dataset.nodeId!;
		const mark = marks.get(id);
		g.querySelector(':scope > .nav-mark')?.remove();
		const link = g.closest('a');
		if (!mark) {
			delete g.dataset.progress;
			link?.removeAttribute('aria-label');
			continue;
		}
		g.dataset.progress = mark.state;
		const shape = g.querySelector<SVGGraphicsElement>(':scope > rect, :scope > polygon');
		if (shape) {
			const b = shape.getBBox();
			const m = document.createElementNS(SVG_NS, 'g');
			m.setAttribute('class', 'nav-mark');
			m.setAttribute('aria-hidden', 'true');
			const c = document.createElementNS(SVG_NS, 'circle');
			c.setAttribute('cx', String(b.x + b.width - 2));
			c.setAttribute('cy', String(b.y + 2));
			c.setAttribute('r', mark.state === 'visited' ? '4' : '8');
			m.append(c);
			if (MARK_GLYPH[mark.state]) {
				const t = document.createElementNS(SVG_NS, 'text');
				t.setAttribute('x', String(b.x + b.width - 2));
				t.setAttribute('y', String(b.y + 2));
				t.textContent = MARK_GLYPH[mark.state];
				m.append(t);
			}
			g.append(m);
		}
		const name = [...g.querySelectorAll(':scope > text')].map((t) => t.textContent).join('');
		link?.setAttribute('aria-label', `${name}（${mark.text}）`);
	}
	for (const li of root.querySelectorAll<HTMLElement>('[data-outline-node]')) {
		const mark = marks.get(li.dataset.outlineNode!);
		let span = li.querySelector<HTMLElement>(':scope > [data-progress-text]');
		if (!mark) {
			span?.remove();
			continue;
		}
		if (!span) {
			span = document.createElement('span');
			span.dataset.progressText = '';
			li.querySelector(':scope > a')?.after(span);
		}
		span.textContent = `（${mark.text}）`;
	}
	const any = marks.size > 0;
	for (const el of root.querySelectorAll<HTMLElement>(
		'[data-progress-legend], [data-progress-line]',
	))
		el.hidden = !any;
}

/** Centres the current node in the chart's scroll box; `reveal` also scrolls the page to it. */
function showCurrent(root: HTMLElement, reveal: boolean): void {
	const box = root.querySelector<HTMLElement>('.diagram');
	const node = box?.querySelector<SVGGElement>('[data-current]');
	if (!box || !node) return;
	const c = box.getBoundingClientRect();
	const r = node.getBoundingClientRect();
	box.scrollLeft += r.left + r.width / 2 - (c.left + c.width / 2);
	if (!reveal) return;
	const after = node.getBoundingClientRect();
	if (after.top < 0 || after.bottom > window.innerHeight)
		node.scrollIntoView({ block: 'center', inline: 'nearest' });
}

/** The h1 (the page's title as shown) and the URL path, for a stored verdict. */
function pageInfo(): { title: string; path: string } {
	const h1 = document.querySelector('main h1, h1');
	return { title: (h1?.textContent ?? document.title).trim(), path: location.pathname };
}

function refresh(root: HTMLElement | null, data: NavData | undefined): void {
	const p = readProgress();
	if (root && data) {
		showPath(root, p, data);
		drawMarks(root, p, data);
	}
	document.dispatchEvent(new CustomEvent(PROGRESS_EVENT));
}

function init(): void {
	const root = document.querySelector<HTMLElement>('.nav-flowchart');
	const data = root ? navData(root) : undefined;
	const current = root?.dataset.currentNode;
	if (root && data && current) writeProgress(recordArrival(readProgress(), current, data));
	refresh(root, data);

	document.addEventListener(VERDICT_EVENT, (e) => {
		const verdict = (e as CustomEvent<Verdict>).detail;
		writeProgress(recordVerdict(readProgress(), verdict, pageInfo()));
		refresh(root, data);
	});
	document.addEventListener('click', (e) => {
		const button = (e.target as Element | null)?.closest('[data-progress-clear]');
		if (!button) return;
		clearProgress();
		refresh(root, data);
	});
	// Another tab of the site changed the record.
	window.addEventListener('storage', () => refresh(root, data));

	const details = root?.querySelector<HTMLDetailsElement>('details[data-nav-chart]');
	if (root && details) {
		if (details.open) showCurrent(root, false);
		details.addEventListener('toggle', () => {
			if (details.open) showCurrent(root, true);
		});
	}
}

init();
