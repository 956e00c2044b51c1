/**
 * Whether this build renders the navigation chart, the 「次のステップ」 links and
 * mermaid diagrams. `WORKSHOP_BARE=1` turns them all off, which gives the "bare
 * Starlight" build that `npm run bench -- site` compares against (same pages, same
 * sidebar, Starlight's own Pagination, mermaid sources shown as plain text).
 *
 * @returns `false` when the environment variable `WORKSHOP_BARE` is `1`.
 */
export function diagramsEnabled(): boolean {
	return process.env.WORKSHOP_BARE !== '1';
}
