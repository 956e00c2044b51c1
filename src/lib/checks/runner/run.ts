/**
 * The generic check runner: plans a service's steps, starts every step that does not
 * spend tokens at once (their requests go out together; a step that needs another's
 * data awaits the shared, memoised request on the context), reports the results in
 * step order, and stops at the first failing step: the later steps are reported as
 * 'skipped' and their requests still in flight are aborted. Token-spending steps start
 * only when asked and only after every earlier step passed.
 *
 * Pure TypeScript with an injected `fetch` (RunOptions): the browser, the CLI and the
 * tests share it.
 */
import { workshop } from '../../../../workshop.config.ts';
import { fillTemplate, renderMessage, WORKSHOP_PARAMS, type MessageParams } from '../messages.ts';
import { normalizeApiKey, normalizeBaseUrl } from '../normalize.ts';
import type { CheckReport, InputNote, Lang, RunOptions, StepResult } from '../types.ts';
import type { Outcome, RunBase, ServiceDef, StepDef } from './types.ts';

/**
 * Declares a step with its context type fixed and its outcome ids inferred from its
 * table, so `run` returning an id the table lacks is a type error:
 * `defineStep<Ctx>()({ id, label, outcomes: { ok: …, down: … }, run })`.
 */
export function defineStep<C extends RunBase>() {
	return <O extends string>(step: StepDef<C, O>): StepDef<C, O> => step;
}

const now = (): number => globalThis.performance?.now() ?? Date.now();

/**
 * The rows a run will have: the requested ones (default: every step that spends no
 * tokens) plus the service's prerequisite steps before them, in the service's order.
 *
 * @param service the catalogue entry
 * @param steps requested step ids; unknown ids are ignored
 */
export function planService(service: ServiceDef<any>, steps?: readonly string[]): string[] {
	const order = service.steps.map((s) => s.id);
	const wanted = new Set(
		steps && steps.length > 0
			? steps.filter((s) => order.includes(s))
			: service.steps.filter((s) => !s.costsTokens).map((s) => s.id),
	);
	for (const s of [...wanted]) {
		for (const p of service.steps) {
			if (p.prerequisite && order.indexOf(p.id) < order.indexOf(s)) wanted.add(p.id);
		}
	}
	return order.filter((id) => wanted.has(id));
}

/** The step rows' titles of a service, by id. */
export function serviceLabels(service: ServiceDef<any>, lang: Lang = 'ja'): Record<string, string> {
	return Object.fromEntries(service.steps.map((s) => [s.id, s.label[lang]]));
}

/** Renders a step's outcome into a result row. */
function toResult(
	ctx: RunBase,
	step: StepDef<any, string>,
	o: Outcome<string>,
	ms: number,
	extraParams: MessageParams,
): StepResult {
	const entry = step.outcomes[o.id];
	if (!entry) throw new Error(`step ${step.id}: no outcome ${o.id}`);
	const code = o.rendered?.code ?? `${step.id}.${entry.code ?? o.id}`;
	const params: MessageParams = { ...WORKSHOP_PARAMS, baseUrl: ctx.base, ...extraParams };
	for (const [k, v] of Object.entries(o.params ?? {})) if (v !== undefined) params[k] = v;
	const texts = o.rendered ?? {
		message: fillTemplate(entry[ctx.lang].message, params),
		...(entry[ctx.lang].fix ? { fix: fillTemplate(entry[ctx.lang].fix!, params) } : {}),
	};
	const result: StepResult = {
		id: step.id,
		status: entry.status,
		code,
		message: texts.message,
		ms: Math.round(ms),
	};
	if (texts.fix) result.fix = texts.fix;
	if (o.details && o.details.length > 0) result.details = o.details;
	return result;
}

function placeholder(
	ctx: RunBase,
	id: string,
	status: 'pending' | 'running' | 'skipped',
): StepResult {
	return {
		id,
		status,
		code: `${id}.${status}`,
		message: renderMessage(`*.${status}`, ctx.lang).message,
		ms: 0,
	};
}

/**
 * Runs a service's check.
 *
 * @param service the catalogue entry (../services/index.ts)
 * @param options input, injected `fetch`, timeouts (ms), steps, language, browser-only
 *   Local Network Access hooks, progress callback and abort signal (see RunOptions);
 *   `apiKey` and `model` are ignored by services that do not ask for them
 * @returns one result per planned row (rows after the first failure are 'skipped'),
 *   `ok` when nothing failed, the normalised input (never the key), the service id
 *   and what the service adds (`cline`, `version`)
 * @throws the signal's reason when `options.signal` aborts; RangeError for a timeout
 *   that is not a positive number
 */
export async function runService<C extends RunBase>(
	service: ServiceDef<C>,
	options: RunOptions,
): Promise<CheckReport> {
	const params: MessageParams = service.params ?? {};
	const lang: Lang = options.lang === 'en' ? 'en' : 'ja';
	const timeoutMs = options.timeoutMs ?? workshop.timeoutMs;
	const chatTimeoutMs = options.chatTimeoutMs ?? Math.max(workshop.chatTimeoutMs, timeoutMs);
	for (const [name, v] of [
		['timeoutMs', timeoutMs],
		['chatTimeoutMs', chatTimeoutMs],
	] as const) {
		if (!Number.isFinite(v) || v <= 0)
			throw new RangeError(`${name} must be a positive number of ms, got ${v}`);
	}
	options.signal?.throwIfAborted();

	const url = normalizeBaseUrl(options.baseUrl, lang);
	const key = service.inputs.apiKey
		? normalizeApiKey(options.apiKey, lang)
		: { ok: true as const, key: '', notes: [] };
	// Aborted when a step fails: requests of later steps still in flight are dropped.
	const stop = new AbortController();
	const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
	let firstStepSettled!: () => void;
	const firstStepDone = new Promise<void>((resolve) => (firstStepSettled = resolve));
	const urls: Record<string, string> = {};
	for (const [name, spec] of Object.entries(service.extraUrls ?? {})) {
		const given = normalizeBaseUrl(options.urls?.[name] ?? spec.default, lang);
		urls[name] = given.ok ? given.url : spec.default;
	}
	const base: RunBase = {
		lang,
		http: { fetch: options.fetch, signal },
		timeoutMs,
		chatTimeoutMs,
		url,
		base: url.ok ? url.url : String(options.baseUrl ?? '').trim(),
		key,
		apiKey: key.ok ? key.key : '',
		model: service.inputs.model ? String(options.model ?? '').trim() : '',
		urls,
		localNetwork: options.localNetwork,
		firstStepDone,
	};
	const ctx = service.context(base);
	const notes: InputNote[] = [...(url.ok ? url.notes : []), ...(key.ok ? key.notes : [])];
	const emit = (s: StepResult) => {
		try {
			options.onStep?.(structuredClone(s));
		} catch {
			// a broken progress callback must not break the run
		}
	};

	const plan = planService(service, options.steps).map((id) =>
		service.steps.find((s) => s.id === id)!,
	);
	plan.forEach((s) => emit(placeholder(ctx, s.id, 'pending')));

	type Timed = { outcome: Outcome<string>; ms: number };
	const start = (step: StepDef<C, string>): Promise<Timed> => {
		const t0 = now();
		const p = step.run(ctx).then((outcome) => ({ outcome, ms: now() - t0 }));
		p.catch(() => {}); // awaited below, or dropped after a failure
		return p;
	};
	// Everything that spends no tokens starts now; token steps wait for their turn.
	const started = new Map<string, Promise<Timed>>();
	for (const step of plan) if (!step.costsTokens) started.set(step.id, start(step));

	const results: StepResult[] = [];
	let failed = false;
	try {
		for (const step of plan) {
			if (failed) {
				const skipped = placeholder(ctx, step.id, 'skipped');
				results.push(skipped);
				emit(skipped);
				continue;
			}
			options.signal?.throwIfAborted();
			emit(placeholder(ctx, step.id, 'running'));
			const { outcome, ms } = await (started.get(step.id) ?? start(step));
			const result = toResult(ctx, step, outcome, ms, params);
			results.push(result);
			emit(result);
			firstStepSettled();
			if (result.status === 'fail') {
				failed = true;
				stop.abort(new DOMException('an earlier step failed', 'AbortError'));
			}
		}
	} catch (err) {
		firstStepSettled();
		stop.abort(err);
		throw options.signal?.aborted ? options.signal.reason : err;
	}

	const report: CheckReport = {
		ok: !failed,
		service: service.id,
		input: { baseUrl: ctx.base, model: ctx.model, notes },
		steps: results,
	};
	const extras = service.finish ? await service.finish(ctx, results) : {};
	if (extras.cline) report.cline = extras.cline;
	if (extras.version) report.version = extras.version;
	return report;
}
