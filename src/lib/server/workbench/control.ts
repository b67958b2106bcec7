/**
 * The running server's control socket: `npm run user` (and `backup`) reach the workbench through
 * it while the server holds the file, since DuckDB lets one process open it for writing. A Unix
 * socket beside the workbench (`workbench.duckdb.sock`), readable and writable by its owner only:
 * one JSON command a connection, one JSON answer. Passwords cross it already hashed.
 */
import { chmod, rm } from 'node:fs/promises';
import net from 'node:net';
import type { Host } from '../db.js';
import { Command, runCommand } from './accounts.js';

export const socketPath = (workbench: string) => `${workbench}.sock`;
/** A command is a few hundred bytes; anything longer is not one. */
const MAX_COMMAND_BYTES = 16 * 1024;

export type Answer = { ok: true; result: unknown } | { ok: false; error: string };

export async function startControl(h: Host): Promise<net.Server> {
	const file = socketPath(h.workbench);
	await rm(file, { force: true }); // left by a server that was killed
	const server = net.createServer((socket) => {
		let text = '';
		socket.setEncoding('utf8');
		socket.setTimeout(30_000, () => socket.destroy());
		socket.on('data', (chunk: string) => {
			text += chunk;
			if (text.length > MAX_COMMAND_BYTES) return socket.destroy();
			const end = text.indexOf('\n');
			if (end < 0) return;
			void answer(h, text.slice(0, end)).then((a) => socket.end(JSON.stringify(a) + '\n'));
		});
		socket.on('error', () => {});
	});
	await new Promise<void>((resolve, reject) => server.once('error', reject).listen(file, resolve));
	await chmod(file, 0o600);
	return server;
}

async function answer(h: Host, line: string): Promise<Answer> {
	try {
		const { actor, command } = JSON.parse(line) as { actor: unknown; command: unknown };
		const cmd = Command.parse(command);
		return { ok: true, result: await runCommand(h, `cli:${String(actor).slice(0, 40)}`, cmd) };
	} catch (e) {
		return { ok: false, error: (e as Error).message };
	}
}

/** Sends a command to a running server; null when none listens on the socket. */
export function sendControl(workbench: string, actor: string, command: Command): Promise<Answer | null> {
	return new Promise((resolve, reject) => {
		const socket = net.connect(socketPath(workbench));
		let text = '';
		socket.setEncoding('utf8');
		socket.on('connect', () => socket.write(JSON.stringify({ actor, command }) + '\n'));
		socket.on('data', (chunk: string) => (text += chunk));
		socket.on('end', () => resolve(JSON.parse(text) as Answer));
		socket.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ENOENT' || e.code === 'ECONNREFUSED' ? resolve(null) : reject(e)));
	});
}
