/**
 * A loopback TCP relay that delays every chunk, in each direction, like an
 * `aws ssm start-session` port forward to a far region: the browser connects to the
 * relay's port, the relay to the target; each chunk read on one side is written to
 * the other `delayMs` later, in order. One request–response exchange costs at least
 * 2 × `delayMs` more than without the relay; a new connection costs its handshake
 * locally (the relay accepts at once), as through the SSM agent.
 */
import net from 'node:net';

export interface Relay {
	/** e.g. 'http://127.0.0.1:39211' */
	url: string;
	port: number;
	close(): Promise<void>;
}

/**
 * Starts the relay on a free loopback port.
 *
 * @param target host and port to forward to (loopback)
 * @param delayMs delay of every chunk in each direction, ms (default 50)
 */
export async function startRelay(
	target: { host: string; port: number },
	delayMs = 50,
): Promise<Relay> {
	const sockets = new Set<net.Socket>();
	const pipe = (from: net.Socket, to: net.Socket) => {
		from.on('data', (chunk) => {
			setTimeout(() => {
				if (!to.destroyed) to.write(chunk);
			}, delayMs);
		});
		from.on('end', () => setTimeout(() => to.end(), delayMs));
		from.on('error', () => setTimeout(() => to.destroy(), delayMs));
		from.on('close', () => setTimeout(() => to.destroy(), delayMs));
	};
	const server = net.createServer((client) => {
		const upstream = net.connect(target.port, target.host);
		for (const s of [client, upstream]) {
			sockets.add(s);
			s.on('close', () => sockets.delete(s));
		}
		pipe(client, upstream);
		pipe(upstream, client);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as net.AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		close: () =>
			new Promise<void>((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			}),
	};
}
