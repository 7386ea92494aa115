/** The loopback check every suite that starts a server relies on (test/helpers/loopback.js). */
import * as net from 'node:net';

const { assertLoopbackOnly, listeningSockets } = require('./helpers/loopback.js') as {
	assertLoopbackOnly(pid: number, label?: string, options?: { expectListening?: boolean }): Array<{ host: string; port: number }>;
	listeningSockets(pid: number): Array<{ host: string; port: number }>;
};

function listen(host?: string): Promise<net.Server> {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.listen(0, ...(host ? [host] : []), () => resolve(server));
	});
}
const portOf = (server: net.Server) => (server.address() as net.AddressInfo).port;
const close = (server: net.Server) => new Promise((resolve) => server.close(resolve));

describe('assertLoopbackOnly', () => {
	it('passes for 127.0.0.1 and ::1 and reports both sockets', async () => {
		const v4 = await listen('127.0.0.1');
		const v6 = await listen('::1');
		try {
			const sockets = assertLoopbackOnly(process.pid, 'test servers');
			expect(sockets).toEqual(expect.arrayContaining([{ host: '127.0.0.1', port: portOf(v4) }, { host: '::1', port: portOf(v6) }]));
		} finally {
			await Promise.all([close(v4), close(v6)]);
		}
	});

	it('fails, naming the address, for a server on every interface', async () => {
		const open = await listen();
		try {
			expect(listeningSockets(process.pid)).toContainEqual({ host: '::', port: portOf(open) });
			expect(() => assertLoopbackOnly(process.pid, 'the open one')).toThrow(`the open one listens beyond loopback on [::]:${portOf(open)}`);
		} finally {
			await close(open);
		}
	});

	it('fails when the process listens on nothing, so a check of the wrong process cannot pass', () => {
		expect(() => assertLoopbackOnly(process.pid, 'nothing')).toThrow('nothing (pid');
		expect(assertLoopbackOnly(process.pid, 'nothing', { expectListening: false })).toEqual([]);
	});
});
