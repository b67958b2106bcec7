// See https://svelte.dev/docs/kit/types#app.d.ts
import type { SessionUser } from '$lib/server/auth/roles';

declare global {
	namespace App {
		interface Locals {
			/** Who is signed in (hooks.server.ts), or null. */
			user: SessionUser | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
