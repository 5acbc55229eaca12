// Guards the handles of the glue's classes (Engine, PreparedSnapshot) in
// OUT/enroll_engine.js, for every build (pkg/node, pkg/web, pkg/core):
//   node scripts/guard-handles.mjs OUT
//
// Why: wasm-bindgen's class glue hands `this.__wbg_ptr` to wasm as it is,
// and its Rust side answers a freed (0) pointer, a double free or a free
// during the object's own call by throwing from inside wasm. A JS exception
// that unwinds through Rust frames never restores wasm's stack pointer: a
// few thousand such calls trapped the instance, and every engine with it.
// A copied or forged `__wbg_ptr` (a shallow clone) reached Rust as a
// pointer to freed or foreign memory. wasm-bindgen 0.2.130 has no option
// for any of this, so the glue is edited here, as little as possible:
//
// - each class gets a WeakMap from the objects its constructor or `__wrap`
//   made to their pointers; every method takes its pointer from there
//   (`handleOf`), never from the object, and throws an EngineError
//   INVALID_ARGUMENT in JS, before wasm is entered, for an object that is
//   not in it (freed, a copy, a forgery, the other class);
// - `free()` (through its own class's `__destroy_into_raw`, whatever
//   `this` holds) refuses the same way, so a second `free()`, or one
//   called on the other class's object, is that EngineError too; it releases the pointer with
//   wasm-bindgen's `allow_delayed` (as the FinalizationRegistry does): a
//   `free()` from inside one of the object's own calls (a `toJSON` the
//   call runs) drops the Rust value when that call returns;
// - `[Symbol.dispose]()` is `free()` for a live object and nothing for a
//   freed one (disposal is idempotent).
//
// - the instance itself: every wasm export is called through a wrapper
//   (`guardInstance`). An exception out of an export — a trap (wasm memory
//   exhausted at 4 GiB by objects the host keeps alive) or a stack overflow
//   thrown in the middle of a call (a host calling from deep recursion) —
//   leaves the Rust heap and stack as the interrupted call left them
//   (allocations never freed, borrows never released, the stack pointer
//   moved): the next calls would leak, then trap with `unreachable`, or
//   answer from a corrupt heap. So the first such exception marks the
//   instance failed: that call and every later one throw an EngineError
//   `INSTANCE_FAILED` (load the package again for a new instance), and
//   `free()` of its objects does nothing (a FinalizationRegistry callback
//   must not throw).
//
// - the web and core builds before `init()`: their glue's `wasm` is
//   `undefined` until the module is instantiated, so a call made first read
//   a property of undefined (a bare TypeError). It starts as a stand-in
//   whose every property throws an EngineError `NOT_INITIALIZED`, and the
//   glue's "already initialized" checks compare with that stand-in.
//
// Each rewrite must match exactly where expected, and no other read of
// `__wbg_ptr` may remain: a wasm-bindgen upgrade that changes the glue
// fails the build here rather than shipping unguarded classes.
// docs/architecture.md (the binding), docs/api.md (errors).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2];
if (!out) throw new Error('usage: node scripts/guard-handles.mjs OUT');
const glue = join(out, 'enroll_engine.js');
let text = readFileSync(glue, 'utf8');
const fail = (why) => {
  throw new Error(`${glue}: ${why} (scripts/guard-handles.mjs: the wasm-bindgen glue changed?)`);
};
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Replaces every match of `re` in `s`; exactly `want` of them (a number),
// or at least one (`want` = '+').
function rewrite(s, re, by, want, what) {
  let n = 0;
  const r = s.replace(re, (...m) => {
    n++;
    return typeof by === 'function' ? by(...m) : by;
  });
  if (want === '+' ? n < 1 : n !== want) fail(`${what}: ${n} matches, expected ${want}`);
  return r;
}

const HELPER = `
// enroll-engine: the classes' live objects and their pointers; only these
// reach wasm (scripts/guard-handles.mjs).
const EngineHandles = new WeakMap();
const PreparedSnapshotHandles = new WeakMap();
function handleOf(obj, handles, name) {
    const ptr = handles.get(obj);
    if (ptr !== undefined) return ptr;
    const e = new Error(\`INVALID_ARGUMENT: this \${name} was freed (free() was called), or is not one the engine made (a copy of one, or another object)\`);
    e.name = 'EngineError';
    e.code = 'INVALID_ARGUMENT';
    e.issues = [];
    throw e;
}
// enroll-engine: the instance, failed once an exception left a wasm export
// (scripts/guard-handles.mjs): out of memory, or a stack overflow mid-call.
// The catch blocks below record the failure by assignments first (no call):
// at the stack's limit a call could itself overflow before it is recorded;
// the failing call then throws INSTANCE_FAILED too (review 31a: building its
// error overflowed, and a bare RangeError left the call).
let instanceFailed = false;
let instanceFailure;
// The failure's kind from a fixed list: an exception's own name or message
// is not shown (it could be any text), and reading it may itself throw.
function failureKind() {
    try {
        if (instanceFailure instanceof WebAssembly.RuntimeError) return 'RuntimeError';
        if (instanceFailure instanceof RangeError) return 'RangeError';
        if (instanceFailure instanceof TypeError) return 'TypeError';
        if (instanceFailure instanceof Error) return 'Error';
    } catch {
        // A Proxy's trap threw: say no more than that it was an exception.
    }
    return 'an exception';
}
function failedInstanceError(now) {
    const kind = failureKind();
    const when = now ? 'during this call' : 'during an earlier call';
    const e = new Error(\`INSTANCE_FAILED: the engine's WebAssembly instance failed \${when} (\${kind}) and cannot be used again: load the package again for a new instance (docs/api.md, Memory)\`);
    e.name = 'EngineError';
    e.code = 'INSTANCE_FAILED';
    e.issues = [];
    return e;
}
// The failing call's error when building one overflows too (a stack overflow
// leaves a call little stack): made at load, so throwing it calls nothing.
// The kind is not in it: finding that out is a call.
const INSTANCE_FAILED_NOW = new Error("INSTANCE_FAILED: the engine's WebAssembly instance failed during this call and cannot be used again: load the package again for a new instance (docs/api.md, Memory)");
INSTANCE_FAILED_NOW.name = 'EngineError';
INSTANCE_FAILED_NOW.code = 'INSTANCE_FAILED';
INSTANCE_FAILED_NOW.issues = [];
function guardInstance(exports) {
    const guarded = {};
    for (const [name, value] of Object.entries(exports)) {
        guarded[name] = typeof value === 'function' ? guardExport(value, /free$/.test(name)) : value;
    }
    return guarded;
}
// A failed instance's call: an export that frees does nothing, any other throws.
function instanceRefusal(frees) {
    if (!frees) throw failedInstanceError();
}
// One wrapper per arity, so a call passes its arguments as they are (no rest
// array, no apply: the keystroke path makes several wasm calls).
function guardExport(f, frees) {
    switch (f.length) {
        case 0: return function () { if (instanceFailed) return instanceRefusal(frees); try { return f(); } catch (e) { instanceFailed = true; instanceFailure = e; let r = INSTANCE_FAILED_NOW; try { r = failedInstanceError(true); } catch {} throw r; } };
        case 1: return function (a) { if (instanceFailed) return instanceRefusal(frees); try { return f(a); } catch (e) { instanceFailed = true; instanceFailure = e; let r = INSTANCE_FAILED_NOW; try { r = failedInstanceError(true); } catch {} throw r; } };
        case 2: return function (a, b) { if (instanceFailed) return instanceRefusal(frees); try { return f(a, b); } catch (e) { instanceFailed = true; instanceFailure = e; let r = INSTANCE_FAILED_NOW; try { r = failedInstanceError(true); } catch {} throw r; } };
        case 3: return function (a, b, c) { if (instanceFailed) return instanceRefusal(frees); try { return f(a, b, c); } catch (e) { instanceFailed = true; instanceFailure = e; let r = INSTANCE_FAILED_NOW; try { r = failedInstanceError(true); } catch {} throw r; } };
        case 4: return function (a, b, c, d) { if (instanceFailed) return instanceRefusal(frees); try { return f(a, b, c, d); } catch (e) { instanceFailed = true; instanceFailure = e; let r = INSTANCE_FAILED_NOW; try { r = failedInstanceError(true); } catch {} throw r; } };
        default: return function (...args) { if (instanceFailed) return instanceRefusal(frees); try { return f(...args); } catch (e) { instanceFailed = true; instanceFailure = e; let r = INSTANCE_FAILED_NOW; try { r = failedInstanceError(true); } catch {} throw r; } };
    }
}
`;

// enroll-engine: the web and core builds' instance before init() (scripts/guard-handles.mjs).
const NOT_INITIALIZED = `
const wasmNotInitialized = new Proxy({}, { get() {
    const e = new Error('NOT_INITIALIZED: the engine is not loaded yet: await init() (or call initSync({ module })) from this build before using it (docs/api.md, Entry points)');
    e.name = 'EngineError';
    e.code = 'NOT_INITIALIZED';
    e.issues = [];
    throw e;
} });
`;

const taken = /\b(INSTANCE_FAILED_NOW|wasmNotInitialized|handleOf|EngineHandles|PreparedSnapshotHandles|guardInstance|guardExport|instanceRefusal|instanceFailure|instanceFailed|failedInstanceError|failureKind)\b/.exec(text);
if (taken) fail(`the glue already has a ${taken[1]}`);
let first = Infinity;
for (const name of ['Engine', 'PreparedSnapshot']) {
  const handles = `${name}Handles`;
  const dispose = `if (Symbol.dispose) ${name}.prototype[Symbol.dispose] = ${name}.prototype.free;`;
  const start = new RegExp(`^(export )?class ${name} \\{$`, 'm').exec(text);
  if (!start) fail(`no class ${name}`);
  const end = text.indexOf(`\n${dispose}\n`, start.index);
  if (end < 0) fail(`class ${name}: no '${dispose}' after it`);
  first = Math.min(first, start.index);
  let block = text.slice(start.index, end);
  const lower = name.toLowerCase();
  block = rewrite(
    block,
    /^( +)const ptr = this\.__wbg_ptr;\n( +)this\.__wbg_ptr = 0;$/m,
    (_, a, b) => `${a}const ptr = handleOf(this, ${handles}, '${name}');\n${a}${handles}.delete(this);\n${b}this.__wbg_ptr = 0;`,
    1,
    `${name}.__destroy_into_raw`,
  );
  block = rewrite(block, new RegExp(escape(`wasm.__wbg_${lower}_free(ptr, 0);`), 'g'), `wasm.__wbg_${lower}_free(ptr, 1);`, 1, `${name}.free`);
  // `free()` takes the pointer through its own class's `__destroy_into_raw`,
  // not `this`'s: `Engine.prototype.free.call(prepared)` took the prepared
  // snapshot's pointer through its own method and freed it as an Engine,
  // failing the instance (review 26b #1).
  block = rewrite(
    block,
    /^( +)const ptr = this\.__destroy_into_raw\(\);$/m,
    (_, a) => `${a}const ptr = ${name}.prototype.__destroy_into_raw.call(this);`,
    1,
    `${name}.free's pointer`,
  );
  block = rewrite(
    block,
    /wasm\.(\w+)\(this\.__wbg_ptr\b/g,
    (_, f) => `wasm.${f}(handleOf(this, ${handles}, '${name}')`,
    '+',
    `${name}'s methods`,
  );
  // The pointer is the call's first argument and the call the method's
  // first statement: nothing (a string copied into wasm memory) is
  // allocated before handleOf may throw.
  const lines = block.split('\n');
  lines.forEach((line, i) => {
    if (line.includes('(handleOf(this,') && !/^ +const ret = wasm\.\w+\(handleOf/.test(line)) fail(`${name}: ${line.trim()}`);
    if (line.includes('(handleOf(this,') && !/^ {4}\w+\([\w, ]*\) \{$/.test(lines[i - 1])) {
      fail(`${name}: something runs before the pointer is checked: ${lines[i - 1].trim()}`);
    }
  });
  // Where an object gets its pointer: the constructor, `__wrap`.
  block = rewrite(
    block,
    /^( +)(this|obj)\.__wbg_ptr = (ret\[0\]|ptr)(?: >>> 0)?;$/gm,
    (line, indent, obj) => `${line}\n${indent}${handles}.set(${obj}, ${obj}.__wbg_ptr);`,
    '+',
    `${name}'s constructor or __wrap`,
  );
  // What is left of __wbg_ptr: the assignments above, the finalization
  // registry's held value, doc comments. Any other read is unguarded.
  for (const line of block.split('\n')) {
    if (!line.includes('__wbg_ptr') || /^\s*(\*|\/\/)/.test(line)) continue;
    const known = [
      /^ +(this|obj)\.__wbg_ptr = (0|ret\[0\]|ptr)(?: >>> 0)?;$/,
      /^ +\w+Handles\.set\((this|obj), \1\.__wbg_ptr\);$/,
      /^ +\w+Finalization\.register\((this|obj), \1\.__wbg_ptr, \1\);$/,
    ];
    if (!known.some((re) => re.test(line))) fail(`class ${name}: an unguarded use of __wbg_ptr: ${line.trim()}`);
  }
  text = text.slice(0, start.index) + block + text.slice(end);
  text = rewrite(
    text,
    new RegExp(`^${escape(dispose)}$`, 'm'),
    `if (Symbol.dispose) ${name}.prototype[Symbol.dispose] = function () { if (${handles}.has(this)) ${name}.prototype.free.call(this); };`,
    1,
    `${name}[Symbol.dispose]`,
  );
}
// Nothing outside the classes may read a pointer (a function taking an
// Engine argument would): its glue would need guarding too.
for (const line of text.split('\n')) {
  if (/__wbg_ptr/.test(line) && !/^\s*(\*|\/\/)/.test(line) && !/Handles|Finalization\.register|__wbg_ptr = /.test(line)) {
    fail(`an unguarded use of __wbg_ptr outside the classes: ${line.trim()}`);
  }
}
// Where the glue takes the instance's exports: web and core in
// `__wbg_finalize_init`, node at load.
text = rewrite(
  text,
  /^( *)(let )?wasm = (instance|wasmInstance)\.exports;$/m,
  (_, indent, decl, inst) => `${indent}${decl ?? ''}wasm = guardInstance(${inst}.exports);`,
  1,
  'the instance exports',
);
// Any other handle on the raw exports would bypass the guard.
for (const line of text.split('\n')) {
  if (/\b(instance|wasmInstance)\.exports\b/.test(line) && !line.includes('guardInstance(')) fail(`an unguarded use of the exports: ${line.trim()}`);
}
// Web and core: `wasm` is the stand-in until init (node instantiates at load).
const beforeInit = /^let wasmModule, wasmInstance, wasm;$/m.test(text);
if (beforeInit) {
  text = rewrite(text, /^let wasmModule, wasmInstance, wasm;$/m, 'let wasmModule, wasmInstance, wasm = wasmNotInitialized;', 1, 'the instance before init');
  text = rewrite(text, /^( *)if \(wasm !== undefined\) return wasm;$/gm, (_, indent) => `${indent}if (wasm !== wasmNotInitialized) return wasm;`, 2, 'the init checks');
  if (/\bwasm [!=]== undefined\b/.test(text)) fail('another check of wasm against undefined');
  // An `initSync()` while `init()` awaits its instance: the first one made
  // stays (a second would leave the engines made meanwhile pointing into
  // the first one's memory).
  text = rewrite(
    text,
    /^( *)const \{ instance, module \} = await __wbg_load\(await module_or_path, imports\);\n\n( *)return __wbg_finalize_init\(instance, module\);$/m,
    (_, a, b) => `${a}const { instance, module } = await __wbg_load(await module_or_path, imports);\n${b}if (wasm !== wasmNotInitialized) return wasm;\n${b}return __wbg_finalize_init(instance, module);`,
    1,
    'init after an initSync',
  );
}
// The helper goes before the first class and its doc comment.
const comment = /\n\/\*\*(?:(?!\*\/)[\s\S])*\*\/\n$/.exec(text.slice(0, first));
const at = comment ? comment.index + 1 : first;
text = text.slice(0, at) + HELPER + (beforeInit ? NOT_INITIALIZED : '') + text.slice(at);
writeFileSync(glue, text);
console.log(`==> ${glue}: Engine and PreparedSnapshot handles and the instance guarded`);
