/**
 * Every server a test or the demo starts must listen on loopback only: an n8n owner can run code
 * on the machine, and a Redis without a password is an open door. This reads the kernel's socket
 * tables (Linux /proc), so it sees what a process really bound, whatever its settings say.
 *
 *   const { assertLoopbackOnly } = require('./loopback');
 *   assertLoopbackOnly(child.pid, 'n8n');        // the process and all its descendants
 *   assertLoopbackOnly(process.pid, 'stand-in'); // a server running in this process
 *
 * Plain CommonJS so shell scripts, benchmarks and TypeScript tests can all use it.
 */
const fs = require('node:fs');

/** The pid and every descendant of it (n8n starts task runners, npm starts node, ...). */
function processTree(rootPid) {
	const children = new Map();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let stat;
		try {
			stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			continue; // gone meanwhile
		}
		// "pid (comm) state ppid ...": comm may hold spaces and brackets, so split after the last ")".
		const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
		if (!children.has(ppid)) children.set(ppid, []);
		children.get(ppid).push(Number(entry));
	}
	const tree = [];
	const queue = [Number(rootPid)];
	while (queue.length) {
		const pid = queue.shift();
		tree.push(pid);
		queue.push(...(children.get(pid) ?? []));
	}
	return tree;
}

function socketInodes(pids) {
	const inodes = new Set();
	for (const pid of pids) {
		let fds = [];
		try {
			fds = fs.readdirSync(`/proc/${pid}/fd`);
		} catch {
			continue;
		}
		for (const fd of fds) {
			try {
				const match = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
				if (match) inodes.add(match[1]);
			} catch {
				// closed meanwhile
			}
		}
	}
	return inodes;
}

/** "0100007F:1F90" (tcp) or a 32-hex-digit IPv6 address (tcp6) to a readable address. */
function decodeAddress(hex, v6) {
	const [addr, port] = hex.split(':');
	if (!v6) {
		const bytes = addr.match(/../g).map((b) => parseInt(b, 16)).reverse();
		return { host: bytes.join('.'), port: parseInt(port, 16) };
	}
	// Four little-endian 32-bit words.
	const words = addr.match(/.{8}/g).map((w) => w.match(/../g).reverse().join(''));
	const groups = words.join('').match(/.{4}/g).map((g) => g.replace(/^0+(?=.)/, '').toLowerCase());
	const full = groups.join(':');
	const mapped = /^0:0:0:0:0:ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(full);
	if (mapped) {
		const n = (parseInt(mapped[1], 16) << 16) | parseInt(mapped[2], 16);
		return { host: `::ffff:${[n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')}`, port: parseInt(port, 16) };
	}
	return { host: full === '0:0:0:0:0:0:0:1' ? '::1' : full === '0:0:0:0:0:0:0:0' ? '::' : full, port: parseInt(port, 16) };
}

/** The TCP sockets in LISTEN state owned by the process tree of `pid`: [{host, port}]. */
function listeningSockets(pid) {
	const inodes = socketInodes(processTree(pid));
	const sockets = [];
	for (const [file, v6] of [['/proc/net/tcp', false], ['/proc/net/tcp6', true]]) {
		let table = '';
		try {
			table = fs.readFileSync(file, 'utf8');
		} catch {
			continue;
		}
		for (const line of table.trim().split('\n').slice(1)) {
			const cols = line.trim().split(/\s+/);
			// cols: sl local_address rem_address st ... inode (index 9)
			if (cols[3] !== '0A' || !inodes.has(cols[9])) continue;
			sockets.push(decodeAddress(cols[1], v6));
		}
	}
	return sockets;
}

function isLoopback(host) {
	return /^127\./.test(host) || host === '::1' || /^::ffff:127\./.test(host);
}

/**
 * Throws when any TCP socket the process tree of `pid` listens on is not on loopback (0.0.0.0, ::
 * or a real interface). Returns the sockets, to print. `label` names the server in the message.
 * `expectListening` (default true) also fails when the tree listens on nothing: a check that
 * looked at the wrong process must not pass.
 */
function assertLoopbackOnly(pid, label = `process ${pid}`, { expectListening = true } = {}) {
	if (process.platform !== 'linux') throw new Error('assertLoopbackOnly reads /proc: Linux only');
	const sockets = listeningSockets(pid);
	if (expectListening && sockets.length === 0) throw new Error(`${label} (pid ${pid}) listens on no TCP port`);
	const exposed = sockets.filter((s) => !isLoopback(s.host));
	if (exposed.length) {
		const where = exposed.map((s) => `${s.host.includes(':') ? `[${s.host}]` : s.host}:${s.port}`).join(', ');
		throw new Error(`${label} listens beyond loopback on ${where}: bind it to 127.0.0.1`);
	}
	return sockets;
}

module.exports = { assertLoopbackOnly, listeningSockets, isLoopback, processTree };

// CLI: node test/helpers/loopback.js <pid> [label] — prints the sockets, exits 1 when exposed.
if (require.main === module) {
	try {
		const sockets = assertLoopbackOnly(Number(process.argv[2]), process.argv[3]);
		for (const s of sockets) console.log(`${s.host}:${s.port}`);
	} catch (error) {
		console.error(error.message);
		process.exit(1);
	}
}
