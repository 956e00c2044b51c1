/**
 * The participant's progress as this browser remembers it (localStorage, one JSON
 * value under {@link PROGRESS_STORAGE_KEY}): pages visited, the account and runtime
 * chosen by navigating, and the latest verdict of each live check. Nothing secret:
 * verdicts never carry the API key (src/lib/checks/verdict.ts), and every text kept is
 * also scrubbed of anything shaped like a key ({@link scrubSecrets}) and bounded in
 * length. Nothing here sends anything anywhere.
 *
 * Pure TypeScript: every function takes and returns plain data; the only browser
 * access is {@link readProgress} / {@link writeProgress}, which take the storage as an
 * argument (default `globalThis.localStorage`) and survive its absence. The page's
 * binding is src/components/progress.client.ts.
 */
import type { Verdict, VerdictStep } from '../checks/verdict.ts';

/** The localStorage key of the progress record (versioned: a new shape gets a new key). */
export const PROGRESS_STORAGE_KEY = 'cline-workshop:progress:v1';

/** Name of the DOM event dispatched on `document` after the record changed (no detail). */
export const PROGRESS_EVENT = 'workshop:progress-changed';

/** Longest text kept per field (characters); longer texts are cut and end with `…`. */
export const MAX_TEXT = 300;
/** Most steps kept per verdict. */
export const MAX_STEPS = 12;

/** A runtime choice (see `runtimes` in src/lib/nav/graph.ts). */
export type Runtime = 'ec2' | 'local';

/** A verdict as kept: the {@link Verdict} fields, plus the page it was reached on. */
export interface StoredVerdict {
	ok: boolean;
	/** Code of the first failing step, or null when ok. */
	code: string | null;
	/** When the run ended, ISO 8601. */
	at: string;
	baseUrl: string;
	steps: VerdictStep[];
	version?: string;
	/** Title and URL path of the page the check ran on, when known. */
	page?: { title: string; path: string };
}

/** The whole record. */
export interface Progress {
	/** Page node id → when it was last visited (ISO 8601). */
	visited: Record<string, string>;
	/** Account page id (C / D) and runtime chosen by navigating. */
	choice: { account?: string; runtime?: Runtime };
	/** Service id (e.g. 'litellm') → its latest verdict. */
	verdicts: Record<string, StoredVerdict>;
}

/** A record with nothing in it. */
export function emptyProgress(): Progress {
	return { visited: {}, choice: {}, verdicts: {} };
}

/**
 * Replaces anything shaped like an API key (`sk-` followed by 4 or more key
 * characters, as LiteLLM and OpenAI keys are, and `Bearer <token>`) by `[削除]`.
 * A defence in depth: verdicts do not carry the key in the first place.
 */
export function scrubSecrets(text: string): string {
	return text
		.replace(/\bsk-[A-Za-z0-9_\-.]{4,}/g, '[削除]')
		.replace(/\bBearer\s+[A-Za-z0-9_\-.=+/]{4,}/gi, 'Bearer [削除]');
}

/** {@link scrubSecrets}, then cut to {@link MAX_TEXT} characters. */
function clean(text: unknown): string {
	const s = scrubSecrets(typeof text === 'string' ? text : String(text ?? ''));
	return s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1)}…` : s;
}

const STATUSES = new Set(['ok', 'warn', 'fail', 'skipped']);
const isIso = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));
const isObj = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: string) => /^[A-Za-z][A-Za-z0-9_-]{0,40}$/.test(v);

/**
 * A verdict made safe to keep: known fields only, texts scrubbed and bounded, at most
 * {@link MAX_STEPS} steps, `ms` a finite number.
 * @returns `undefined` when `v` is not verdict-shaped (no boolean `ok`, no valid `at`).
 */
export function toStoredVerdict(
	v: unknown,
	page?: { title: string; path: string },
): StoredVerdict | undefined {
	if (!isObj(v) || typeof v.ok !== 'boolean' || !isIso(v.at)) return undefined;
	const steps = (Array.isArray(v.steps) ? v.steps : [])
		.filter(isObj)
		.slice(0, MAX_STEPS)
		.map((s): VerdictStep => ({
			id: clean(s.id),
			label: clean(s.label),
			status: (STATUSES.has(s.status as string) ? s.status : 'skipped') as VerdictStep['status'],
			code: clean(s.code),
			message: clean(s.message),
			ms: Number.isFinite(s.ms) ? Math.max(0, Math.round(s.ms as number)) : 0,
		}));
	const out: StoredVerdict = {
		ok: v.ok,
		code: v.ok || v.code == null ? null : clean(v.code),
		at: new Date(v.at as string).toISOString(),
		baseUrl: clean(v.baseUrl),
		steps,
	};
	if (typeof v.version === 'string' && v.version) out.version = clean(v.version);
	const p = page ?? (isObj(v.page) ? (v.page as { title: string; path: string }) : undefined);
	if (p && typeof p.title === 'string' && typeof p.path === 'string')
		out.page = { title: clean(p.title), path: clean(p.path) };
	return out;
}

/**
 * Reads a record from its JSON text, keeping only what has the right shape (a record
 * written by another version, or edited by hand, loses its bad parts, never throws).
 * @param raw - the stored text, or null when nothing is stored.
 */
export function parseProgress(raw: string | null | undefined): Progress {
	const p = emptyProgress();
	if (!raw) return p;
	let data: unknown;
	try {
		data = JSON.parse(raw);
	} catch {
		return p;
	}
	if (!isObj(data)) return p;
	if (isObj(data.visited))
		for (const [id, at] of Object.entries(data.visited))
			if (isId(id) && isIso(at)) p.visited[id] = at;
	if (isObj(data.choice)) {
		const { account, runtime } = data.choice;
		if (typeof account === 'string' && isId(account)) p.choice.account = account;
		if (runtime === 'ec2' || runtime === 'local') p.choice.runtime = runtime;
	}
	if (isObj(data.verdicts))
		for (const [service, v] of Object.entries(data.verdicts)) {
			const stored = isId(service) ? toStoredVerdict(v) : undefined;
			if (stored) p.verdicts[service] = stored;
		}
	return p;
}

/** The record as JSON text for storage. */
export function serializeProgress(p: Progress): string {
	return JSON.stringify(p);
}

/** Records a visit of page node `id` at `at` (ISO 8601). Returns a new record. */
export function recordVisit(p: Progress, id: string, at: string): Progress {
	return { ...p, visited: { ...p.visited, [id]: at } };
}

/**
 * Records a choice made by navigating: an account page sets the account (the runtime
 * stays), a set-up page sets both. Returns a new record.
 */
export function recordChoice(
	p: Progress,
	choice: { account?: string | undefined; runtime?: Runtime | undefined },
): Progress {
	const next = { ...p.choice };
	if (choice.account) next.account = choice.account;
	if (choice.runtime) next.runtime = choice.runtime;
	return { ...p, choice: next };
}

/**
 * Records the latest verdict of `verdict.service` (replacing the one before).
 * @returns a new record; the same record when the verdict is not verdict-shaped.
 */
export function recordVerdict(
	p: Progress,
	verdict: Verdict,
	page?: { title: string; path: string },
): Progress {
	const stored = toStoredVerdict(verdict, page);
	if (!stored || typeof verdict.service !== 'string' || !isId(verdict.service)) return p;
	return { ...p, verdicts: { ...p.verdicts, [verdict.service]: stored } };
}

/** The mark drawn on one node of the chart. */
export interface NodeMark {
	/** 'ok' / 'failed' from the latest check of a service on this node, else 'visited'. */
	state: 'visited' | 'ok' | 'failed';
	/** Text alternative, e.g. 「訪問済み」, 「確認: OK（12/2 16:30）」, 「確認: 失敗 key.rejected（…）」. */
	text: string;
}

/**
 * `at` as 「M/D HH:MM」 in the given time zone (default: the runtime's).
 * @param timeZone - IANA name, e.g. 'Asia/Tokyo' (tests pass 'UTC').
 */
export function shortTime(at: string, timeZone?: string): string {
	const parts = new Intl.DateTimeFormat('ja-JP', {
		month: 'numeric',
		day: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
		hour12: false,
		...(timeZone ? { timeZone } : {}),
	}).formatToParts(new Date(at));
	const get = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
	return `${get('month')}/${get('day')} ${get('hour')}:${get('minute')}`;
}

/** The verdict as one line: 「OK（12/2 16:30）」 or 「失敗 key.rejected（12/2 16:30）」. */
export function verdictText(v: StoredVerdict, timeZone?: string): string {
	const when = shortTime(v.at, timeZone);
	return v.ok ? `OK（${when}）` : `失敗 ${v.code ?? ''}（${when}）`.replace(' （', '（');
}

/**
 * The marks to draw on the chart: every visited page, and on the node of each checked
 * service ({@link serviceNodes}) its latest verdict (which wins over 'visited').
 * @param serviceNodes - service id → page node id (graph.ts `serviceNodes`).
 */
export function nodeMarks(
	p: Progress,
	serviceNodes: Readonly<Record<string, string>>,
	timeZone?: string,
): Map<string, NodeMark> {
	const marks = new Map<string, NodeMark>();
	for (const id of Object.keys(p.visited)) marks.set(id, { state: 'visited', text: '訪問済み' });
	for (const [service, v] of Object.entries(p.verdicts)) {
		const id = serviceNodes[service];
		if (!id) continue;
		marks.set(id, {
			state: v.ok ? 'ok' : 'failed',
			text: `確認: ${verdictText(v, timeZone)}`,
		});
	}
	return marks;
}

/** The storage subset used here (localStorage, or a fake in tests). */
export type ProgressStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function defaultStorage(): ProgressStorage | undefined {
	try {
		return (globalThis as { localStorage?: ProgressStorage }).localStorage;
	} catch {
		return undefined; // access denied (sandboxed frame, storage disabled)
	}
}

/**
 * The stored record: what the progress marks, the progress summary and the help
 * report (after a reload) read. Never throws; an empty record when nothing is stored
 * or storage is unavailable.
 * @param storage - defaults to `globalThis.localStorage`.
 */
export function readProgress(storage: ProgressStorage | undefined = defaultStorage()): Progress {
	try {
		return parseProgress(storage?.getItem(PROGRESS_STORAGE_KEY));
	} catch {
		return emptyProgress();
	}
}

/**
 * Stores the record. Returns false when storage is unavailable or full (the page keeps
 * working without memory).
 */
export function writeProgress(
	p: Progress,
	storage: ProgressStorage | undefined = defaultStorage(),
): boolean {
	try {
		if (!storage) return false;
		storage.setItem(PROGRESS_STORAGE_KEY, serializeProgress(p));
		return true;
	} catch {
		return false;
	}
}

/** Forgets the whole record (「記録を消す」). Returns false when storage is unavailable. */
export function clearProgress(storage: ProgressStorage | undefined = defaultStorage()): boolean {
	try {
		if (!storage) return false;
		storage.removeItem(PROGRESS_STORAGE_KEY);
		return true;
	} catch {
		return false;
	}
}
