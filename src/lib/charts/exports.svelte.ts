/**
 * The charts of the page, for 导出全部: each chart registers how to render itself as PNG and
 * CSV; the layout zips them all.
 */
import { getContext, setContext, untrack } from 'svelte';

export interface Exportable {
	filename: string;
	/** Charts have an image; tables only their data. */
	png?: () => Promise<Uint8Array>;
	csv(): string;
}

export class ExportRegistry {
	/** Raw, not deeply reactive: a deep $state would hold a proxy of each item, and `remove` would never find the item it was given. */
	items = $state.raw<Exportable[]>([]);
	/**
	 * Untracked: a chart or table registers from inside an effect (an action's update), which must
	 * not come to depend on the list it changes — that would run it again, and again.
	 */
	add(e: Exportable): () => void {
		untrack(() => (this.items = [...this.items, e]));
		return () => untrack(() => (this.items = this.items.filter((x) => x !== e)));
	}
}

const KEY = Symbol('nianbao-exports');
export const provideExports = () => setContext(KEY, new ExportRegistry());
export const useExports = () => getContext<ExportRegistry | undefined>(KEY);

export function dataUrlBytes(url: string): Uint8Array {
	const bin = atob(url.slice(url.indexOf(',') + 1));
	const out = new Uint8Array(bin.length);
	for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
	return out;
}
