import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * A CommonJS library loaded on first use instead of at start. Spreadsheets, email parsing and IMAP are
 * used by few requests, yet loading them at start costs ~60 MB of the idle memory target (< 250 MB,
 * docs/performance.md). ES-module-only libraries are loaded with `await import()` where they are used.
 */
export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(id) as T;
    return loaded;
  };
}
