/**
 * Password hashing: scrypt (RFC 7914) from Node's own crypto, which OpenSSL implements — no
 * native addon to build. Parameters: N = 2^15, r = 8, p = 1 (32 MB of memory and ~0.1 s a hash
 * on this machine: `npm run bench -- auth`), a 16-byte random salt, a 32-byte key. They are stored
 * with each hash, so that they can be raised later without locking anyone out.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const PARAMS = { N: 2 ** 15, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** Passwords longer than this are refused before hashing (a megabyte password costs the server, not the attacker). */
export const MAX_PASSWORD_LENGTH = 200;
export const MIN_PASSWORD_LENGTH = 8;

function scrypt(password: string, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
	const options: ScryptOptions = { ...o, maxmem: 256 * o.N * o.r };
	return new Promise((resolve, reject) => scryptCb(password.normalize('NFC'), salt, KEY_BYTES, options, (e, key) => (e ? reject(e) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(SALT_BYTES);
	const key = await scrypt(password, salt, PARAMS);
	return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const [kind, n, r, p, salt, key] = stored.split('$');
	if (kind !== 'scrypt' || !key || password.length > MAX_PASSWORD_LENGTH) return false;
	const expected = Buffer.from(key, 'base64');
	const actual = await scrypt(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
	return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash no password matches: verified against when there is no such user, so that both take as long. */
export const NO_USER_HASH = [
	'scrypt',
	PARAMS.N,
	PARAMS.r,
	PARAMS.p,
	Buffer.alloc(SALT_BYTES).toString('base64'),
	Buffer.alloc(KEY_BYTES).toString('base64')
].join('$');

/** What a new password must be; null when it will do. */
export function passwordProblem(password: string): string | null {
	if (password.length < MIN_PASSWORD_LENGTH) return `密码至少 ${MIN_PASSWORD_LENGTH} 个字符`;
	if (password.length > MAX_PASSWORD_LENGTH) return `密码最多 ${MAX_PASSWORD_LENGTH} 个字符`;
	return null;
}
