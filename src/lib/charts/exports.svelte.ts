/**
 * The charts of the page, for 导出全部: each chart registers how to render itself as PNG and
 * CSV; the layout zips them all.
 */
import { getContext, setContext } from 'svelte';

export interface Exportable {
	filename: string;
	/** Charts have an image; tables only their data. */
	png?: () => Promise<Uint8Array>;
	csv(): string;
}

export class ExportRegistry {
	items = $state<Exportable[]>([]);
	add(e: Exportable): () => void {
		this.items.push(e);
		return () => (this.items = this.items.filter((x) => x !== e));
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
