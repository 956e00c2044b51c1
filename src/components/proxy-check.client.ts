/**
 * Browser side of `<ServiceCheck>` (and its alias `<ProxyCheck>`): the `<proxy-check>`
 * custom element, for any service of the catalogue (`data-service`).
 *
 * The markup (form, one row per step, summary, Cline settings card) is rendered by
 * ServiceCheck.astro; this code only wires it to the runner and the catalogue
 * (src/lib/checks) and writes results into it. Its pure parts (origin guard, summary,
 * permission query, verdict) are src/lib/checks/page.ts. When a run ends it dispatches
 * the verdict event (src/lib/checks/verdict.ts) on itself. Following Starlight's own components (Tabs), it is a
 * small custom element loaded by a bundled `<script>`, with no UI framework.
 *
 * Rules it keeps (issue 3, part 2):
 * - Everything from the proxy (model ids, error messages) is written with
 *   `textContent`, never as HTML.
 * - The API key lives in memory and in this tab's sessionStorage only: never in
 *   localStorage, the URL (the form never submits and its fields have no `name`),
 *   or a request to any origin but the configured proxy's (the `fetch` handed to the
 *   engine refuses every other origin).
 * - One run at a time: a click while a run is under way is ignored; a change of the
 *   browser's local-network permission aborts the current run and starts a fresh one.
 *   Results of an aborted run are dropped (each run has a sequence number).
 * - The 「Cline の設定（確認済み）」 card only ever shows values the latest run verified
 *   and that are still in the form: an unusable Base URL clears the whole result
 *   (rows back to pending, notes, card, `data-ok`; `data-state="idle"`); editing any
 *   field after a verdict, or during a run, hides the card and marks the rows as the
 *   previous input's (`data-state="stale"`, no `data-ok`) until 確認する runs again.
 */
import { isLoopbackHostname, maskKey, normalizeBaseUrl } from '../lib/checks/normalize.ts';
import {
	INVALID_INPUT_SUMMARY,
	STALE_SUMMARY,
	STATUS_TEXT,
	originGuardedFetch,
	queryLocalNetworkPermission as queryPermission,
	summarize,
	toVerdict,
} from '../lib/checks/page.ts';
import { planService, runService } from '../lib/checks/runner/run.ts';
import type { ServiceDef } from '../lib/checks/runner/types.ts';
import { serviceById } from '../lib/checks/services/index.ts';
import type {
	CheckReport,
	ClineSettings,
	LocalNetworkPermission,
	StepResult,
} from '../lib/checks/types.ts';
import { VERDICT_EVENT } from '../lib/checks/verdict.ts';

const STORAGE_PREFIX = 'cline-workshop:proxy-check:v1:';

/**
 * Progress (rows turning 'running', the busy buttons, 「確認しています…」) appears only
 * when a run is still going after this many ms. A local proxy answers the whole
 * check in a few tens of ms: then the rows go straight from the last result to the
 * new one, with no flicker and no extra rendering frames between the requests (each
 * frame of this long page costs the main thread several ms; see scripts/bench/checks.ts).
 */
const PROGRESS_DELAY_MS = 100;

/** The page's Local Network Access permission (see `queryLocalNetworkPermission` in page.ts). */
export function queryLocalNetworkPermission(): Promise<{
	state: LocalNetworkPermission;
	status?: PermissionStatus;
}> {
	return queryPermission('permissions' in navigator ? navigator.permissions : undefined);
}

interface StoredInput {
	baseUrl: string;
	apiKey: string;
	model: string;
	urls?: Record<string, string>;
}

/** Rows, inputs and outputs of one instance, found once on connect. */
interface Parts {
	form: HTMLFormElement;
	baseUrl: HTMLInputElement;
	/** Absent for services that ask for no key / no model. */
	apiKey: HTMLInputElement | null;
	model: HTMLInputElement | null;
	/** A service's extra URLs by name (`data-pc-input="url:<name>"`). */
	urls: Map<string, HTMLInputElement>;
	showKey: HTMLButtonElement | null;
	run: HTMLButtonElement;
	token: HTMLButtonElement | null;
	inputError: HTMLElement;
	notes: HTMLElement;
	rows: Map<string, HTMLElement>;
	summary: HTMLElement;
	copyStatus: HTMLElement;
	cline: HTMLElement | null;
	icons: Map<string, HTMLTemplateElement>;
}

export class ProxyCheckElement extends HTMLElement {
	#parts?: Parts;
	/** The catalogue entry this element checks (`data-service`, default 'litellm'). */
	#service?: ServiceDef<any>;
	#controller: AbortController | null = null;
	#runSeq = 0;
	#lastSteps: readonly string[] | null = null;
	#permission?: PermissionStatus;
	#onPermissionChange = () => {
		// The participant answered the browser's prompt (or changed the site setting):
		// a fetch that was waiting never completes, so start a new run.
		if (this.#lastSteps) void this.run(this.#lastSteps, { restart: true });
	};
	/** Verified values shown in the Cline card, for the copy buttons. */
	#cline: ClineSettings | null = null;
	/** Step results of the current run not yet on screen (progress not shown yet). */
	#queued = new Map<string, StepResult>();
	#progressTimer: ReturnType<typeof setTimeout> | undefined;
	#progressShown = false;
	/** A field was edited since the current run started: its result will be stale. */
	#editedDuringRun = false;

	connectedCallback(): void {
		if (this.#parts) {
			// moved in the DOM: listen again for permission changes
			this.#permission?.addEventListener('change', this.#onPermissionChange);
			return;
		}
		const $ = <T extends Element>(sel: string): T => {
			const el = this.querySelector<T>(sel);
			if (!el) throw new Error(`<proxy-check>: missing ${sel}`);
			return el;
		};
		const rows = new Map<string, HTMLElement>();
		for (const row of this.querySelectorAll<HTMLElement>('[data-check-step]')) {
			rows.set(row.dataset.checkStep as string, row);
		}
		const icons = new Map<string, HTMLTemplateElement>();
		for (const t of this.querySelectorAll<HTMLTemplateElement>('template[data-icon]')) {
			icons.set(t.dataset.icon!, t);
		}
		this.#service = serviceById(this.dataset.service ?? 'litellm');
		const urls = new Map<string, HTMLInputElement>();
		for (const input of this.querySelectorAll<HTMLInputElement>('[data-pc-input^="url:"]'))
			urls.set(input.dataset.pcInput!.slice('url:'.length), input);
		const parts: Parts = {
			form: $('form'),
			baseUrl: $('[data-pc-input="baseUrl"]'),
			apiKey: this.querySelector('[data-pc-input="apiKey"]'),
			model: this.querySelector('[data-pc-input="model"]'),
			urls,
			showKey: this.querySelector('[data-pc-action="show-key"]'),
			run: $('[data-pc-action="run"]'),
			token: this.querySelector('[data-pc-action="token"]'),
			inputError: $('[data-pc="input-error"]'),
			notes: $('[data-pc="notes"]'),
			rows,
			summary: $('[data-pc="summary"]'),
			copyStatus: $('[data-pc="copy-status"]'),
			cline: this.querySelector('[data-pc="cline"]'),
			icons,
		};
		this.#parts = parts;
		this.#restoreInput();

		parts.form.addEventListener('submit', (e) => {
			// Never submit: a GET submit would put the fields in the URL.
			e.preventDefault();
			void this.run(this.checkSteps);
		});
		parts.token?.addEventListener('click', () => void this.run(this.tokenSteps));
		parts.showKey?.addEventListener('click', () => {
			const key = parts.apiKey!;
			const show = key.type === 'password';
			key.type = show ? 'text' : 'password';
			// A toggle button: fixed name 「API キーを表示」, state in aria-pressed.
			parts.showKey!.setAttribute('aria-pressed', String(show));
		});
		for (const input of [parts.baseUrl, parts.apiKey, parts.model, ...parts.urls.values()]) {
			if (!input) continue;
			input.addEventListener('input', () => {
				this.#saveInput();
				this.#inputEdited();
			});
		}
		this.addEventListener('click', (e) => {
			const button = (e.target as Element | null)?.closest<HTMLButtonElement>('button[data-copy]');
			if (button && this.contains(button)) void this.#copy(button);
		});
		void queryLocalNetworkPermission().then(({ status }) => {
			if (!status || !this.isConnected) return;
			this.#permission = status;
			status.addEventListener('change', this.#onPermissionChange);
		});
		this.dataset.state = 'idle';
	}

	/** Steps of the main run: every step of the service that spends no tokens. */
	get checkSteps(): readonly string[] {
		return this.#service ? planService(this.#service) : [];
	}

	/** Steps of the token run: the prerequisites and the token-spending steps. */
	get tokenSteps(): readonly string[] {
		const s = this.#service;
		return s
			? planService(
					s,
					s.steps.filter((x) => x.costsTokens).map((x) => x.id),
				)
			: [];
	}

	disconnectedCallback(): void {
		this.#controller?.abort();
		this.#permission?.removeEventListener('change', this.#onPermissionChange);
	}

	/**
	 * Runs the given steps with the current form values and renders the result.
	 * A call while a run is under way does nothing, unless `restart` (used when the
	 * local-network permission changes): then the old run is aborted and dropped.
	 *
	 * @returns the engine's report, or `null` when the call was ignored, the input
	 *   was invalid, or the run was superseded.
	 */
	async run(
		steps: readonly string[],
		opts: { restart?: boolean } = {},
	): Promise<CheckReport | null> {
		const parts = this.#parts;
		if (!parts) return null;
		if (this.#controller) {
			if (!opts.restart) return null;
			this.#controller.abort();
		}
		const normalized = normalizeBaseUrl(parts.baseUrl.value, 'ja');
		if (!normalized.ok) {
			this.#showInputError(normalized.message, normalized.code);
			this.#clearResult(steps);
			return null;
		}
		this.#showInputError(null);
		// Raw values: the engine normalises key and model too, and notes what it changed.
		const apiKey = parts.apiKey?.value ?? '';
		const model = parts.model?.value ?? '';
		const urls = Object.fromEntries([...parts.urls].map(([name, input]) => [name, input.value]));
		// Origins a service's extra URLs reach (never with a key), as the runner will normalise them.
		const otherOrigins = Object.values(urls).flatMap((raw) => {
			const u = normalizeBaseUrl(raw, 'ja');
			return u.ok ? [new URL(u.url).origin] : [];
		});
		for (const spec of Object.values(this.#service!.extraUrls ?? {}))
			otherOrigins.push(new URL(spec.default).origin);
		this.#saveInput();

		const seq = ++this.#runSeq;
		const controller = new AbortController();
		this.#controller = controller;
		this.#lastSteps = steps;
		this.#editedDuringRun = false;
		this.dataset.state = 'running';
		this.#startProgress(steps);

		const proxyOrigin = new URL(normalized.url).origin;
		let report: CheckReport | null = null;
		try {
			report = await runService(this.#service!, {
				// the raw input: the runner normalises it again and reports every change as a note
				baseUrl: parts.baseUrl.value,
				apiKey,
				model,
				urls,
				fetch: originGuardedFetch(proxyOrigin, otherOrigins, fetch.bind(globalThis), location.href),
				timeoutMs: Number(this.dataset.timeoutMs) || undefined,
				chatTimeoutMs: Number(this.dataset.chatTimeoutMs) || undefined,
				steps: [...steps],
				lang: 'ja',
				localNetwork: {
					pageIsLoopback: isLoopbackHostname(location.hostname),
					permission: async () => (await queryLocalNetworkPermission()).state,
					pageOrigin: location.origin,
				},
				signal: controller.signal,
				onStep: (s) => {
					if (seq !== this.#runSeq) return;
					if (this.#progressShown) this.#renderStep(s);
					else this.#queued.set(s.id, s);
				},
			});
		} catch (error) {
			if (seq !== this.#runSeq) return null;
			// The engine reports failures as steps; reaching here is a bug, but the
			// participant still gets a verdict instead of a spinner.
			this.#finish(steps, null, String(error instanceof Error ? error.message : error));
			return null;
		} finally {
			if (seq === this.#runSeq) {
				this.#controller = null;
				this.#setBusy(false);
			}
		}
		if (seq !== this.#runSeq) return null;
		this.#finish(steps, report);
		return report;
	}

	/** Starts the delay after which the run's progress is shown (see PROGRESS_DELAY_MS). */
	#startProgress(steps: readonly string[]): void {
		clearTimeout(this.#progressTimer);
		this.#queued.clear();
		this.#progressShown = false;
		this.#progressTimer = setTimeout(() => {
			this.#progressShown = true;
			this.#resetRows(steps);
			this.#hideCline();
			this.#setBusy(true);
			delete this.dataset.ok;
			this.#announce('確認しています…');
			for (const s of this.#queued.values()) this.#renderStep(s);
			this.#queued.clear();
		}, PROGRESS_DELAY_MS);
	}

	/** Ends the progress display; a run that was faster than the delay gets fresh rows here. */
	#endProgress(steps: readonly string[]): void {
		clearTimeout(this.#progressTimer);
		if (!this.#progressShown) {
			this.#resetRows(steps);
			this.#hideCline();
		}
		this.#queued.clear();
		this.#progressShown = false;
	}

	#finish(steps: readonly string[], report: CheckReport | null, crash?: string): void {
		const parts = this.#parts!;
		this.#endProgress(steps);
		if (report) {
			for (const s of report.steps) this.#renderStep(s);
			parts.notes.replaceChildren(
				...report.input.notes.map((n) => {
					const li = document.createElement('li');
					li.textContent = n.message;
					li.dataset.code = n.code;
					return li;
				}),
			);
			parts.notes.hidden = report.input.notes.length === 0;
		}
		if (this.#editedDuringRun) {
			// The run checked values that are no longer in the form.
			this.#markStale();
			return;
		}
		const ok = report?.ok ?? false;
		this.dataset.state = 'done';
		this.dataset.ok = String(ok);
		if (report?.ok && report.cline) this.#showCline(report.cline);
		this.#announce(
			crash
				? `確認を完了できませんでした: ${crash}`
				: summarize(report!, this.#labelOf, !!this.#parts?.cline),
		);
		if (report) {
			this.dispatchEvent(
				new CustomEvent(VERDICT_EVENT, { detail: toVerdict(report, this.#labelOf), bubbles: true }),
			);
		}
	}

	/**
	 * Nothing was checked (unusable Base URL): drops any run still going and every trace
	 * of the last result — rows back to pending (only `steps`' rows shown), notes,
	 * the Cline card, `data-ok` — and says why in the summary.
	 */
	#clearResult(steps: readonly string[]): void {
		++this.#runSeq; // results of a run still going are dropped
		this.#controller?.abort();
		this.#controller = null;
		clearTimeout(this.#progressTimer);
		this.#queued.clear();
		this.#progressShown = false;
		this.#setBusy(false);
		this.#resetRows(steps);
		this.#parts!.notes.replaceChildren();
		this.#hideCline();
		delete this.dataset.ok;
		this.dataset.state = 'idle';
		this.#announce(INVALID_INPUT_SUMMARY);
	}

	/** A field changed: a shown verdict no longer describes the form; a running one will not. */
	#inputEdited(): void {
		if (this.dataset.state === 'running') this.#editedDuringRun = true;
		else if (this.dataset.state === 'done') this.#markStale();
	}

	/** The rows stay (a fix being followed must not vanish); the card and the verdict go. */
	#markStale(): void {
		this.#hideCline();
		delete this.dataset.ok;
		this.dataset.state = 'stale';
		this.#announce(STALE_SUMMARY);
	}

	#labelOf = (id: string): string =>
		this.#parts?.rows.get(id)?.querySelector('[data-pc="label"]')?.textContent ?? id;

	#resetRows(steps: readonly string[]): void {
		for (const [id, row] of this.#parts!.rows) {
			this.#renderStep({ id, status: 'pending', code: `${id}.pending`, message: '', ms: 0 });
			row.hidden = !steps.includes(id);
		}
		this.#parts!.notes.hidden = true;
	}

	#renderStep(s: StepResult): void {
		const row = this.#parts!.rows.get(s.id);
		if (!row) return;
		row.hidden = false;
		row.dataset.status = s.status;
		row.dataset.code = s.code;
		const icon = row.querySelector<HTMLElement>('[data-pc="icon"]')!;
		const template = this.#parts!.icons.get(s.status);
		icon.replaceChildren(...(template ? [template.content.cloneNode(true)] : []));
		row.querySelector('[data-pc="status"]')!.textContent = STATUS_TEXT[s.status] ?? s.status;
		const final = s.status !== 'pending' && s.status !== 'running' && s.status !== 'skipped';
		row.querySelector('[data-pc="ms"]')!.textContent = final ? `${Math.round(s.ms)} ms` : '';
		setText(row.querySelector('[data-pc="message"]')!, s.message);
		setText(row.querySelector('[data-pc="fix"]')!, s.fix ?? '');
		const details = row.querySelector<HTMLElement>('[data-pc="details"]')!;
		const copyIcon = this.#parts!.icons.get('copy');
		details.replaceChildren(
			...(s.details ?? []).map((d) => detailRow(d.label, d.value, d.copy ?? false, copyIcon)),
		);
		details.hidden = !s.details?.length;
	}

	#showCline(cline: ClineSettings): void {
		const card = this.#parts!.cline;
		if (!card) return;
		this.#cline = cline;
		const set = (field: string, text: string) => {
			const el = card.querySelector(`[data-pc-cline="${field}"]`);
			if (el) el.textContent = text;
		};
		set('provider', cline.provider);
		set('baseUrl', cline.baseUrl);
		set('apiKey', maskKey(cline.apiKey));
		set('modelId', cline.modelId);
		const caching = card.querySelector<HTMLElement>('[data-pc-cline="caching"]');
		if (caching) caching.hidden = cline.supportsPromptCaching === undefined;
		set('supportsPromptCaching', cline.supportsPromptCaching ? '対応' : '非対応');
		card.hidden = false;
	}

	/** Hides the card and empties its values, so no unverified value stays in the page. */
	#hideCline(): void {
		this.#cline = null;
		const card = this.#parts!.cline;
		if (!card) return;
		card.hidden = true;
		for (const el of card.querySelectorAll('code[data-pc-cline]')) el.textContent = '';
	}

	#setBusy(busy: boolean): void {
		const { run, token, form } = this.#parts!;
		if (run.disabled === busy) return;
		run.disabled = busy;
		if (token) token.disabled = busy;
		form.setAttribute('aria-busy', String(busy));
	}

	#announce(text: string): void {
		this.#parts!.summary.textContent = text;
	}

	#showInputError(message: string | null, code?: string): void {
		const { inputError, baseUrl } = this.#parts!;
		if (message === null && inputError.hidden) return; // nothing shown: no DOM write
		inputError.textContent = message ?? '';
		inputError.hidden = message === null;
		if (message === null) {
			baseUrl.removeAttribute('aria-invalid');
			delete inputError.dataset.code;
		} else {
			baseUrl.setAttribute('aria-invalid', 'true');
			inputError.dataset.code = code ?? '';
			baseUrl.focus();
		}
	}

	async #copy(button: HTMLButtonElement): Promise<void> {
		const source = button.dataset.copy!;
		let text: string | undefined;
		if (source.startsWith('cline:')) {
			const field = source.slice('cline:'.length) as keyof ClineSettings;
			const value = this.#cline?.[field];
			text = value === undefined ? undefined : String(value);
		} else {
			text = button.dataset.copyValue;
		}
		if (text === undefined) return;
		const done = await copyText(text);
		const label = button.querySelector('[data-pc="copy-label"]') ?? button;
		const before = button.dataset.label ?? label.textContent ?? '';
		button.dataset.label = before;
		label.textContent = done ? 'コピーしました' : 'コピーできませんでした';
		const name = button
			.getAttribute('aria-label')
			?.replace(/をコピー$/, '')
			.trim();
		this.#parts!.copyStatus.textContent = done
			? `${name ?? ''} をコピーしました。`
			: `${name ?? ''} をコピーできませんでした。値を選択してコピーしてください。`;
		setTimeout(() => {
			label.textContent = before;
		}, 1500);
	}

	get #storageKey(): string {
		return `${STORAGE_PREFIX}${location.pathname}#${this.id}`;
	}

	#saveInput(): void {
		const { baseUrl, apiKey, model, urls } = this.#parts!;
		const value: StoredInput = {
			baseUrl: baseUrl.value,
			apiKey: apiKey?.value ?? '',
			model: model?.value ?? '',
			urls: Object.fromEntries([...urls].map(([n, input]) => [n, input.value])),
		};
		try {
			sessionStorage.setItem(this.#storageKey, JSON.stringify(value));
		} catch {
			// storage disabled (private mode, sandboxed frame): keep values in memory only
		}
	}

	#restoreInput(): void {
		let stored: Partial<StoredInput> | null = null;
		try {
			stored = JSON.parse(sessionStorage.getItem(this.#storageKey) ?? 'null');
		} catch {
			stored = null;
		}
		if (!stored || typeof stored !== 'object') return;
		const { baseUrl, apiKey, model, urls } = this.#parts!;
		if (typeof stored.baseUrl === 'string') baseUrl.value = stored.baseUrl;
		if (apiKey && typeof stored.apiKey === 'string') apiKey.value = stored.apiKey;
		if (model && typeof stored.model === 'string') model.value = stored.model;
		for (const [name, input] of urls) {
			const v = stored.urls?.[name];
			if (typeof v === 'string') input.value = v;
		}
	}
}

function setText(el: Element, text: string): void {
	el.textContent = text;
	(el as HTMLElement).hidden = text === '';
}

function detailRow(
	label: string,
	value: string,
	copy: boolean,
	icon?: HTMLTemplateElement,
): HTMLElement {
	const div = document.createElement('div');
	const dt = document.createElement('dt');
	dt.textContent = label;
	const dd = document.createElement('dd');
	// Commands, URLs, ids and proxy text as code; a Japanese sentence as plain text.
	const prose = !copy && /[^\x00-\x7f]/.test(value);
	const code = document.createElement(prose ? 'span' : 'code');
	code.textContent = value;
	dd.append(code);
	if (copy) {
		const button = document.createElement('button');
		button.type = 'button';
		button.className = 'pc-copy';
		button.dataset.copy = 'value';
		button.dataset.copyValue = value;
		button.setAttribute('aria-label', `${label} をコピー`);
		if (icon) button.append(icon.content.cloneNode(true));
		const span = document.createElement('span');
		span.dataset.pc = 'copy-label';
		span.textContent = 'コピー';
		button.append(span);
		dd.append(' ', button);
	}
	div.append(dt, dd);
	return div;
}

/** Clipboard API where available (secure contexts), else a hidden textarea + execCommand. */
async function copyText(text: string): Promise<boolean> {
	try {
		if (navigator.clipboard && window.isSecureContext) {
			await navigator.clipboard.writeText(text);
			return true;
		}
	} catch {
		// fall through to the legacy path
	}
	const area = document.createElement('textarea');
	area.value = text;
	area.setAttribute('readonly', '');
	area.style.position = 'fixed';
	area.style.opacity = '0';
	document.body.append(area);
	area.select();
	let ok = false;
	try {
		ok = document.execCommand('copy');
	} catch {
		ok = false;
	}
	area.remove();
	return ok;
}

if (!customElements.get('proxy-check')) customElements.define('proxy-check', ProxyCheckElement);
