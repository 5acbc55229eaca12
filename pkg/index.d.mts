// Types for index.mjs: the same API as the CommonJS build it re-exports.
export * from './node/enroll_engine.js';
