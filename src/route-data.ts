import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { workshop } from '../workshop.config.ts';

/**
 * Starlight route middleware (`routeMiddleware` in astro.config.mjs).
 *
 * Starlight titles every page `<page title> | <site title>`. The top page's title is
 * the event name, which is also the site title, so its `<title>` would read
 * "X | X": there it becomes the event name alone.
 */
export const onRequest = defineRouteMiddleware((context) => {
	const route = context.locals.starlightRoute;
	if (route.entry.data.title !== workshop.eventName) return;
	const title = route.head.find((item) => item.tag === 'title');
	if (title) title.content = workshop.eventName;
});
