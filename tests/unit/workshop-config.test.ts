/**
 * The event's values (workshop.config.ts) and their zod schema (src/lib/config/schema.ts):
 * the shipped values pass; each kind of wrong value fails with a message that names
 * the file and the field; and importing a modified copy of the real file fails the
 * way `npm run build` (astro.config.mjs imports it), `npm run doctor` and the tests do.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { workshop, workshopValues } from '../../workshop.config.ts';
import { parseWorkshopConfig } from '../../src/lib/config/schema.ts';
import { messages, renderMessage } from '../../src/lib/checks/index.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The shipped values with one field replaced (`undefined` removes it). */
function withField(field: string, value: unknown): Record<string, unknown> {
	const copy: Record<string, unknown> = structuredClone(workshopValues);
	if (value === undefined) delete copy[field];
	else copy[field] = value;
	return copy;
}

/** The error message of parsing `raw`, or fails the test when it parses. */
function errorOf(raw: unknown): string {
	try {
		parseWorkshopConfig(raw);
	} catch (e) {
		return (e as Error).message;
	}
	assert.fail(`expected ${JSON.stringify(raw)} to be rejected`);
}

describe('workshop.config.ts', () => {
	test('the shipped values are valid and exported validated', () => {
		assert.deepEqual(parseWorkshopConfig(workshopValues), workshop);
		assert.ok(workshop.modelNames.includes(workshop.expectedModel));
		assert.equal(workshop.repoVersion, 'heads/main');
		assert.equal(workshop.defaultApiKey, 'sk-litellm-test-key');
		assert.equal(workshop.repository, 'littlemex/aws-samples');
	});

	test('the Langfuse login and project are 4.langfuse/.env.example defaults', () => {
		// LANGFUSE_INIT_USER_EMAIL / _PASSWORD / _NAME, LANGFUSE_INIT_ORG_NAME,
		// LANGFUSE_INIT_PROJECT_NAME and LANGFUSE_HOST of the workshop repository's file.
		assert.deepEqual(workshop.langfuse.initUser, {
			email: 'admin@example.com',
			password: 'password123',
			name: 'Cline Admin',
		});
		assert.equal(workshop.langfuse.orgName, 'Cline Organization');
		assert.equal(workshop.langfuse.projectName, 'Cline Project');
		assert.equal(workshop.langfuse.host, 'http://langfuse-web:3000');
	});

	const accepted: [string, unknown][] = [
		['proxyBaseUrl', 'https://litellm.example.com'],
		['proxyBaseUrl', 'http://127.0.0.1:4001'],
		['proxyBaseUrl', 'http://[::1]:4000'],
		['awsRegion', 'ap-northeast-1'],
		['awsRegion', 'us-gov-west-1'],
		['repoVersion', 'tags/v1.2.0'],
		['repoVersion', 'heads/feature/event-2025'],
		['eventName', 'AI コーディング ワークショップ 2025 東京'],
		['modelNames', [workshopValues.expectedModel]],
		['repository', 'my-org/aws-samples'],
		['repository', 'a/workshop.v2_x-y'],
		['repository', `${'o'.repeat(39)}/r`],
		['mcp', { workingDirectory: '1.mcp-2026' }],
	];
	for (const [field, value] of accepted) {
		test(`accepts ${field} = ${JSON.stringify(value)}`, () => {
			assert.deepEqual(
				parseWorkshopConfig(withField(field, value))[field as keyof typeof workshop],
				value,
			);
		});
	}

	const rejected: [string, unknown, RegExp][] = [
		['proxyBaseUrl', 'http://localhost:4000/v1', /no \/v1/],
		['proxyBaseUrl', 'http://localhost:4000/', /no trailing \//],
		['proxyBaseUrl', 'http://localhost:4000?x=1', /no query/],
		['proxyBaseUrl', 'http://localhost:4000#top', /proxyBaseUrl/],
		['proxyBaseUrl', 'localhost:4000', /http\(s\):\/\/host\[:port\]/],
		['proxyBaseUrl', 'ftp://localhost:4000', /http\(s\)/],
		['proxyBaseUrl', 'http://user:pw@localhost:4000', /proxyBaseUrl/],
		['proxyBaseUrl', 'http://LOCALHOST:4000', /lowercase host/],
		['proxyBaseUrl', 'http://localhost:80', /no default port/],
		['proxyBaseUrl', 'http://localhost:99999', /proxyBaseUrl/],
		['proxyBaseUrl', '', /proxyBaseUrl/],
		[
			'mlflow',
			{ ...workshopValues.mlflow, proxyBaseUrl: 'http://localhost:4001/v1' },
			/mlflow\.proxyBaseUrl must be http\(s\):\/\/host\[:port\] only/,
		],
		[
			'mlflow',
			{ ...workshopValues.mlflow, expectedModel: 'not-listed' },
			/mlflow\.expectedModel must be one of mlflow\.modelNames/,
		],
		['mlflow', { ...workshopValues.mlflow, modelNames: [] }, /mlflow\.modelNames must list/],
		[
			'mlflow',
			{ ...workshopValues.mlflow, workingDirectory: '../5.mlflow' },
			/mlflow\.workingDirectory must be a bare directory name/,
		],
		[
			'mcp',
			{ ...workshopValues.mcp, workingDirectory: '1.mcp/0.weather-mcp' },
			/mcp\.workingDirectory must be a bare directory name like 1\.mcp/,
		],
		['mcp', { ...workshopValues.mcp, extra: 1 }, /unknown field "mcp\.extra"/],
		[
			'langfuse',
			{ ...workshopValues.langfuse, webUrl: 'localhost:3000' },
			/langfuse\.webUrl must be http\(s\):\/\/host\[:port\] only/,
		],
		[
			'langfuse',
			{
				...workshopValues.langfuse,
				initUser: { ...workshopValues.langfuse.initUser, email: 'admin' },
			},
			/langfuse\.initUser\.email must be an e-mail address/,
		],
		[
			'langfuse',
			{
				...workshopValues.langfuse,
				initUser: { ...workshopValues.langfuse.initUser, password: 'pass word' },
			},
			/langfuse\.initUser\.password must be printable ASCII without spaces/,
		],
		[
			'langfuse',
			{ ...workshopValues.langfuse, host: 'http://langfuse-web:3000/proxy/3000' },
			/langfuse\.host must be http\(s\):\/\/host\[:port\] only/,
		],
		['langfuse', { ...workshopValues.langfuse, projectName: ' ' }, /langfuse\.projectName/],
		[
			'vscodeServer',
			{ ...workshopValues.vscodeServer, localPort: 70000 },
			/vscodeServer\.localPort must be a port number from 1 to 65535/,
		],
		[
			'vscodeServer',
			{ ...workshopValues.vscodeServer, extra: 1 },
			/unknown field "vscodeServer\.extra"/,
		],
		['modelNames', [], /modelNames must list at least one model_name/],
		['modelNames', ['a', 'a'], /modelNames must not list a model_name twice/],
		['modelNames', ['has space'], /modelNames/],
		['expectedModel', 'not-in-the-list', /expectedModel must be one of modelNames/],
		['expectedModel', '  ', /expectedModel must not be empty/],
		['defaultApiKey', 'sk test', /defaultApiKey/],
		['defaultApiKey', '', /defaultApiKey/],
		['awsRegion', 'US-EAST-1', /awsRegion/],
		['awsRegion', 'us-east', /awsRegion/],
		['awsRegion', 'tokyo', /awsRegion/],
		['awsProfile', 'my profile', /awsProfile/],
		['repoVersion', 'main', /repoVersion must be heads\/<branch> or tags\/<tag>/],
		['repoVersion', 'heads/main; rm -rf ~', /repoVersion/],
		['repoVersion', 'heads/../main', /repoVersion is not a valid Git ref name/],
		['repoVersion', 'heads/main.lock', /repoVersion is not a valid Git ref name/],
		[
			'repository',
			'aws-samples',
			/repository must be a GitHub owner\/name like littlemex\/aws-samples/,
		],
		[
			'repository',
			'https://github.com/littlemex/aws-samples',
			/repository must be a GitHub owner\/name/,
		],
		['repository', 'littlemex/aws-samples/', /no trailing \//],
		[
			'repository',
			'littlemex/aws-samples.git',
			/repository must be a GitHub owner\/name without "\.git"/,
		],
		['repository', 'littlemex/..', /repository must be a GitHub owner\/name without/],
		['repository', '-littlemex/aws-samples', /repository must be a GitHub owner\/name/],
		['repository', 'little--mex/aws-samples', /repository must be a GitHub owner\/name/],
		['repository', 'littlemex/aws samples', /repository must be a GitHub owner\/name/],
		['repository', 'littlemex/aws-samples; rm -rf ~', /repository must be a GitHub owner\/name/],
		[
			'repository',
			`${'o'.repeat(40)}/r`,
			/repository must name a GitHub owner of at most 39 characters/,
		],
		['eventName', '', /eventName must not be empty/],
		['eventName', 'two\nlines', /eventName must be one line/],
		['eventName', 'x'.repeat(81), /eventName must be at most 80 characters/],
		['workingDirectory', '2.litellm/sub', /workingDirectory/],
		['timeoutMs', 5.5, /timeoutMs must be an integer/],
		['chatTimeoutMs', 10, /chatTimeoutMs must be ≥ 1000 ms/],
		[
			'configFiles',
			{ ...workshopValues.configFiles, ec2: 'config.txt' },
			/configFiles\.ec2 must be a bare file name ending in \.yml/,
		],
		['eventName', undefined, /eventName must be a string, got nothing \(the field is missing\)/],
		['proxyBaseURL', 'http://localhost:4000', /unknown field "proxyBaseURL" \(misspelt\?/],
		[
			'configFiles',
			{ ...workshopValues.configFiles, ec3: 'x.yml' },
			/unknown field "configFiles.ec3"/,
		],
		['modelNames', 'bedrock-x', /modelNames must be a list, got string/],
	];
	for (const [field, value, message] of rejected) {
		test(`rejects ${field} = ${JSON.stringify(value) ?? '(missing)'} with a message naming the field`, () => {
			const msg = errorOf(withField(field, value));
			assert.match(msg, /^workshop\.config\.ts has invalid values:/);
			assert.match(msg, message);
			const top = field === 'configFiles' ? 'configFiles' : field;
			assert.ok(msg.includes(top), `message names ${top}:\n${msg}`);
		});
	}

	test('several wrong fields are all named at once', () => {
		const msg = errorOf({
			...workshopValues,
			proxyBaseUrl: 'http://localhost:4000/v1',
			awsRegion: 'tokyo',
			repoVersion: 'main',
		});
		for (const f of ['proxyBaseUrl', 'awsRegion', 'repoVersion'])
			assert.ok(msg.includes(`→ at ${f}`), msg);
	});
});

describe('importing a wrong workshop.config.ts fails', () => {
	const dir = mkdtempSync(path.join(tmpdir(), 'workshop-config-'));
	after(() => rmSync(dir, { recursive: true, force: true }));
	const source = readFileSync(path.join(root, 'workshop.config.ts'), 'utf8');
	const schemaUrl = pathToFileURL(path.join(root, 'src/lib/config/schema.ts')).href;

	/**
	 * Writes the real file with `edit` applied to a temporary directory (its schema
	 * import pointed back at this project) and imports it in a fresh Node process.
	 */
	function importEdited(edit: (s: string) => string): { status: number | null; stderr: string } {
		const changed = edit(source);
		assert.ok(changed.includes("'./src/lib/config/schema.ts'"), 'the config imports its schema');
		const edited = changed.replace("'./src/lib/config/schema.ts'", `'${schemaUrl}'`);
		const file = path.join(dir, `workshop.config.${Math.random().toString(36).slice(2)}.ts`);
		writeFileSync(file, edited);
		const r = spawnSync(
			process.execPath,
			['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(file).href)})`],
			{
				encoding: 'utf8',
				timeout: 30_000,
			},
		);
		return { status: r.status, stderr: r.stderr };
	}

	/** Guards the edits: a test must not pass because its edit matched nothing. */
	const mustChange = (before: string, after: string): string => {
		assert.notEqual(after, before, 'the edit changed the file');
		return after;
	};

	test('the file as shipped imports cleanly (control)', () => {
		const r = importEdited((s) => s);
		assert.equal(r.status, 0, r.stderr);
	});

	test('an empty model list stops the import with the field named', () => {
		const r = importEdited((s) =>
			mustChange(s, s.replace(/modelNames: \[[^\]]*\]/, 'modelNames: []')),
		);
		assert.notEqual(r.status, 0);
		assert.match(r.stderr, /workshop\.config\.ts has invalid values:/);
		assert.match(r.stderr, /modelNames must list at least one model_name/);
		assert.match(r.stderr, /→ at modelNames/);
	});

	test('a Base URL with /v1 stops the import with the field named', () => {
		const r = importEdited((s) =>
			mustChange(
				s,
				s.replace(/proxyBaseUrl: '[^']*',/, "proxyBaseUrl: 'http://localhost:4000/v1',"),
			),
		);
		assert.notEqual(r.status, 0);
		assert.match(r.stderr, /proxyBaseUrl must be http\(s\):\/\/host\[:port\] only/);
		assert.match(r.stderr, /→ at proxyBaseUrl/);
	});
});

describe("the check messages take the event's values", () => {
	test('suggestions name the configured Base URL, key and working directory', () => {
		assert.equal(
			renderMessage('url.empty', 'ja').fix,
			`${workshop.proxyBaseUrl} を入力してください。`,
		);
		assert.equal(renderMessage('url.empty', 'en').fix, `Enter ${workshop.proxyBaseUrl}.`);
		assert.ok(
			renderMessage('key.invalid_chars', 'ja').fix?.includes(`既定値 ${workshop.defaultApiKey}`),
		);
		assert.ok(
			renderMessage('key.missing', 'en').fix?.includes(`${workshop.workingDirectory}/.env`),
		);
	});

	test('no message hard-codes a configured value, and every text renders without a workshop parameter left', () => {
		const literal = [
			workshop.proxyBaseUrl,
			workshop.defaultApiKey,
			`${workshop.workingDirectory}/`,
		];
		for (const [code, entry] of Object.entries(messages)) {
			for (const t of [entry.ja.message, entry.ja.fix, entry.en.message, entry.en.fix]) {
				for (const v of literal)
					assert.ok(!t?.includes(v), `${code}: "${v}" written literally in "${t}"`);
			}
			if (code.startsWith('*.')) continue;
			for (const lang of ['ja', 'en'] as const) {
				const r = renderMessage(code, lang);
				assert.doesNotMatch(
					`${r.message} ${r.fix ?? ''}`,
					/\{(workshopBaseUrl|defaultKey|workingDirectory)\}/,
					code,
				);
			}
		}
	});
});
