/**
 * Who hears of a file's pages as they are read (a scan's OCR, page by page): set by whoever
 * parses around a parse, heard by the reader, with nothing passed through the layers between.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type PageListener = (page: number, of: number) => void;

const listeners = new AsyncLocalStorage<PageListener>();

/** Runs `parse` with `onPage` told of each page read within it. */
export const withPageProgress = <T>(onPage: PageListener, parse: () => Promise<T>): Promise<T> => listeners.run(onPage, parse);

/** A reader starts page `page` (1-based) of `of`. */
export const reportPage = (page: number, of: number) => listeners.getStore()?.(page, of);
