/**
 * 「次のステップ」's extra links onward that are not chart edges (src/lib/nav/graph.ts
 * `continueTo`, rendered by src/components/NextSteps.astro), against the built site:
 * the LiteLLM page leads on to Langfuse as the seed's own 「次のステップ」 does
 * (「Langfuse ワークショップを開始」) and to MLflow; the links work under the base; the
 * chart does not draw them; end pages keep no `rel="next"` link and their pointer to
 * the workshop list.
 */
import { test, expect } from '../support/fixtures.ts';
import { basePath } from '../support/site-server.ts';
import {
	continueTo,
	getNode,
	nextSteps,
	pageNodes,
	type PageNode,
} from '../../src/lib/nav/graph.ts';

const pathOf = (n: PageNode) => `${basePath}${n.slug ? `${n.slug}/` : ''}`;

test('the LiteLLM page offers 「Langfuse ワークショップを開始」 and MLflow beside its chart step, and the link leads there', async ({
	page,
	site,
}) => {
	await page.goto('workshops/litellm/');
	const steps = page.locator('nav.next-steps');
	const cont = steps.locator('a[data-role="continue"]');
	await expect(cont).toHaveCount(2);
	await expect(cont.nth(0)).toHaveAttribute('data-node', 'N');
	await expect(cont.nth(0)).toContainText('Langfuse ワークショップを開始');
	await expect(cont.nth(0)).toHaveAttribute('href', pathOf(getNode('N') as PageNode));
	await expect(cont.nth(1)).toHaveAttribute('data-node', 'O');
	await expect(cont.nth(1)).toContainText('MLflow ワークショップを開始');
	// The chart's own step (Q) is still the one rel="next" link, and the way back is K.
	await expect(steps.locator('a[rel="next"]')).toHaveCount(1);
	await expect(steps.locator('a[rel="next"]')).toHaveAttribute('data-node', 'Q');
	await expect(steps.locator('a[data-role="continue"][rel]')).toHaveCount(0);
	await expect(steps.locator('a[rel="prev"]')).toHaveAttribute('data-node', 'K');
	await cont.nth(0).click();
	await expect(page).toHaveURL(site.origin + pathOf(getNode('N') as PageNode));
	await expect(page.locator('.nav-flowchart [data-current]')).toHaveAttribute('data-node-id', 'N');
});

test('every page shows exactly its continueTo links, end pages keep their pointer to the workshop list', async ({
	page,
}) => {
	for (const n of pageNodes) {
		await page.goto(n.slug ? `${n.slug}/` : '');
		const expected = nextSteps(n.id).continueTo.map((c) => c.node.id);
		const shown = await page
			.locator('nav.next-steps a[data-role="continue"]')
			.evaluateAll((els) => els.map((e) => e.getAttribute('data-node')));
		expect(shown, n.id).toEqual(expected);
		if (nextSteps(n.id).forward.length === 0) {
			await expect(page.locator('nav.next-steps a[rel="next"]'), n.id).toHaveCount(0);
			await expect(page.locator('nav.next-steps a[data-role="hub"]'), n.id).toHaveAttribute(
				'href',
				pathOf(getNode('K') as PageNode),
			);
		}
	}
	expect(continueTo.length).toBeGreaterThan(0);
});
