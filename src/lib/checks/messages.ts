/**
 * The one message catalog of the check engine: outcome code → message and fix, in
 * Japanese (です・ます, the site's language) and English (CLI `--lang en`).
 *
 * Texts are templates with `{name}` parameters filled by `renderMessage`. Parameter
 * values may come from the proxy (model ids, error text): the engine passes them
 * already redacted (no API key) and the result is plain text, never HTML.
 *
 * Keys starting with `*.` are shared by every step: `renderMessage('cline.timeout')`
 * uses `cline.timeout` when present, else `*.timeout`.
 *
 * Facts in the fixes come from the LiteLLM manual page (seed) and
 * ../shared/manual-facts.md (sections A, D, G/I, M).
 */
import { workshop } from '../../../workshop.config.ts';
import type { NetworkCause } from './transport.ts';
import type { Lang } from './types.ts';

/** Message and optional fix of one outcome, as templates. */
export interface MessageText {
	message: string;
	fix?: string;
}

/**
 * Parameters every text may use without the caller passing them: the event's values
 * from workshop.config.ts — `{workshopBaseUrl}` (the Base URL to suggest),
 * `{defaultKey}` (the documented master key), `{workingDirectory}`. A caller's
 * params of the same name win.
 */
export const WORKSHOP_PARAMS: Readonly<Record<string, string>> = {
	workshopBaseUrl: workshop.proxyBaseUrl,
	defaultKey: workshop.defaultApiKey,
	workingDirectory: workshop.workingDirectory,
};

/** Template parameters: `{name}` in a text is replaced by `String(params.name)`. */
export type MessageParams = Record<string, string | number>;

/** Labels of `StepDetail`s, by language. */
export const DETAIL_LABELS = {
	ja: {
		url: 'URL',
		status: 'HTTP ステータス',
		contentType: 'Content-Type',
		proxyMessage: 'LiteLLM の応答',
		error: 'エラーの詳細（ファシリテーター向け）',
		location: '転送先（Location）',
		models: 'モデル一覧',
		suggestion: '候補',
		modelName: 'model_name',
		bedrockModel: 'Bedrock のモデル ID',
		startEc2: '起動（EC2）',
		startLocal: '起動（ローカル PC）',
		portForward: 'ポートフォワード（EC2、ローカル PC で実行）',
		logs: 'ログを見る',
		curlLive: 'ターミナルで起動を確認',
		curl: 'ターミナルでキーとモデル一覧を確認',
		settings: 'Chrome のサイト設定',
		masterKey: 'キーの場所',
		caching: 'supports_prompt_caching',
		thinking: 'Extended thinking',
		answered: '応答したモデル',
		primary: '元のモデル（litellm_params.model）',
		reply: '応答',
		configFile: '設定ファイル（.env の CONFIG_FILE）',
		quota: 'Service Quotas で検索',
		callbacks: 'success_callbacks',
		version: 'バージョン',
		startLangfuse: 'Langfuse の起動',
		updateConfig: 'LiteLLM に Langfuse の設定を反映',
		curlHealth: 'ターミナルで応答を確認',
	},
	en: {
		url: 'URL',
		status: 'HTTP status',
		contentType: 'Content-Type',
		proxyMessage: 'LiteLLM said',
		error: 'Error detail (for a facilitator)',
		location: 'Redirect target (Location)',
		models: 'Model list',
		suggestion: 'Closest',
		modelName: 'model_name',
		bedrockModel: 'Bedrock model id',
		startEc2: 'Start (EC2)',
		startLocal: 'Start (local PC)',
		portForward: 'Port forward (EC2; run on your PC)',
		logs: 'Logs',
		curlLive: 'Check it is up from a terminal',
		curl: 'Check the key and model list from a terminal',
		settings: 'Chrome site settings',
		masterKey: 'Where the key is',
		caching: 'supports_prompt_caching',
		thinking: 'Extended thinking',
		answered: 'Model that answered',
		primary: 'Primary (litellm_params.model)',
		reply: 'Reply',
		configFile: 'Config file (CONFIG_FILE in .env)',
		quota: 'Search in Service Quotas',
		callbacks: 'success_callbacks',
		version: 'Version',
		startLangfuse: 'Start Langfuse',
		updateConfig: 'Give LiteLLM the Langfuse config',
		curlHealth: 'Check the answer from a terminal',
	},
} as const;

export type DetailLabel = keyof (typeof DETAIL_LABELS)['ja'];

/**
 * Words the steps put into details and template values (not whole outcomes), by
 * language, so that behaviour never chooses a language itself.
 */
export const PHRASES = {
	ja: {
		exportKeyFirst: '先に export LITELLM_MASTER_KEY=<API キー> を実行してください',
		noContentType: 'Content-Type なし',
		htmlPage: (status: number) => `HTML のページ、HTTP ${status}`,
		http404: (ct: string) => `HTTP 404、${ct}`,
		notJson: (status: number, ct: string) => `JSON ではない応答、HTTP ${status}、${ct}`,
		unexpectedJson: (status: number) => `想定外の JSON、HTTP ${status}`,
		localPc: 'ローカル PC',
		unknown: '不明',
		thinkingOff: 'オフにしてください（Claude 3.7 Sonnet V1 ではオンのままだとエラーになります）',
		none: 'なし',
		/** Between two sentences: Japanese sentences join without a space. */
		sentenceGap: '',
	},
	en: {
		exportKeyFirst: 'run export LITELLM_MASTER_KEY=<your API key> first',
		noContentType: 'no Content-Type',
		htmlPage: (status: number) => `an HTML page, HTTP ${status}`,
		http404: (ct: string) => `HTTP 404, ${ct}`,
		notJson: (status: number, ct: string) => `not JSON, HTTP ${status}, ${ct}`,
		unexpectedJson: (status: number) => `unexpected JSON, HTTP ${status}`,
		localPc: 'local PC',
		unknown: 'unknown',
		thinkingOff: 'turn it off (with Claude 3.7 Sonnet V1 it causes errors)',
		none: 'none',
		sentenceGap: ' ',
	},
} as const;

/**
 * code → { ja, en }. The keys are the engine's stable outcome codes; tests check
 * that every code the engine emits is here and that both languages have the same
 * parameters.
 */
export const messages: Record<string, { ja: MessageText; en: MessageText }> = {
	// ---- Base URL (normalizeBaseUrl): errors -------------------------------------------
	'url.empty': {
		ja: { message: 'Base URL が空です。', fix: '{workshopBaseUrl} を入力してください。' },
		en: { message: 'The Base URL is empty.', fix: 'Enter {workshopBaseUrl}.' },
	},
	'url.invalid': {
		ja: {
			message: 'Base URL「{raw}」を URL として読めません。',
			fix: '{workshopBaseUrl} の形で入力してください。',
		},
		en: { message: 'The Base URL "{raw}" is not a URL.', fix: 'Enter it like {workshopBaseUrl}.' },
	},
	'url.scheme': {
		ja: {
			message: 'Base URL は http:// か https:// で始めてください（「{scheme}」は使えません）。',
			fix: '{workshopBaseUrl} を入力してください。',
		},
		en: {
			message: 'The Base URL must start with http:// or https:// ("{scheme}" cannot be used).',
			fix: 'Enter {workshopBaseUrl}.',
		},
	},
	'url.credentials': {
		ja: {
			message: 'Base URL にユーザー名やパスワード（@ の前の部分）を含めないでください。',
			fix: 'キーは API キーの欄に入力し、Base URL は {workshopBaseUrl} の形にしてください。',
		},
		en: {
			message: 'Do not put a user name or password (the part before @) in the Base URL.',
			fix: 'Put the key in the API key field; the Base URL is like {workshopBaseUrl}.',
		},
	},
	'url.query': {
		ja: {
			message: 'Base URL に「?」や「#」以降の部分は使えません。',
			fix: '{workshopBaseUrl} のように、ホストとポートだけを入力してください。',
		},
		en: {
			message: 'The Base URL cannot have a "?" query or "#" fragment.',
			fix: 'Enter only host and port, like {workshopBaseUrl}.',
		},
	},
	'url.unsafe_port': {
		ja: {
			message: 'ポート {port} はブラウザと fetch が接続を禁止しているポートです。',
			fix: 'LiteLLM Proxy のポート（通常 4000）を指定してください。',
		},
		en: {
			message: 'Port {port} is one that browsers and fetch refuse to connect to.',
			fix: "Use the LiteLLM Proxy's port (normally 4000).",
		},
	},
	// ---- Base URL: notes (the URL was changed or looks unusual) --------------------------
	'url.fullwidth': {
		ja: { message: '全角の文字を半角に直しました（日本語入力をオフにして入力すると確実です）。' },
		en: { message: 'Converted full-width characters to half-width (ASCII).' },
	},
	'url.scheme_added': {
		ja: { message: '先頭に http:// を補いました。' },
		en: { message: 'Added the missing http://.' },
	},
	'url.zero_host': {
		ja: {
			message:
				'{from} を localhost に置き換えました（0.0.0.0 は LiteLLM が待ち受けるアドレスで、ブラウザや Cline からは localhost で接続します）。',
		},
		en: {
			message:
				'Replaced {from} with localhost (LiteLLM listens on 0.0.0.0; browsers and Cline connect to localhost).',
		},
	},
	'url.trailing_slash': {
		ja: { message: '末尾の「/」を取り除きました。' },
		en: { message: 'Removed the trailing "/".' },
	},
	'url.v1_stripped': {
		ja: {
			message:
				'末尾の「/v1」を取り除きました。Cline の Base URL には /v1 を付けません（{workshopBaseUrl}）。',
		},
		en: {
			message: 'Removed the trailing "/v1": Cline\'s Base URL has no /v1 ({workshopBaseUrl}).',
		},
	},
	'url.endpoint_stripped': {
		ja: { message: 'API のパス「{path}」を取り除きました。Base URL はホストとポートまでです。' },
		en: { message: 'Removed the API path "{path}": the Base URL ends at host and port.' },
	},
	'url.no_port': {
		ja: {
			message:
				'ポート番号がありません（{scheme} の既定ポートに接続します）。LiteLLM Proxy は通常 4000 番です。',
		},
		en: {
			message:
				'No port given (the {scheme} default is used). LiteLLM Proxy normally listens on 4000.',
		},
	},
	'url.https_loopback': {
		ja: {
			message:
				'https で localhost に接続します。ワークショップの LiteLLM Proxy は http（{workshopBaseUrl}）です。',
		},
		en: {
			message:
				"Connecting to localhost over https; the workshop's LiteLLM Proxy speaks http ({workshopBaseUrl}).",
		},
	},
	// ---- API key input (normalizeApiKey) ---------------------------------------------------
	'key.invalid_chars': {
		ja: {
			message: 'API キーに使えない文字（全角文字、空白、改行など）が含まれています。',
			fix: '.env の LITELLM_MASTER_KEY の値（既定値 {defaultKey}）を半角のまま貼り付けてください。',
		},
		en: {
			message:
				'The API key contains characters that cannot be sent (full-width characters, spaces, line breaks…).',
			fix: 'Paste the value of LITELLM_MASTER_KEY from .env (default {defaultKey}) as is.',
		},
	},
	'key.bearer_stripped': {
		ja: { message: 'キーの先頭の「Bearer 」を取り除きました（キーだけを入力します）。' },
		en: { message: 'Removed the leading "Bearer " (enter the key only).' },
	},
	'key.assignment_stripped': {
		ja: { message: '「LITELLM_MASTER_KEY=」と引用符を取り除き、値だけを使いました。' },
		en: { message: 'Removed "LITELLM_MASTER_KEY=" and quotes; using the value only.' },
	},
	'key.quotes_stripped': {
		ja: { message: 'キーを囲む引用符を取り除きました。' },
		en: { message: 'Removed the quotes around the key.' },
	},
	// ---- proxy text that may carry the API key (redactKey) -----------------------------------------
	'key.text_withheld': {
		ja: { message: 'LiteLLM の応答は、API キーが含まれている可能性があるため表示しません。' },
		en: { message: "LiteLLM's answer is not shown: it may contain the API key." },
	},

	// ---- shared by every step ------------------------------------------------------------------
	'*.pending': { ja: { message: '' }, en: { message: '' } },
	'*.running': { ja: { message: '確認しています…' }, en: { message: 'Checking…' } },
	'*.skipped': {
		ja: { message: '前の確認が失敗したため、実行していません。' },
		en: { message: 'Not run because an earlier check failed.' },
	},
	'*.timeout': {
		ja: {
			message: '{endpoint} が {timeoutSec} 秒以内に応答しませんでした。',
			fix: 'LiteLLM Proxy が高負荷か停止しかけている可能性があります。少し待って再実行し、続く場合はログを確認してください。',
		},
		en: {
			message: '{endpoint} did not answer within {timeoutSec} s.',
			fix: 'The proxy may be overloaded or stopping. Retry in a moment; if it persists, read the logs.',
		},
	},
	'*.unreachable': {
		ja: {
			message: '{endpoint} への接続が切れました（{cause}）。',
			fix: 'LiteLLM Proxy が止まった可能性があります。ログを確認して再実行してください。',
		},
		en: {
			message: 'The connection to {endpoint} failed ({cause}).',
			fix: 'The proxy may have stopped. Read the logs and retry.',
		},
	},
	'*.cors_blocked': {
		ja: {
			message:
				'{endpoint} は応答していますが、ブラウザがその応答を読めません（CORS ヘッダーのない応答。多くは LiteLLM 内部のエラー 500 です）。',
			fix: 'ターミナルで同じ確認をすると、応答の内容が見えます。LiteLLM のログ（docker compose logs）で原因を確認してください。',
		},
		en: {
			message:
				'{endpoint} answers, but the browser may not read the answer (a response without CORS headers, usually an internal LiteLLM error 500).',
			fix: 'Run the same check from a terminal to see the answer, and read the LiteLLM logs (docker compose logs).',
		},
	},
	'*.not_litellm': {
		ja: {
			message: '{endpoint} の応答が LiteLLM の形式ではありません（{what}）。',
			fix: 'Base URL のポートが LiteLLM Proxy（通常 4000）か確認してください。',
		},
		en: {
			message: "The answer of {endpoint} is not in LiteLLM's format ({what}).",
			fix: "Check that the Base URL port is the LiteLLM Proxy's (normally 4000).",
		},
	},
	'*.http_error': {
		ja: {
			message: '{endpoint} が HTTP {status} を返しました: {detail}',
			fix: 'LiteLLM のログ（{workingDirectory} で docker compose logs）で原因を確認してください。',
		},
		en: {
			message: '{endpoint} answered HTTP {status}: {detail}',
			fix: 'Read the LiteLLM logs (docker compose logs in {workingDirectory}).',
		},
	},

	// ---- proxy: GET /health/liveliness -------------------------------------------------------
	'proxy.ok': {
		ja: { message: 'LiteLLM Proxy が {baseUrl} で応答しました。' },
		en: { message: 'LiteLLM Proxy answers at {baseUrl}.' },
	},
	'proxy.unreachable': {
		ja: {
			message: '{baseUrl} に接続できません。このポートでは何も待ち受けていません。',
			fix: '{workingDirectory} ディレクトリで LiteLLM Proxy を起動してください（下のコマンド）。起動済みなら docker compose ps でコンテナの状態を確認します。EC2 の場合は、ローカル PC で {remotePort}→{port} のポートフォワードが動いているか確認してください（一定時間使わないと切れるので、その場合は再実行します）。',
		},
		en: {
			message: 'Cannot connect to {baseUrl}: nothing listens on this port.',
			fix: 'Start LiteLLM Proxy in the {workingDirectory} directory (commands below). If it is started, check the container with docker compose ps. On EC2, make sure the {remotePort}→{port} port forward runs on your PC (it ends when idle; run it again).',
		},
	},
	'proxy.dns': {
		ja: {
			message: 'ホスト名「{host}」が見つかりません。',
			fix: 'Base URL は通常 {workshopBaseUrl} です。',
		},
		en: {
			message: 'The host name "{host}" does not resolve.',
			fix: 'The Base URL is normally {workshopBaseUrl}.',
		},
	},
	'proxy.tls': {
		ja: {
			message: '{baseUrl} に https で接続しようとしましたが、相手は https に対応していません。',
			fix: 'http://（例: {workshopBaseUrl}）で入力してください。',
		},
		en: {
			message: '{baseUrl} was called over https, but it does not speak https.',
			fix: 'Use http:// (e.g. {workshopBaseUrl}).',
		},
	},
	'proxy.timeout': {
		ja: {
			message:
				'{baseUrl} が {timeoutSec} 秒以内に応答しませんでした。接続はできますが、応答が返りません。',
			fix: 'LiteLLM Proxy の起動直後なら 1 分ほど待って再実行してください。続く場合はログで状態を確認します。EC2 ではポートフォワードのセッションが切れていないかも確認してください。',
		},
		en: {
			message:
				'{baseUrl} did not answer within {timeoutSec} s: the port accepts connections but nothing answers.',
			fix: 'If the proxy just started, wait a minute and retry; otherwise read the logs. On EC2, also check that the port-forward session is still alive.',
		},
	},
	'proxy.not_litellm': {
		ja: {
			message: '{baseUrl} で応答したのは LiteLLM Proxy ではないようです（{what}）。',
			fix: 'Base URL のポートを確認してください（LiteLLM Proxy は 4000）。別のアプリ（VS Code Server、Langfuse の 3000 など）に接続していないか、Base URL に余分なパスがないか確認してください。',
		},
		en: {
			message: 'What answers at {baseUrl} does not seem to be LiteLLM Proxy ({what}).',
			fix: 'Check the port (LiteLLM Proxy uses 4000): you may be reaching another app (VS Code Server, Langfuse on 3000…) or the Base URL may have an extra path.',
		},
	},
	'proxy.http_error': {
		ja: {
			message: '{baseUrl} の /health/liveliness が HTTP {status} を返しました。',
			fix: 'LiteLLM Proxy のログで状態を確認してください。',
		},
		en: {
			message: '/health/liveliness at {baseUrl} answered HTTP {status}.',
			fix: 'Read the LiteLLM Proxy logs.',
		},
	},
	'proxy.lna_prompt': {
		ja: {
			message:
				'ブラウザが、このページから localhost への接続の許可を待っています（ローカル ネットワーク アクセス）。',
			fix: 'アドレスバーの下に出ている「ローカル ネットワーク上のデバイスの検索と接続」の確認で「許可」を選んでください。許可すると自動で確認し直します。確認が表示されない場合や許可したくない場合は、ターミナルで確認できます（下のコマンド）。',
		},
		en: {
			message:
				'The browser is waiting for your permission to let this page connect to localhost (Local Network Access).',
			fix: 'Choose "Allow" in the prompt under the address bar; the check then runs again by itself. If there is no prompt, or you prefer not to allow it, check from a terminal (commands below).',
		},
	},
	'proxy.lna_denied': {
		ja: {
			message:
				'ブラウザが、このページから localhost への接続をブロックしています（ローカル ネットワーク アクセスが「ブロック」）。',
			fix: 'アドレスバー左のアイコン（サイト情報）→「サイトの設定」→「ローカル ネットワーク アクセス」を「許可」にして、このページを再読み込みしてください。または、ターミナルで確認できます（下のコマンド）。',
		},
		en: {
			message:
				'The browser blocks this page from connecting to localhost (Local Network Access is "Blocked").',
			fix: 'Click the icon left of the address bar (site information) → "Site settings" → "Local network access" → "Allow", then reload this page. Or check from a terminal (commands below).',
		},
	},
	'proxy.cors_blocked': {
		ja: {
			message:
				'{baseUrl} では何かが応答していますが、ブラウザがその応答を読めません（CORS ヘッダーがありません）。LiteLLM Proxy ではないアプリの可能性があります。',
			fix: 'ポート番号（LiteLLM Proxy は 4000）を確認し、ターミナルで確認してください（下のコマンド）。',
		},
		en: {
			message:
				'Something answers at {baseUrl}, but the browser may not read it (no CORS headers): it may not be LiteLLM Proxy.',
			fix: 'Check the port (LiteLLM Proxy uses 4000) and check from a terminal (commands below).',
		},
	},

	// ---- key: GET /v1/models with Authorization: Bearer ---------------------------------------
	'key.ok': {
		ja: { message: 'API キーが受け付けられ、モデル一覧を取得しました（{count} 件）。' },
		en: { message: 'The API key was accepted and the model list fetched ({count} models).' },
	},
	'key.not_required': {
		ja: {
			message:
				'キーなしでモデル一覧を取得できました。この LiteLLM Proxy にはマスターキーが設定されていないようです。',
			fix: 'ワークショップでは .env の LITELLM_MASTER_KEY を設定して起動します。Cline の API Key にはそのキーを入力してください。',
		},
		en: {
			message: 'The model list came without a key: this proxy seems to have no master key.',
			fix: 'The workshop starts LiteLLM with LITELLM_MASTER_KEY from .env; give Cline that key.',
		},
	},
	'key.missing': {
		ja: {
			message: 'API キーが送られていません（LiteLLM の応答: 401 "No api key passed in."）。',
			fix: 'LiteLLM のマスターキーを入力してください。{workingDirectory}/.env の LITELLM_MASTER_KEY の値です（既定値 {defaultKey}）。',
		},
		en: {
			message: 'No API key was sent (LiteLLM: 401 "No api key passed in.").',
			fix: 'Enter the LiteLLM master key: LITELLM_MASTER_KEY in {workingDirectory}/.env (default {defaultKey}).',
		},
	},
	'key.malformed': {
		ja: {
			message:
				'キーの形式が正しくないと判定されました（LiteLLM の応答: 401 "Malformed API Key"。Authorization ヘッダーに「Bearer 」がありません）。',
			fix: 'Authorization ヘッダーは「Bearer 」の後にキーを続ける形です。途中のプロキシなどがヘッダーを書き換えていないか確認し、ターミナルで確認してください（下のコマンド）。',
		},
		en: {
			message:
				'LiteLLM judged the key malformed (401 "Malformed API Key": no "Bearer " in the Authorization header).',
			fix: 'The header must be "Bearer " followed by the key. Check that nothing between you and LiteLLM rewrites it, and check from a terminal (commands below).',
		},
	},
	'key.rejected_no_db': {
		ja: {
			message:
				'キーが拒否されました（LiteLLM の応答: 400 no_db_connection "No connected db."）。この LiteLLM Proxy はデータベースに接続していないため、マスターキー以外のキーはすべて拒否されます。',
			fix: '{workingDirectory}/.env の LITELLM_MASTER_KEY の値（既定値 {defaultKey}）をそのまま入力してください。.env を書き換えた場合は、LiteLLM Proxy を起動し直すまで古いキーのままです。',
		},
		en: {
			message:
				'The key was rejected (LiteLLM: 400 no_db_connection "No connected db."). This proxy has no database, so every key except the master key is rejected.',
			fix: 'Enter LITELLM_MASTER_KEY from {workingDirectory}/.env as is (default {defaultKey}). After editing .env, the old key stays in force until the proxy is restarted.',
		},
	},
	'key.rejected': {
		ja: {
			message:
				'キーが拒否されました（LiteLLM の応答: 401。データベースに登録されていないキーです）。',
			fix: 'マスターキー（{workingDirectory}/.env の LITELLM_MASTER_KEY、既定値 {defaultKey}）か、管理画面（{baseUrl}/ui）で発行した Virtual Key（sk- で始まる）を入力してください。',
		},
		en: {
			message: 'The key was rejected (LiteLLM: 401, the key is not in its database).',
			fix: 'Enter the master key (LITELLM_MASTER_KEY in {workingDirectory}/.env, default {defaultKey}) or a virtual key (sk-…) issued in the admin UI ({baseUrl}/ui).',
		},
	},
	'key.server_error': {
		ja: {
			message: '/v1/models が HTTP {status} を返しました: {detail}',
			fix: 'LiteLLM Proxy 内部のエラーです。ログ（{workingDirectory} で docker compose logs）で原因を確認してください。',
		},
		en: {
			message: '/v1/models answered HTTP {status}: {detail}',
			fix: 'An internal LiteLLM error: read the logs (docker compose logs in {workingDirectory}).',
		},
	},

	// ---- models: the list from /v1/models ---------------------------------------------------
	'models.ok': {
		ja: { message: 'モデル {model} がモデル一覧にあります。' },
		en: { message: 'The model {model} is in the model list.' },
	},
	'models.empty': {
		ja: {
			message:
				'モデル一覧が空です。LiteLLM Proxy の設定ファイルにモデルがありません（model_list が空か、ありません）。',
			fix: '.env の CONFIG_FILE が指す設定ファイル（EC2 の既定は {configEc2}、ローカル PC は {configLocal}）に model_list があるか確認し、LiteLLM Proxy を起動し直してください（下のコマンド）。',
		},
		en: {
			message:
				"The model list is empty: the proxy's config file has no models (model_list is empty or missing).",
			fix: 'Check that the file named by CONFIG_FILE in .env ({configEc2} on EC2 by default, {configLocal} on a local PC) has a model_list, then restart the proxy (commands below).',
		},
	},
	'models.no_input': {
		ja: {
			message: 'モデル名（Cline の Model ID）が入力されていません。',
			fix: 'モデル一覧から選んでください。ワークショップの既定は {expected} です。',
		},
		en: {
			message: "No model name (Cline's Model ID) was given.",
			fix: 'Pick one from the list; the workshop uses {expected}.',
		},
	},
	'models.missing': {
		ja: {
			message: 'モデル {model} はモデル一覧にありません。',
			fix: 'Cline の Model ID には、モデル一覧にある名前をそのまま入力してください。',
		},
		en: {
			message: 'The model {model} is not in the model list.',
			fix: "Give Cline's Model ID a name from the list, exactly as listed.",
		},
	},
	'models.missing_suggest': {
		ja: {
			message: 'モデル {model} はモデル一覧にありません。{suggestion} のことではありませんか？',
			fix: 'Cline の Model ID には、モデル一覧にある名前をそのまま入力してください（候補: {suggestion}）。',
		},
		en: {
			message: 'The model {model} is not in the model list. Did you mean {suggestion}?',
			fix: "Give Cline's Model ID a name from the list, exactly as listed (closest: {suggestion}).",
		},
	},
	'models.bedrock_id': {
		ja: {
			message:
				'{model} は Bedrock のモデル ID です。Cline の Model ID には、LiteLLM の設定ファイルの model_name を入力します。',
			fix: 'モデル一覧にある model_name から選んでください（Bedrock のモデル ID は設定ファイルの litellm_params.model に書くものです）。',
		},
		en: {
			message:
				"{model} is a Bedrock model id. Cline's Model ID takes the model_name of LiteLLM's config file.",
			fix: 'Pick a model_name from the list (Bedrock ids belong in litellm_params.model of the config).',
		},
	},
	'models.bedrock_id_mapped': {
		ja: {
			message:
				'{model} は Bedrock のモデル ID です。LiteLLM ではこのモデルは model_name「{modelName}」として設定されています。',
			fix: 'Cline の Model ID には {modelName} と入力してください。',
		},
		en: {
			message:
				'{model} is a Bedrock model id; LiteLLM serves that model as model_name "{modelName}".',
			fix: "Enter {modelName} as Cline's Model ID.",
		},
	},

	// ---- cline: GET /v1/model/info with x-litellm-api-key (Cline's own call) -----------------
	'cline.prompt_caching': {
		ja: {
			message:
				'Cline が読むモデル情報を取得しました。LiteLLM のモデル情報では、{model} はプロンプトキャッシュに対応しています（supports_prompt_caching: true）。Bedrock で実際に使えるかは、モデルとリージョンによります（LiteLLM ワークショップのページにある、プロンプトキャッシュの注意を確認してください）。',
		},
		en: {
			message:
				"Fetched the model info Cline reads: LiteLLM's model info says {model} supports prompt caching (supports_prompt_caching: true). Whether Bedrock caches depends on the model and region (see the prompt-caching notes on the LiteLLM workshop page).",
		},
	},
	'cline.no_prompt_caching': {
		ja: {
			message:
				'Cline が読むモデル情報を取得しました。LiteLLM のモデル情報では、{model} はプロンプトキャッシュに対応していません（supports_prompt_caching: false）。',
		},
		en: {
			message:
				"Fetched the model info Cline reads: LiteLLM's model info says {model} does not support prompt caching (supports_prompt_caching: false).",
		},
	},
	'cline.prompt_caching_unknown': {
		ja: {
			message:
				'Cline が読むモデル情報を取得しました。LiteLLM のモデル情報には、{model} のプロンプトキャッシュ対応（supports_prompt_caching）がありません。',
		},
		en: {
			message:
				"Fetched the model info Cline reads; LiteLLM's model info has no supports_prompt_caching for {model}.",
		},
	},
	'cline.model_absent': {
		ja: {
			message:
				'/v1/model/info に {model} の情報がありません。Cline は既定のモデル情報で動作します（動作には支障ありません）。',
		},
		en: {
			message:
				'/v1/model/info has no entry for {model}; Cline falls back to default model info (it still works).',
		},
	},
	'cline.http_error': {
		ja: {
			message:
				'/v1/model/info が HTTP {status} を返しました。Cline は既定のモデル情報で動作します（動作には支障ありません）。',
		},
		en: {
			message:
				'/v1/model/info answered HTTP {status}; Cline falls back to default model info (it still works).',
		},
	},
	'cline.timeout': {
		ja: {
			message:
				'/v1/model/info が {timeoutSec} 秒以内に応答しませんでした。Cline は既定のモデル情報で動作します。',
		},
		en: {
			message:
				'/v1/model/info did not answer within {timeoutSec} s; Cline falls back to default model info.',
		},
	},
	'cline.unreachable': {
		ja: {
			message:
				'/v1/model/info に接続できませんでした（{detail}）。Cline は既定のモデル情報で動作します。',
		},
		en: {
			message: 'Could not reach /v1/model/info ({detail}); Cline falls back to default model info.',
		},
	},
	'cline.cors_blocked': {
		ja: {
			message:
				'/v1/model/info の応答をブラウザが読めませんでした（CORS ヘッダーのない応答）。Cline は既定のモデル情報で動作します。',
			fix: 'ターミナルで確認すると応答の内容が見えます（下のコマンド）。',
		},
		en: {
			message:
				'The browser could not read the /v1/model/info answer (no CORS headers); Cline falls back to default model info.',
			fix: 'A terminal check shows the answer (commands below).',
		},
	},
	'cline.not_litellm': {
		ja: {
			message:
				'/v1/model/info の応答が LiteLLM の形式ではありません（{what}）。Cline は既定のモデル情報で動作します。',
		},
		en: {
			message:
				"The /v1/model/info answer is not in LiteLLM's format ({what}); Cline falls back to default model info.",
		},
	},

	// ---- chat / fallback: POST /v1/chat/completions -------------------------------------------
	'chat.ok': {
		ja: { message: '{model} が応答しました（応答したモデル: {answered}）。Cline から使えます。' },
		en: { message: '{model} answered (model that answered: {answered}). Cline can use it.' },
	},
	'*.invalid_model': {
		ja: {
			message:
				'LiteLLM に {model} というモデルがありません（400 "Invalid model name passed in model="）。',
			fix: 'モデル一覧にある model_name を指定してください。',
		},
		en: {
			message: 'LiteLLM has no model {model} (400 "Invalid model name passed in model=").',
			fix: 'Use a model_name from the model list.',
		},
	},
	'*.access_denied': {
		ja: {
			message: 'Bedrock がモデルへのアクセスを拒否しました（AccessDeniedException）。',
			fix: 'Amazon Bedrock コンソール → Model access → Manage model access で Anthropic Claude のモデルを選んで Save changes を押し、承認（数分かかることがあります）を待って再実行してください（リージョン us-east-1 / us-east-2 / us-west-2）。IAM ロールやユーザーに Bedrock を呼び出す権限があるかも確認してください。',
		},
		en: {
			message: 'Bedrock denied access to the model (AccessDeniedException).',
			fix: 'In the Amazon Bedrock console → Model access → Manage model access, select the Anthropic Claude models, Save changes, wait for approval (minutes) and retry (regions us-east-1 / us-east-2 / us-west-2). Also check that the IAM role or user may invoke Bedrock.',
		},
	},
	'*.inference_profile': {
		ja: {
			message: 'このモデル ID はオンデマンドでは呼び出せません（推論プロファイルが必要です）。',
			fix: '設定ファイルの litellm_params.model に、us. で始まるクロスリージョン推論の ID（例: bedrock/converse/us.anthropic.claude-3-7-sonnet-20250219-v1:0）を使ってください。',
		},
		en: {
			message: 'This model id cannot be invoked on demand (an inference profile is required).',
			fix: 'Use a cross-region inference id starting with us. in litellm_params.model (e.g. bedrock/converse/us.anthropic.claude-3-7-sonnet-20250219-v1:0).',
		},
	},
	'*.bedrock_model_invalid': {
		ja: {
			message: 'Bedrock がモデル ID を認識しません（The provided model identifier is invalid）。',
			fix: '設定ファイルの litellm_params.model のモデル ID と aws_region_name を確認してください。',
		},
		en: {
			message: 'Bedrock does not know the model id (The provided model identifier is invalid).',
			fix: 'Check the model id in litellm_params.model and aws_region_name in the config file.',
		},
	},
	'*.throttled': {
		ja: {
			message:
				'Bedrock の呼び出し上限に達しました（ThrottlingException / 429 "Too many tokens"）。',
			fix: '1 分ほど待って再実行してください。続く場合は Service Quotas で「tokens per minute for Anthropic Claude」を検索し、Cross-region model inference tokens per minute for Anthropic Claude 3.7 Sonnet V1 などのクォータを確認して、必要なら引き上げを申請してください。',
		},
		en: {
			message: 'Bedrock throttled the call (ThrottlingException / 429 "Too many tokens").',
			fix: 'Wait a minute and retry. If it persists, search Service Quotas for "tokens per minute for Anthropic Claude", check e.g. "Cross-region model inference tokens per minute for Anthropic Claude 3.7 Sonnet V1" and request an increase if needed.',
		},
	},
	'*.credentials_expired': {
		ja: {
			message: 'LiteLLM Proxy が使う AWS の認証情報の期限が切れています（ExpiredToken）。',
			fix: 'Workshop Studio の認証情報はセッションとともに期限が切れます。AWS コンソール右上のアカウント名から認証情報をコピーし直し、{workingDirectory}/.env の AWS_ACCESS_KEY_ID と AWS_SECRET_ACCESS_KEY（一時認証情報ならセッショントークンも）を更新して、LiteLLM Proxy を起動し直してください。',
		},
		en: {
			message: 'The AWS credentials LiteLLM Proxy uses have expired (ExpiredToken).',
			fix: 'Workshop Studio credentials expire with the session: copy them again (account name, top right of the AWS console), update AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and the session token for temporary credentials) in {workingDirectory}/.env, and restart the proxy.',
		},
	},
	'*.credentials_invalid': {
		ja: {
			message:
				'AWS の認証情報が無効です（The security token included in the request is invalid）。',
			fix: '{workingDirectory}/.env の AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY をコピーし直して、LiteLLM Proxy を起動し直してください。',
		},
		en: {
			message:
				'The AWS credentials are invalid (The security token included in the request is invalid).',
			fix: 'Copy AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY into {workingDirectory}/.env again and restart the proxy.',
		},
	},
	'*.credentials_missing': {
		ja: {
			message:
				'LiteLLM Proxy が AWS の認証情報を見つけられません（Unable to locate credentials）。',
			fix: 'EC2 では IAM ロール用の {configEc2} で起動しているか確認してください。ローカル PC では .env に AWS_ACCESS_KEY_ID と AWS_SECRET_ACCESS_KEY を設定し、./manage-litellm.sh -c {configLocal} start で起動します。',
		},
		en: {
			message: 'LiteLLM Proxy finds no AWS credentials (Unable to locate credentials).',
			fix: 'On EC2, start with the IAM-role config {configEc2}. On a local PC, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in .env and start with ./manage-litellm.sh -c {configLocal} start.',
		},
	},
	'*.no_deployments': {
		ja: {
			message:
				'LiteLLM に今使えるデプロイがありません（直前の失敗で一時停止中の可能性があります）。',
			fix: 'ログ（docker compose logs）で直前の Bedrock のエラーを確認し、1 分ほど待って再実行してください。',
		},
		en: {
			message: 'LiteLLM has no usable deployment right now (possibly cooling down after failures).',
			fix: 'Read the logs (docker compose logs) for the preceding Bedrock error, wait a minute and retry.',
		},
	},
	'*.cooldown': {
		ja: {
			message:
				'LiteLLM がこのモデルを一時停止しています（429 "No deployments available for selected model"）。Bedrock の呼び出し上限ではなく、直前の呼び出しが失敗したため、LiteLLM がデプロイを数秒間（既定 5 秒）使わないようにしている状態です。',
			fix: '再実行する前に、ログ（docker compose logs）で直前の失敗の原因（多くは AWS の認証情報）を確認して直してください。原因が残っていると、数秒後に同じエラーが返ります。',
		},
		en: {
			message:
				'LiteLLM has put this model in a cooldown (429 "No deployments available for selected model"): not Bedrock throttling, but LiteLLM resting the deployment for a few seconds (5 by default) after a failed call.',
			fix: 'Before retrying, read the logs (docker compose logs) for the preceding failure (often the AWS credentials) and fix it; otherwise the same error comes back after the cooldown.',
		},
	},
	'*.call_failed': {
		ja: {
			message: 'モデルの呼び出しが失敗しました（HTTP {status}）: {detail}',
			fix: 'LiteLLM のログ（{workingDirectory} で docker compose logs）で原因を確認してください。',
		},
		en: {
			message: 'The model call failed (HTTP {status}): {detail}',
			fix: 'Read the LiteLLM logs (docker compose logs in {workingDirectory}).',
		},
	},
	'*.key_rejected': {
		ja: {
			message: '呼び出しでキーが拒否されました（HTTP {status}）: {detail}',
			fix: 'API キーを確認してください（{workingDirectory}/.env の LITELLM_MASTER_KEY）。',
		},
		en: {
			message: 'The key was rejected on the call (HTTP {status}): {detail}',
			fix: 'Check the API key (LITELLM_MASTER_KEY in {workingDirectory}/.env).',
		},
	},
	'fallback.ok': {
		ja: {
			message:
				'フォールバックが動作しました。{model} の失敗を模擬し、代わりに {answered} が応答しました。',
		},
		en: {
			message:
				'Fallback works: a failure of {model} was simulated and {answered} answered instead.',
		},
	},
	'fallback.same_model': {
		ja: {
			message:
				'応答したのは元のモデル（{answered}）でした。フォールバック先が同じモデルか、フォールバックが働いていない可能性があります。',
			fix: '設定ファイルの router_settings.fallbacks で、{model} のフォールバック先に別のモデルを指定してください。',
		},
		en: {
			message:
				'The primary model itself answered ({answered}): the fallback target may be the same model, or fallback did not happen.',
			fix: 'Give {model} a different fallback model in router_settings.fallbacks of the config.',
		},
	},
	'fallback.answered': {
		ja: {
			message:
				'フォールバックの呼び出しに {answered} が応答しました（元のモデルが不明なため、切り替わったかは判定できません）。',
		},
		en: {
			message:
				'{answered} answered the fallback call (the primary is unknown, so whether it switched cannot be told).',
		},
	},
	'fallback.not_configured': {
		ja: {
			message:
				'{model} にはフォールバック先が設定されていません（LiteLLM が模擬エラーを HTTP 500 でそのまま返しました。「Fallbacks=None」）。',
			fix: 'プロンプトキャッシュ用の設定（{promptCaching}）にはフォールバックがないため、この結果になるのは想定どおりです。フォールバックを試す場合は、router_settings.fallbacks のある設定（{configEc2} など）で LiteLLM Proxy を起動し直してください。',
		},
		en: {
			message:
				'{model} has no fallback configured (LiteLLM returned the simulated error as HTTP 500, "Fallbacks=None").',
			fix: 'The prompt-caching config ({promptCaching}) has no fallbacks, so this is expected with it. To try fallbacks, restart the proxy with a config that has router_settings.fallbacks (e.g. {configEc2}).',
		},
	},

	// ---- answers the check does not take: redirects, oversized bodies, lost connections -------
	// LiteLLM's API routes never redirect (only its Admin UI, /ui → /ui/), so a redirect
	// means something else answers on the Base URL; no request of the check follows one.
	'*.redirect': {
		ja: {
			message:
				'{endpoint} がリダイレクト（別の URL への転送）を返しました。転送先はブラウザからは見えません。LiteLLM Proxy の API はリダイレクトしないため、Base URL では別のものが応答しています。転送先には接続していません（API キーも送っていません）。',
			fix: 'Base URL が LiteLLM Proxy そのもの（通常 {workshopBaseUrl}）か確認してください。間にログイン画面やリバースプロキシがあると転送されます。',
		},
		en: {
			message:
				"{endpoint} answered with a redirect (to another URL); the browser does not show where to. LiteLLM Proxy's API never redirects, so something else answers on the Base URL. The check did not follow it (the API key was not sent there).",
			fix: 'Check that the Base URL is LiteLLM Proxy itself (normally {workshopBaseUrl}); a login page or a reverse proxy in between redirects.',
		},
	},
	'*.redirect_same_origin': {
		ja: {
			message:
				'{endpoint} が同じホストの {location} へリダイレクトしました。LiteLLM Proxy の API はリダイレクトしないため（転送するのは管理画面の /ui → /ui/ だけ）、Base URL のパスか応答しているアプリが違います。転送先には接続していません。',
			fix: 'Base URL はホストとポートまで（通常 {workshopBaseUrl}）です。余分なパスがないか、ポートが LiteLLM Proxy（4000）か確認してください。',
		},
		en: {
			message:
				"{endpoint} redirected to {location} on the same host. LiteLLM Proxy's API never redirects (only its Admin UI, /ui → /ui/), so the Base URL's path or the app answering is wrong. The check did not follow it.",
			fix: "The Base URL ends at host and port (normally {workshopBaseUrl}); check for an extra path and that the port is LiteLLM Proxy's (4000).",
		},
	},
	'*.redirect_other_host': {
		ja: {
			message:
				'{endpoint} が別のホスト {host} へリダイレクトしました。LiteLLM Proxy の API はリダイレクトしないため、Base URL では別のものが応答しています。API キーを別のサーバーへ送らないよう、転送先には接続していません。',
			fix: 'Base URL が LiteLLM Proxy そのもの（通常 {workshopBaseUrl}）か確認してください。{host} の答えを LiteLLM の答えとして扱うことはできません。',
		},
		en: {
			message:
				"{endpoint} redirected to another host, {host}. LiteLLM Proxy's API never redirects, so something else answers on the Base URL. The check did not follow it, so the API key was not sent to another server.",
			fix: "Check that the Base URL is LiteLLM Proxy itself (normally {workshopBaseUrl}); an answer from {host} cannot count as LiteLLM's.",
		},
	},
	'*.too_large': {
		ja: {
			message:
				'{endpoint} の応答が大きすぎるため、{limitMiB} MiB を超えたところで読むのをやめました。LiteLLM Proxy の応答はふつう数 KB です。',
			fix: 'Base URL が LiteLLM Proxy（通常 {workshopBaseUrl}）か確認してください。',
		},
		en: {
			message:
				"The answer of {endpoint} is too large: reading stopped past {limitMiB} MiB. LiteLLM Proxy's answers are a few kB.",
			fix: 'Check that the Base URL is LiteLLM Proxy (normally {workshopBaseUrl}).',
		},
	},
	'key.too_many_models': {
		ja: {
			message:
				'/v1/models のモデルが {count} 件あり、読める上限（{max} 件）を超えています。ワークショップの LiteLLM Proxy のモデルは数件です。',
			fix: 'Base URL が LiteLLM Proxy（通常 {workshopBaseUrl}）か、設定ファイルの model_list を確認してください。',
		},
		en: {
			message:
				"/v1/models lists {count} models, more than the {max} the check reads. The workshop's proxy has a handful.",
			fix: 'Check that the Base URL is LiteLLM Proxy (normally {workshopBaseUrl}) and the model_list of the config.',
		},
	},
	'proxy.reset': {
		ja: {
			message: '{baseUrl} に接続できましたが、応答の前に相手が接続を切りました。',
			fix: 'LiteLLM Proxy が起動中か、異常終了を繰り返している可能性があります。ログ（下のコマンド）を確認し、少し待って再実行してください。',
		},
		en: {
			message: '{baseUrl} accepted the connection but closed it before answering.',
			fix: 'LiteLLM Proxy may be starting or crashing repeatedly. Read the logs (command below) and retry in a moment.',
		},
	},
	'proxy.tls_http_answers': {
		ja: {
			message:
				'{baseUrl} に https で接続できませんでした。同じホストとポートの http:// では応答があるので、相手は https に対応していません。',
			fix: 'Base URL を http:// で入力してください（{httpUrl}）。',
		},
		en: {
			message:
				'{baseUrl} cannot be reached over https, but http:// on the same host and port answers: it does not speak https.',
			fix: 'Enter the Base URL with http:// ({httpUrl}).',
		},
	},
};

/**
 * A network failure in words, for the `{cause}` of `*.unreachable` (the raw error is
 * only in a detail row). Keys: `NetworkCause` of ./transport.ts.
 */
export const NETWORK_CAUSES: Record<Lang, Record<NetworkCause, string>> = {
	ja: {
		refused: '接続が拒否されました',
		reset: '応答の途中で相手が接続を切りました',
		dns: 'ホスト名が見つかりません',
		tls: 'https の接続を確立できません',
		bad_port: 'ブラウザや Node.js が使わせないポート番号です',
		browser:
			'ブラウザは原因を示していません。接続が切れたか、拒否されたか、ブラウザが遮断した可能性があります',
		other: '通信が失敗しました',
	},
	en: {
		refused: 'the connection was refused',
		reset: 'the other side closed the connection mid-answer',
		dns: 'the host name does not resolve',
		tls: 'no https connection could be set up',
		bad_port: 'a port browsers and Node.js refuse to use',
		browser:
			'the browser gives no cause: the connection was closed or refused, or the browser blocked it',
		other: 'the request failed',
	},
};

/** The catalog entry used for `code`: the code itself, else its shared `*.<outcome>` form. */
export function catalogKey(code: string): string | undefined {
	if (code in messages) return code;
	const dot = code.indexOf('.');
	const shared = `*.${code.slice(dot + 1)}`;
	return dot > 0 && shared in messages ? shared : undefined;
}

/** Replaces `{name}` by `params.name`; unknown names are left as they are. */
export function fillTemplate(template: string, params: MessageParams = {}): string {
	return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
		name in params ? String(params[name]) : whole,
	);
}

/**
 * Message and fix of an outcome.
 *
 * @param code outcome code, e.g. 'key.rejected_no_db' (or 'chat.timeout', served by '*.timeout')
 * @param lang 'ja' or 'en'
 * @param params template values, on top of {@link WORKSHOP_PARAMS}; proxy-supplied values must be redacted by the caller
 * @throws Error when the code is not in the catalog (a programming error, caught by tests)
 */
export function renderMessage(
	code: string,
	lang: Lang,
	params: MessageParams = {},
): { message: string; fix?: string } {
	const key = catalogKey(code);
	if (!key) throw new Error(`No message for outcome code "${code}"`);
	const text = messages[key][lang];
	const all = { ...WORKSHOP_PARAMS, ...params };
	return {
		message: fillTemplate(text.message, all),
		...(text.fix ? { fix: fillTemplate(text.fix, all) } : {}),
	};
}
