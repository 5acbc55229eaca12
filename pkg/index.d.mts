// Types for index.mjs: the same API as the CommonJS build it re-exports.
export * from './node/enroll_engine.js';

/** The web build's `init()`, for code shared with the browser: in Node the wasm is loaded on import, so it resolves at once. */
export default function init(module_or_path?: unknown): Promise<void>;
/** The web build's `initSync()`, for code shared with the browser: in Node it does nothing. */
export function initSync(module?: unknown): void;
