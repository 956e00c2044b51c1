/**
 * `npm run doctor` — checks a local service of the workshop from a terminal, with the
 * same runner, catalogue and messages as the live checks on the pages (src/lib/checks),
 * using undici's fetch. Named after the usual environment-diagnosis commands
 * (`flutter doctor`, `brew doctor`).
 *
 *   npm run doctor -- [--service ID|all] [--base-url URL] [--url NAME=URL] [--key KEY]
 *                     [--model ID] [--timeout MS] [--chat] [--fallback] [--json]
 *                     [--lang ja|en] [--help]
 *
 * `--service` is a catalogue id (src/lib/checks/services/index.ts: litellm, mlflow,
 * langfuse, litellm-ui, vscode) or `all` (every entry, one after the other); default
 * litellm. `--base-url` applies to a single service; `--url NAME=URL` sets one of a
 * service's extra URLs (langfuse: `langfuseWeb`). Defaults come from the catalogue
 * entry and workshop.config.ts (for litellm http://localhost:4000, the workshop's
 * model, 5000 ms). The key is taken from `--key`, else the `LITELLM_MASTER_KEY`
 * environment variable (safer: it stays out of the shell history), else the
 * workshop's documented default master key. The key is never printed (masked as
 * e.g. `sk-l…-key` at most), neither in the text nor in `--json` output.
 *
 * Exit status: 0 when ready (no step failed; warnings are fine), 1 when a check
 * failed, 2 on bad arguments (unknown flag, bad timeout, unusable URL or key;
 * the reason goes to stderr) or an invalid workshop.config.ts (the field named).
 * An extra argument (typically the rest of a key with a space, passed unquoted) is
 * reported without its value, since it may be key material.
 * When the reader of stdout stops early (`npm run doctor | head`), the rest of the
 * output is dropped quietly and the exit status is still the check's.
 *
 * `--json` prints one object: `{ ok, service, version?, input: { baseUrl, model, notes },
 * steps: [{ id, status, code, message, fix?, ms, details? }], cline?: { provider,
 * baseUrl, apiKey (masked), modelId, supportsPromptCaching? } }`; with `--service all`,
 * `{ ok, services: [that object per service] }`.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs, styleText } from 'node:util';
import { Agent, fetch as undiciFetch } from 'undici';
import type { CheckReport, Lang, StepResult } from '../src/lib/checks/index.ts';
// The schema module validates nothing at import; workshop.config.ts does, so it is imported below.
import { WorkshopConfigError } from '../src/lib/config/schema.ts';
import { escapeControls, escapeJsonControls } from '../src/lib/checks/terminal.ts';
import type { WorkshopConfig } from '../workshop.config.ts';

/** Exit statuses. */
export const EXIT = { ready: 0, failed: 1, usage: 2 } as const;

/**
 * The event's config and the check engine (which reads the config too), imported
 * here rather than statically, so that an invalid workshop.config.ts ends the CLI
 * with exit status 2 and the schema's message naming the field (for the
 * facilitator), not with exit 1 (which means "a check failed") and a stack trace.
 * Any other import error is rethrown.
 */
async function loadConfigAndEngine(): Promise<{
	workshop: WorkshopConfig;
	checks: typeof import('../src/lib/checks/index.ts');
}> {
	try {
		const { workshop } = await import('../workshop.config.ts');
		const checks = await import('../src/lib/checks/index.ts');
		return { workshop, checks };
	} catch (err) {
		if (!(err instanceof WorkshopConfigError)) throw err;
		process.stderr.write(
			`doctor: workshop.config.ts の値が正しくありません（主催者が直す設定です）。\n${err.message}\n`,
		);
		process.exit(EXIT.usage);
	}
}

const { workshop, checks } = await loadConfigAndEngine();
const {
	maskKey,
	normalizeApiKey,
	normalizeBaseUrl,
	planService,
	runService,
	serviceLabels,
	serviceById,
	SERVICE_IDS,
} = checks;

const TEXT = {
	ja: {
		help: `使い方: npm run doctor -- [オプション]

LiteLLM Proxy が Cline から使える状態かを確認します（Web ページの確認と同じ内容です）。

オプション:
  --service ID     確認するサービス: ${SERVICE_IDS.join('、')}、all（既定: litellm）
  --base-url URL   サービスの URL（既定: litellm は ${workshop.proxyBaseUrl}、mlflow は ${workshop.mlflow.proxyBaseUrl}）
  --url NAME=URL   サービスのほかの URL（langfuse の langfuseWeb、既定: ${workshop.langfuse.webUrl}）
  --key KEY        API キー（既定: 環境変数 LITELLM_MASTER_KEY、なければ ${workshop.defaultApiKey}）
                   シェルの履歴に残らないよう、環境変数で渡すことをお勧めします
  --model ID       Cline の Model ID にする model_name（既定: ${workshop.expectedModel}）
  --timeout MS     1 リクエストのタイムアウト（ミリ秒、既定: ${workshop.timeoutMs}）
  --chat           1 トークンのチャットでモデルを呼び出します（トークンを消費します）
  --fallback       mock_testing_fallbacks でフォールバックを試します（トークンを消費します）
  --json           結果を JSON で出力します
  --lang ja|en     メッセージの言語（既定: ja）
  -h, --help       この説明を表示します

終了コード: 0 = 準備完了、1 = 確認に失敗、2 = 引数（または workshop.config.ts）の誤り`,
		header: 'LiteLLM Proxy の確認',
		model: 'モデル',
		key: 'キー',
		keyFrom: {
			flag: '--key',
			env: '環境変数 LITELLM_MASTER_KEY',
			default: 'ワークショップの既定値',
		},
		noKey: '（なし）',
		fix: '対処',
		skipped: 'スキップ',
		ready: '準備ができています。Cline に次の設定を入力してください。',
		readyPlain: '準備ができています。',
		failed: (n: number) => `問題が ${n} 件あります。上の「対処」を確認してください。`,
		cline: 'Cline の設定（API Provider: LiteLLM）',
		badArgs: 'doctor: 引数が正しくありません',
		seeHelp: '使い方は npm run doctor -- --help で確認できます。',
		badTimeout: (v: string) =>
			`--timeout はミリ秒の整数（1〜600000）で指定してください（「${v}」は使えません）。`,
		badLang: (v: string) => `--lang は ja か en です（「${v}」は使えません）。`,
		badService: (v: string) =>
			`--service は ${SERVICE_IDS.join('、')}、all のどれかです（「${v}」は使えません）。`,
		badUrl: (v: string) => `--url は 名前=URL の形です（「${v}」は使えません）。`,
		baseUrlAll:
			'--base-url は --service all と一緒には使えません（サービスごとに既定の URL で確認します）。',
		headerFor: (title: string) => `${title}の確認`,
		extraArg:
			'余分な引数があります（値は表示しません。キーの一部なら、キー全体を引用符で囲んでください: --key "…"）。',
		unknownOption: (name: string) => `不明なオプション ${name} です。`,
		unknownShortOption: (name: string) =>
			`不明なオプション ${name} です。短い形は -h だけです（--key のように書いてください）。`,
		missingValue: (name: string) => `${name} に値を指定してください。`,
		dashValue: (name: string) =>
			`${name} の値が「-」で始まっています。値を書き忘れていないか確認してください。「-」で始まる値は ${name}=… の形で指定します。`,
		noValue: (name: string) => `${name} は値を取りません。`,
		badOption: (name: string) => `${name} の指定が正しくありません。`,
		keyEnv: '環境変数 LITELLM_MASTER_KEY',
		caching: 'プロンプトキャッシュ（LiteLLM のモデル情報）',
		on: '対応',
		off: '非対応',
	},
	en: {
		help: `Usage: npm run doctor -- [options]

Checks that a LiteLLM Proxy is ready for Cline (the same checks as the web page).

Options:
  --service ID     service to check: ${SERVICE_IDS.join(', ')}, all (default: litellm)
  --base-url URL   the service's URL (default: litellm ${workshop.proxyBaseUrl}, mlflow ${workshop.mlflow.proxyBaseUrl})
  --url NAME=URL   another URL of the service (langfuse: langfuseWeb, default ${workshop.langfuse.webUrl})
  --key KEY        API key (default: env LITELLM_MASTER_KEY, else ${workshop.defaultApiKey})
                   Prefer the environment variable: it stays out of the shell history
  --model ID       model_name to give Cline as Model ID (default: ${workshop.expectedModel})
  --timeout MS     per-request timeout in ms (default: ${workshop.timeoutMs})
  --chat           call the model with a one-token chat (costs tokens)
  --fallback       try a fallback with mock_testing_fallbacks (costs tokens)
  --json           print the result as JSON
  --lang ja|en     message language (default: ja)
  -h, --help       show this help

Exit status: 0 = ready, 1 = a check failed, 2 = bad arguments (or workshop.config.ts)`,
		header: 'LiteLLM Proxy check',
		model: 'Model',
		key: 'Key',
		keyFrom: { flag: '--key', env: 'env LITELLM_MASTER_KEY', default: 'workshop default' },
		noKey: '(none)',
		fix: 'Fix',
		skipped: 'skipped',
		ready: 'Ready. Give Cline these settings:',
		readyPlain: 'Ready.',
		failed: (n: number) => `${n} problem(s) found; see "Fix" above.`,
		cline: 'Cline settings (API Provider: LiteLLM)',
		badArgs: 'doctor: bad arguments',
		seeHelp: 'See npm run doctor -- --help.',
		badTimeout: (v: string) => `--timeout takes an integer number of ms (1–600000), not "${v}".`,
		badLang: (v: string) => `--lang is ja or en, not "${v}".`,
		badService: (v: string) => `--service is one of ${SERVICE_IDS.join(', ')}, all; not "${v}".`,
		badUrl: (v: string) => `--url takes NAME=URL, not "${v}".`,
		baseUrlAll: '--base-url cannot be used with --service all (each service uses its default URL).',
		headerFor: (title: string) => `${title} check`,
		extraArg:
			'unexpected extra argument (value hidden: if it is part of the key, quote the whole key: --key "…").',
		unknownOption: (name: string) => `unknown option ${name}.`,
		unknownShortOption: (name: string) =>
			`unknown option ${name}. The only short form is -h (write --key and so on).`,
		missingValue: (name: string) => `${name} needs a value.`,
		dashValue: (name: string) =>
			`the value of ${name} starts with "-": check that it is not missing; give such a value as ${name}=….`,
		noValue: (name: string) => `${name} takes no value.`,
		badOption: (name: string) => `${name} is not used correctly.`,
		keyEnv: 'env LITELLM_MASTER_KEY',
		caching: "Prompt caching (LiteLLM's model info)",
		on: 'supported',
		off: 'not supported',
	},
};

const MARK: Record<StepResult['status'], [string, Parameters<typeof styleText>[0]]> = {
	ok: ['✔', 'green'],
	warn: ['!', 'yellow'],
	fail: ['✘', 'red'],
	skipped: ['–', 'gray'],
	pending: [' ', 'gray'],
	running: ['…', 'gray'],
};

interface Io {
	stdout: NodeJS.WritableStream & { isTTY?: boolean };
	stderr: NodeJS.WritableStream;
	env: NodeJS.ProcessEnv;
}

/**
 * Makes `stream` drop writes once its reader has gone (EPIPE: `npm run doctor | head`
 * read what it wanted and exited) instead of crashing with an unhandled 'error' event.
 * Other stream errors are still thrown.
 *
 * @returns a stream with the same `write` that writes nothing after EPIPE
 */
function quietOnEpipe<T extends NodeJS.WritableStream>(stream: T): T {
	let gone = false;
	stream.on('error', (err: NodeJS.ErrnoException) => {
		if (err.code === 'EPIPE') gone = true;
		else throw err;
	});
	return new Proxy(stream, {
		get(target, prop, receiver) {
			if (prop === 'write') return (chunk: string) => (gone ? false : target.write(chunk));
			const v = Reflect.get(target, prop, receiver);
			return typeof v === 'function' ? v.bind(target) : v;
		},
	});
}

/**
 * Our message for a `parseArgs` error, never quoting an argument's value: only the
 * names of known flags, and an unknown flag's name when it is a whole `--name`
 * argument that does not follow `--key`'s value (a key with spaces, unquoted, leaves
 * its pieces as positional arguments or as "unknown options" such as `-s` of `-secret`).
 */
function argsError(
	err: NodeJS.ErrnoException,
	argv: readonly string[],
	t: (typeof TEXT)[Lang],
): string {
	const name = /'(--?[a-z][\w-]*)/i.exec(err.message)?.[1] ?? '';
	switch (err.code) {
		case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
			return t.extraArg;
		case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
			const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
			const afterKey = i >= 2 && argv[i - 2] === '--key';
			if (i === -1 || afterKey) return t.extraArg;
			if (/^--[a-z][a-z0-9-]*$/.test(name)) return t.unknownOption(name);
			// A one-letter short option (`-k`) is named too: nothing of a key is in it.
			return /^-[a-zA-Z]$/.test(name) ? t.unknownShortOption(name) : t.extraArg;
		}
		case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
			if (/argument missing/.test(err.message)) return t.missingValue(name);
			if (/ambiguous/.test(err.message)) return t.dashValue(name);
			if (/does not take an argument/.test(err.message)) return t.noValue(name);
			return t.badOption(name);
		default:
			return t.badOption(name);
	}
}

function color(io: Io, format: Parameters<typeof styleText>[0], text: string): string {
	return styleText(format, text, { stream: io.stdout as NodeJS.WriteStream });
}

/** A report made safe to print: the key in the Cline settings is masked. */
export function publicReport(report: CheckReport): Omit<CheckReport, 'cline'> & {
	cline?: Omit<NonNullable<CheckReport['cline']>, 'apiKey'> & { apiKey: string };
} {
	const { cline, ...rest } = report;
	return cline ? { ...rest, cline: { ...cline, apiKey: maskKey(cline.apiKey) } } : rest;
}

/**
 * Prints one finished row in text mode. Messages, fixes and details may quote the
 * proxy (model ids, error text): every control character in them is printed escaped
 * (`escapeControls`), so nothing a proxy sends reaches the terminal as a sequence.
 */
function printStep(io: Io, lang: Lang, labels: Record<string, string>, s: StepResult): void {
	const t = TEXT[lang];
	const [mark, fmt] = MARK[s.status];
	const title = labels[s.id] ?? s.id;
	if (s.status === 'skipped') {
		io.stdout.write(`${color(io, fmt, mark)} ${title}  ${color(io, 'gray', t.skipped)}\n`);
		return;
	}
	io.stdout.write(
		`${color(io, fmt, mark)} ${color(io, 'bold', title)}  ${color(io, 'gray', `${s.ms} ms`)}\n`,
	);
	io.stdout.write(`  ${escapeControls(s.message)}\n`);
	if (s.fix) io.stdout.write(`  ${color(io, fmt, `→ ${t.fix}:`)} ${escapeControls(s.fix)}\n`);
	for (const d of s.details ?? [])
		io.stdout.write(
			`    ${color(io, 'gray', `${escapeControls(d.label)}:`)} ${escapeControls(d.value)}\n`,
		);
}

function usageError(io: Io, lang: Lang, message: string): number {
	const t = TEXT[lang];
	io.stderr.write(`${t.badArgs}: ${message}\n${t.seeHelp}\n`);
	return EXIT.usage;
}

/**
 * Runs the CLI.
 *
 * @param argv arguments after the script name (`process.argv.slice(2)`)
 * @param io output streams and environment (injectable for tests)
 * @returns the exit status (0 ready, 1 a check failed, 2 bad arguments)
 */
export async function main(
	argv: string[],
	streams: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
	const io: Io = {
		...streams,
		stdout: quietOnEpipe(streams.stdout),
		stderr: quietOnEpipe(streams.stderr),
	};
	// --lang is read first so that argument errors are reported in that language.
	const langArg = argv.find((a, i) => a.startsWith('--lang=') || argv[i - 1] === '--lang');
	let lang: Lang = 'ja';
	if (langArg !== undefined) {
		const v = langArg.replace(/^--lang=/, '');
		if (v === 'ja' || v === 'en') lang = v;
		else return usageError(io, 'ja', TEXT.ja.badLang(v));
	}
	const t = TEXT[lang];

	let values: {
		service?: string;
		url?: string[];
		'base-url'?: string;
		key?: string;
		model?: string;
		timeout?: string;
		json?: boolean;
		chat?: boolean;
		fallback?: boolean;
		lang?: string;
		help?: boolean;
	};
	try {
		({ values } = parseArgs({
			args: argv,
			strict: true,
			allowPositionals: false,
			options: {
				service: { type: 'string' },
				url: { type: 'string', multiple: true },
				'base-url': { type: 'string' },
				key: { type: 'string' },
				model: { type: 'string' },
				timeout: { type: 'string' },
				json: { type: 'boolean' },
				chat: { type: 'boolean' },
				fallback: { type: 'boolean' },
				lang: { type: 'string' },
				help: { type: 'boolean', short: 'h' },
			},
		}));
	} catch (err) {
		// parseArgs' own messages quote positional arguments and pieces of unknown
		// options, which may be key material: say it in our own words instead.
		return usageError(io, lang, argsError(err as NodeJS.ErrnoException, argv, t));
	}
	if (values.help) {
		io.stdout.write(`${t.help}\n`);
		return EXIT.ready;
	}

	let timeoutMs = workshop.timeoutMs;
	if (values.timeout !== undefined) {
		if (
			!/^\d+$/.test(values.timeout) ||
			Number(values.timeout) < 1 ||
			Number(values.timeout) > 600_000
		) {
			return usageError(io, lang, t.badTimeout(values.timeout));
		}
		timeoutMs = Number(values.timeout);
	}

	const serviceArg = values.service ?? 'litellm';
	if (serviceArg !== 'all' && !SERVICE_IDS.includes(serviceArg))
		return usageError(io, lang, t.badService(serviceArg));
	const services = (serviceArg === 'all' ? [...SERVICE_IDS] : [serviceArg]).map(serviceById);
	if (serviceArg === 'all' && values['base-url'] !== undefined)
		return usageError(io, lang, t.baseUrlAll);
	const urls: Record<string, string> = {};
	for (const u of values.url ?? []) {
		const m = /^([A-Za-z]\w*)=(.+)$/.exec(u);
		if (!m) return usageError(io, lang, t.badUrl(u));
		const parsed = normalizeBaseUrl(m[2], lang);
		if (!parsed.ok) return usageError(io, lang, `--url ${m[1]}: ${parsed.message}`);
		urls[m[1]] = m[2];
	}

	const keySource: keyof typeof t.keyFrom =
		values.key !== undefined ? 'flag' : io.env.LITELLM_MASTER_KEY !== undefined ? 'env' : 'default';
	const rawKey = values.key ?? io.env.LITELLM_MASTER_KEY ?? workshop.defaultApiKey;
	if (services.some((s) => s.inputs.apiKey)) {
		const key = normalizeApiKey(rawKey, lang);
		if (!key.ok)
			return usageError(io, lang, `${keySource === 'env' ? t.keyEnv : '--key'}: ${key.message}`);
	}

	// Validated here (exit 2 before any request); the runner gets the raw values and
	// normalises them once more from scratch, so its notes are the same as these (it
	// must not get `url.url`: normalising a normalised URL repeats url.no_port and
	// url.https_loopback).
	const plans = [];
	for (const service of services) {
		const rawUrl = values['base-url'] ?? service.defaultBaseUrl;
		const url = normalizeBaseUrl(rawUrl, lang);
		if (!url.ok) return usageError(io, lang, `--base-url: ${url.message}`);
		const tokens = service.steps
			.filter(
				(s) =>
					s.costsTokens &&
					((values.chat && s.id === 'chat') || (values.fallback && s.id === 'fallback')),
			)
			.map((s) => s.id);
		const steps = planService(service, [...planService(service), ...tokens]);
		plans.push({ service, rawUrl, url, steps });
	}

	// A dedicated dispatcher, destroyed at the end, so idle keep-alive sockets or a
	// proxy that never answers cannot keep the process alive.
	const agent = new Agent();
	const fetch = ((input: string | URL, init?: RequestInit) =>
		undiciFetch(input, {
			...(init as object),
			dispatcher: agent,
		})) as unknown as typeof globalThis.fetch;

	const reports: CheckReport[] = [];
	try {
		for (const { service, rawUrl, url, steps } of plans) {
			const labels = serviceLabels(service, lang);
			const model = service.inputs.model ? (values.model ?? service.defaultModel ?? '') : '';
			if (!values.json) {
				if (reports.length > 0) io.stdout.write('\n');
				const header = service.id === 'litellm' ? t.header : t.headerFor(service.title[lang]);
				io.stdout.write(`${color(io, 'bold', header)}: ${escapeControls(url.url)}\n`);
				if (service.inputs.apiKey) {
					const key = normalizeApiKey(rawKey, lang);
					const shown = key.ok && key.key ? maskKey(key.key) : t.noKey;
					io.stdout.write(
						`  ${t.model}: ${escapeControls(model)}   ${t.key}: ${escapeControls(shown)} (${t.keyFrom[keySource]})\n`,
					);
					if (key.ok) for (const n of key.notes) url.notes.push(n);
				}
				for (const n of url.notes)
					io.stdout.write(`  ${color(io, 'yellow', '※')} ${escapeControls(n.message)}\n`);
				io.stdout.write('\n');
			}
			const report = await runService(service, {
				baseUrl: rawUrl,
				apiKey: rawKey,
				model,
				urls,
				fetch,
				timeoutMs,
				steps,
				lang,
				onStep: values.json
					? undefined
					: (s) => {
							if (s.status !== 'pending' && s.status !== 'running') printStep(io, lang, labels, s);
						},
			});
			reports.push(report);
			if (!values.json) printVerdict(io, lang, report);
		}
	} finally {
		agent.destroy().catch(() => {});
	}
	const ok = reports.every((r) => r.ok);
	if (values.json) {
		const out =
			serviceArg === 'all' ? { ok, services: reports.map(publicReport) } : publicReport(reports[0]);
		io.stdout.write(`${escapeJsonControls(JSON.stringify(out, null, 2))}\n`);
	}
	return ok ? EXIT.ready : EXIT.failed;
}

/** The closing lines of one service's run: ready (with the Cline settings) or how many failed. */
function printVerdict(io: Io, lang: Lang, report: CheckReport): void {
	const t = TEXT[lang];
	io.stdout.write('\n');
	if (report.ok) {
		io.stdout.write(`${color(io, 'green', report.cline ? t.ready : t.readyPlain)}\n`);
		if (report.cline) {
			const c = report.cline;
			io.stdout.write(`  ${t.cline}\n`);
			io.stdout.write(
				`    Base URL: ${escapeControls(c.baseUrl)}\n    API Key:  ${escapeControls(maskKey(c.apiKey)) || t.noKey}\n    Model ID: ${escapeControls(c.modelId)}\n`,
			);
			if (c.supportsPromptCaching !== undefined)
				io.stdout.write(`    ${t.caching}: ${c.supportsPromptCaching ? t.on : t.off}\n`);
		}
	} else {
		const n = report.steps.filter((s) => s.status === 'fail').length;
		io.stdout.write(`${color(io, 'red', t.failed(n))}\n`);
	}
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	process.exitCode = await main(process.argv.slice(2));
}
