/**
 * The event's values in the pages: placeholder substitution (src/lib/config/placeholders.ts),
 * the Markdown plugin in both forms (src/lib/config/markdown-plugin.ts) — the Sätteri
 * form compiled with Sätteri itself, the engine Astro 7 and @astrojs/mdx 8 use — and
 * the page sources: every placeholder resolves and no page hard-codes a configured value.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { markdownToHtml, mdxToJs } from 'satteri';
import { workshop } from '../../workshop.config.ts';
import {
	registerWorkshopValues,
	remarkWorkshopValues,
	replacementsFor,
	satteriWorkshopValues,
	type PlaceholderNode,
} from '../../src/lib/config/markdown-plugin.ts';
import {
	PlaceholderError,
	placeholderValues,
	substitute,
	trySubstitute,
} from '../../src/lib/config/placeholders.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const values = placeholderValues(workshop);

describe('placeholderValues', () => {
	test('flattens the config: fields, list entries by position, nested fields, numbers as text', () => {
		assert.equal(values.get('proxyBaseUrl'), workshop.proxyBaseUrl);
		assert.equal(values.get('eventName'), workshop.eventName);
		assert.equal(values.get('repoVersion'), workshop.repoVersion);
		assert.equal(values.get('repository'), workshop.repository);
		workshop.modelNames.forEach((m, i) => assert.equal(values.get(`modelNames.${i}`), m));
		assert.equal(values.get(`modelNames.${workshop.modelNames.length}`), undefined);
		assert.equal(values.get('configFiles.ec2'), workshop.configFiles.ec2);
		assert.equal(values.get('timeoutMs'), String(workshop.timeoutMs));
		// Lists and groups have no single text form.
		assert.equal(values.has('modelNames'), false);
		assert.equal(values.has('configFiles'), false);
	});
});

describe('trySubstitute / substitute', () => {
	const v = placeholderValues({
		a: 'A',
		url: 'http://h:1',
		list: ['x', 'y'],
		group: { k: 'K' },
		n: 5,
	});

	test('replaces every placeholder, keeps text without any untouched', () => {
		assert.deepEqual(
			trySubstitute('curl %%url%%/v1 %%a%%%%a%% %%list.1%% %%group.k%% %%n%% ms', v),
			{
				ok: true,
				text: 'curl http://h:1/v1 AA y K 5 ms',
				replaced: 6,
			},
		);
		assert.deepEqual(trySubstitute('plain 100% text', v), {
			ok: true,
			text: 'plain 100% text',
			replaced: 0,
		});
	});

	test('a value that itself contains %% is not re-read as a placeholder', () => {
		const odd = placeholderValues({ p: '%%q%%' });
		assert.deepEqual(trySubstitute('[%%p%%]', odd), { ok: true, text: '[%%q%%]', replaced: 1 });
	});

	test('an unknown name fails, naming the token and listing the known ones', () => {
		const r = trySubstitute('see %%urll%% now', v);
		assert.equal(r.ok, false);
		assert.match(
			!r.ok ? r.message : '',
			/unknown placeholder %%urll%%; known: %%a%%, %%url%%, %%list\.N%%, %%group\.k%%, %%n%%/,
		);
	});

	test('a list or group fails with its entries as suggestions', () => {
		const r = trySubstitute('%%list%%', v);
		assert.equal(r.ok, false);
		assert.match(
			!r.ok ? r.message : '',
			/%%list%% is a list or group, not one value; use one of %%list\.0%%, %%list\.1%%/,
		);
		const out = trySubstitute('%%list.2%%', v);
		assert.equal(out.ok, false, 'past the end of the list');
	});

	test('a broken token (missing %) fails instead of leaking into the page', () => {
		for (const text of ['%%url% x', 'x %url%%', '%%url', 'a %%a%% b %%url']) {
			const r = trySubstitute(text, v);
			assert.equal(r.ok, false, text);
			assert.match(!r.ok ? r.message : '', /broken placeholder near/);
		}
	});

	test('substitute throws PlaceholderError with the place first', () => {
		assert.equal(substitute('%%a%%', v, 'x.mdx:1:1'), 'A');
		assert.throws(
			() => substitute('%%zzz%%', v, 'src/content/docs/x.mdx:3:5'),
			(e: unknown) => {
				assert.ok(e instanceof PlaceholderError);
				assert.match(e.message, /^src\/content\/docs\/x\.mdx:3:5: unknown placeholder %%zzz%%/);
				return true;
			},
		);
	});
});

const SAMPLE = `# %%eventName%%

Text with \`%%proxyBaseUrl%%\`, a [link](%%proxyBaseUrl%%/ui "%%awsRegion%%") and **%%modelNames.1%%**.

![%%awsProfile%%](/img/%%awsProfile%%.png)

<Card title="Region %%awsRegion%%" icon="x">Inside %%repoVersion%%</Card>

\`\`\`sh title="%%configFiles.ec2%%"
curl %%proxyBaseUrl%%/v1/models -H "Authorization: Bearer %%defaultApiKey%%"
\`\`\`

| model | file |
|---|---|
| %%expectedModel%% | %%configFiles.local%% |

[ref]: %%proxyBaseUrl%%/health "%%workingDirectory%%"
`;

/** Every node of an mdast tree, depth first. */
function* nodes(n: PlaceholderNode): Generator<PlaceholderNode> {
	yield n;
	for (const c of n.children ?? []) yield* nodes(c);
}

/** All strings anywhere in a tree (values, urls, titles, attribute values …). */
function strings(tree: unknown): string[] {
	const out: string[] = [];
	JSON.stringify(tree, (k, val) => {
		if (typeof val === 'string' && k !== 'type') out.push(val);
		return val;
	});
	return out;
}

describe('Sätteri plugin (the build uses this form)', () => {
	const plugin = satteriWorkshopValues({ values, root });
	const fileURL = pathToFileURL(path.join(root, 'src/content/docs/sample.mdx'));

	test('replaces in text, inline and fenced code (value and meta), links, images, definitions, tables and MDX attributes', () => {
		// A second plugin after ours captures the tree as the next stage (mdast → hast) sees it.
		let mdast: PlaceholderNode = { type: 'none' };
		const capture = {
			name: 'capture',
			after: (tree: unknown) => void (mdast = JSON.parse(JSON.stringify(tree))),
		};
		mdxToJs(SAMPLE, { mdastPlugins: [plugin, capture], fileURL });
		assert.equal(mdast.type, 'root');
		const all = [...nodes(mdast)];
		const leftovers = strings(mdast).filter((s) => s.includes('%%'));
		assert.deepEqual(leftovers, []);

		const heading = all.find((n) => n.type === 'heading');
		assert.equal(heading?.children?.[0]?.value, workshop.eventName);
		assert.ok(all.some((n) => n.type === 'inlineCode' && n.value === workshop.proxyBaseUrl));
		const link = all.find((n) => n.type === 'link');
		assert.equal(link?.url, `${workshop.proxyBaseUrl}/ui`);
		assert.equal(link?.title, workshop.awsRegion);
		const image = all.find((n) => n.type === 'image');
		assert.equal(image?.url, `/img/${workshop.awsProfile}.png`);
		assert.equal(image?.alt, workshop.awsProfile);
		const code = all.find((n) => n.type === 'code');
		assert.equal(
			code?.value,
			`curl ${workshop.proxyBaseUrl}/v1/models -H "Authorization: Bearer ${workshop.defaultApiKey}"`,
		);
		assert.equal(code?.meta, `title="${workshop.configFiles.ec2}"`);
		const card = all.find((n) => n.type === 'mdxJsxFlowElement') as PlaceholderNode & {
			attributes: { name: string; value: unknown }[];
		};
		assert.deepEqual(
			card.attributes.map((a) => [a.name, a.value]),
			[
				['title', `Region ${workshop.awsRegion}`],
				['icon', 'x'],
			],
		);
		assert.ok(
			strings(card).includes(`Inside ${workshop.repoVersion}`),
			'children of a replaced element survive',
		);
		const def = all.find((n) => n.type === 'definition');
		assert.equal(def?.url, `${workshop.proxyBaseUrl}/health`);
		assert.equal(def?.title, workshop.workingDirectory);
		assert.ok(strings(mdast).includes(workshop.expectedModel));
		assert.ok(strings(mdast).includes(workshop.configFiles.local));
	});

	test('the compiled MDX and the rendered Markdown carry the values', async () => {
		const { code } = await mdxToJs(SAMPLE, { mdastPlugins: [plugin], fileURL });
		assert.doesNotMatch(code, /%%/);
		assert.ok(code.includes(`curl ${workshop.proxyBaseUrl}/v1/models`));
		const { html } = await markdownToHtml(
			'Open [the UI](%%proxyBaseUrl%%/ui) with `%%defaultApiKey%%`.',
			{ mdastPlugins: [plugin] },
		);
		assert.equal(
			html.trim(),
			`<p>Open <a href="${workshop.proxyBaseUrl}/ui">the UI</a> with <code>${workshop.defaultApiKey}</code>.</p>`,
		);
	});

	test('an unknown placeholder throws with the page, line and column (relative to the project)', () => {
		assert.throws(
			() =>
				mdxToJs('# Title\n\nSome text\nand %%proxyBaseURL%% here.\n', {
					mdastPlugins: [plugin],
					fileURL,
				}),
			/src\/content\/docs\/sample\.mdx:3:1: unknown placeholder %%proxyBaseURL%%/,
		);
		assert.throws(
			() => mdxToJs('```sh\ncurl %%proxyBaseUrl%/v1\n```\n', { mdastPlugins: [plugin], fileURL }),
			/sample\.mdx:1:1: broken placeholder/,
		);
		assert.throws(
			() => mdxToJs('<Card title="%%nope%%" />\n', { mdastPlugins: [plugin], fileURL }),
			/sample\.mdx:1:1 \(attribute title\): unknown placeholder %%nope%%/,
		);
	});

	test('a page without placeholders compiles exactly as without the plugin', async () => {
		const src =
			'# Plain\n\nText, `code`, [a](https://example.com) and 100% sure.\n\n```js\nconst x = 1;\n```\n';
		assert.equal(
			(await mdxToJs(src, { mdastPlugins: [plugin], fileURL })).code,
			(await mdxToJs(src, { fileURL })).code,
		);
	});
});

describe('remark plugin (for a unified processor)', () => {
	test('replaces in place throughout the tree and names the file on error', () => {
		const tree: PlaceholderNode = {
			type: 'root',
			children: [
				{
					type: 'paragraph',
					children: [
						{ type: 'text', value: 'at %%proxyBaseUrl%%' },
						{ type: 'link', url: '%%proxyBaseUrl%%/ui', children: [] },
					],
				},
				{ type: 'code', value: 'export VERSION=${VERSION:-%%repoVersion%%}', meta: null },
			],
		};
		const transform = remarkWorkshopValues({ values, root });
		transform(tree, { path: path.join(root, 'src/content/docs/a.md') });
		assert.deepEqual(
			strings(tree).filter((s) => s.includes('%%')),
			[],
		);
		assert.ok(strings(tree).includes(`at ${workshop.proxyBaseUrl}`));
		assert.ok(strings(tree).includes(`export VERSION=\${VERSION:-${workshop.repoVersion}}`));
		const bad: PlaceholderNode = {
			type: 'root',
			children: [{ type: 'text', value: '%%x%%', position: { start: { line: 7, column: 2 } } }],
		};
		assert.throws(
			() => transform(bad, { path: path.join(root, 'src/content/docs/a.md') }),
			/^PlaceholderError: src\/content\/docs\/a\.md:7:2: unknown placeholder %%x%%/,
		);
	});

	test('replacementsFor reports only changed fields and ignores other node types', () => {
		assert.equal(replacementsFor({ type: 'text', value: 'none' }, values, 'x'), undefined);
		assert.equal(
			replacementsFor({ type: 'mdxFlowExpression', value: '"%%nope%%"' }, values, 'x'),
			undefined,
		);
		assert.deepEqual(
			replacementsFor({ type: 'link', url: '%%proxyBaseUrl%%', title: 'same' }, values, 'x'),
			{ url: workshop.proxyBaseUrl },
		);
	});
});

describe('registerWorkshopValues', () => {
	test('adds the Sätteri form to a Sätteri processor and the remark form to a unified one', () => {
		const satteri = { name: 'satteri', options: { mdastPlugins: [] as unknown[] } };
		registerWorkshopValues(satteri, { values });
		assert.equal((satteri.options.mdastPlugins[0] as { name: string }).name, 'workshop-values');
		const unified = { name: 'unified', options: { remarkPlugins: [] as unknown[] } };
		registerWorkshopValues(unified, { values });
		assert.equal((unified.options.remarkPlugins[0] as unknown[])[0], remarkWorkshopValues);
	});

	test('refuses any other processor instead of leaving placeholders in the pages', () => {
		assert.throws(
			() => registerWorkshopValues({ name: 'other' }, { values }),
			/markdown\.processor "other" is not supported/,
		);
		assert.throws(() => registerWorkshopValues(undefined, { values }), /not supported/);
	});
});

/** Every page source under src/content/docs, relative path → text. */
function pages(): [string, string][] {
	const dir = path.join(root, 'src/content/docs');
	return (readdirSync(dir, { recursive: true }) as string[])
		.filter((f) => /\.mdx?$/.test(f))
		.sort()
		.map((f) => [path.join('src/content/docs', f), readFileSync(path.join(dir, f), 'utf8')]);
}

describe('page sources', () => {
	test('every placeholder in every page resolves (checked before any build)', () => {
		const list = pages();
		assert.ok(list.length >= 17, `found ${list.length} pages`);
		for (const [file, text] of list) {
			const r = trySubstitute(text, values);
			assert.ok(r.ok, `${file}: ${!r.ok && r.message}`);
		}
	});

	test('the pages use placeholders: no page hard-codes a value of workshop.config.ts', () => {
		const {
			proxyBaseUrl,
			defaultApiKey,
			expectedModel,
			modelNames,
			repoVersion,
			repository,
			eventName,
			configFiles,
			awsProfile,
			awsRegion,
			workingDirectory,
		} = workshop;
		const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		const forbidden: [string, RegExp][] = [
			['proxyBaseUrl', new RegExp(esc(proxyBaseUrl))],
			// 5.mlflow's own LiteLLM Proxy: its Base URL.
			['mlflow.proxyBaseUrl', new RegExp(esc(workshop.mlflow.proxyBaseUrl))],
			['defaultApiKey', new RegExp(esc(defaultApiKey))],
			['expectedModel', new RegExp(`(?<![\\w.-])${esc(expectedModel)}(?![\\w.-])`)],
			...modelNames.map((m, i): [string, RegExp] => [
				`modelNames.${i}`,
				new RegExp(`(?<![\\w.-])${esc(m)}(?![\\w.-])`),
			]),
			['repoVersion', new RegExp(`VERSION:-${esc(repoVersion)}|\`${esc(repoVersion)}\``)],
			['repository', new RegExp(esc(repository))],
			['eventName', new RegExp(esc(eventName))],
			...Object.entries(configFiles).map(([k, f]): [string, RegExp] => [
				`configFiles.${k}`,
				new RegExp(`(?<![\\w.-])${esc(f)}`),
			]),
			['workingDirectory', new RegExp(`(?<![\\w.-])${esc(workingDirectory)}(?![\\w-])`)],
			// The profile and the region where the participant configures them. Regions as
			// facts (where model access must be enabled, the region of the apac model) stay
			// literal, even when one of them is the configured region.
			[
				'awsProfile',
				new RegExp(
					`--profile ${esc(awsProfile)}\\b|\\[${esc(awsProfile)}\\]|\`${esc(awsProfile)}\``,
				),
			],
			[
				'awsRegion',
				new RegExp(
					[
						`region = `,
						`AWS_REGION_NAME="?`,
						`AWS_REGION_NAME\` \\| \``,
						`AWS Region\\*\\* に \``,
						`リージョン \``,
						`既定値 \``,
					]
						.map((before) => before + esc(awsRegion))
						.join('|'),
				),
			],
			// VS Code Server's ports (0.setup/cfn/ec2-ssm.yml's 8080, the forward's 18080),
			// as a number of its own: not inside a longer number.
			...Object.entries(workshop.vscodeServer).map(([k, port]): [string, RegExp] => [
				`vscodeServer.${k}`,
				new RegExp(`(?<![\\d.])${port}(?!\\d)`),
			]),
		];
		// Facts of the workshop's own files that look like config values but do not follow
		// the config, so a page states them as they are: scripts/setup_env.sh reads the
		// `[cline]` section of ~/.aws/credentials whatever the profile is called, and its
		// error message names that section.
		const upstreamFacts: [string, RegExp][] = [
			['awsProfile', /setup_env\.sh|\[cline\]プロファイル/],
		];
		const found: string[] = [];
		for (const [file, text] of pages()) {
			text.split('\n').forEach((line, i) => {
				for (const [field, re] of forbidden) {
					if (upstreamFacts.some(([f, fact]) => f === field && fact.test(line))) continue;
					if (re.test(line))
						found.push(
							`${file}:${i + 1}: ${field} written literally (use %%${field}%%): ${line.trim().slice(0, 100)}`,
						);
				}
			});
		}
		assert.deepEqual(found, []);
	});
});
