// Raw bytes (a callback's body or secret, `previewRecords`' batch and its
// line offsets) read through the platform's own accessors, captured when
// the module loads, never through the argument's properties: a Proxy, a
// subclass or an object with its own `length`/`byteLength` getters cannot
// lie about its size, throw from inside wasm or run code during the copy.
// Neither function throws: each answers with a number or a boolean, so no
// JS exception ever unwinds through the binding's Rust frames (that left
// the wasm stack pointer moved and, after a few thousand calls, trapped the
// instance).
//
// `kind`: 1 a Uint8Array (a Node Buffer is one), 2 a Uint8Array or an
// ArrayBuffer, 3 a Uint32Array. A real typed array is told by the
// %TypedArray%.prototype[Symbol.toStringTag] getter, which reads the
// array's internal slot (undefined for a Proxy or a look-alike); an
// ArrayBuffer by its `byteLength` getter, which throws for anything else.
// A view over a detached buffer has length 0, as a detached ArrayBuffer has.
const TypedArray = Object.getPrototypeOf(Uint8Array.prototype);
const getter = (o, key) => Object.getOwnPropertyDescriptor(o, key).get;
const apply = Reflect.apply;
const U8 = Uint8Array;
const U32 = Uint32Array;
const tagOf = getter(TypedArray, Symbol.toStringTag);
const lengthOf = getter(TypedArray, 'length');
const offsetOf = getter(TypedArray, 'byteOffset');
const bufferOf = getter(TypedArray, 'buffer');
const setInto = TypedArray.set;
const bufferLength = getter(ArrayBuffer.prototype, 'byteLength');
const memoryBuffer = getter(WebAssembly.Memory.prototype, 'buffer');

const TAGS = [undefined, 'Uint8Array', 'Uint8Array', 'Uint32Array'];

// How many elements `v` holds if it is what `kind` asks for; -1 if not.
function elementCount(v, kind) {
  try {
    if (v === null || typeof v !== 'object') return -1;
    if (apply(tagOf, v, []) === TAGS[kind]) return apply(lengthOf, v, []);
    return kind === 2 ? apply(bufferLength, v, []) : -1;
  } catch {
    return -1;
  }
}

// Copies the first `count` elements of `v` (which `elementCount(v, kind)`
// measured, with no JS run since) into wasm memory at byte `at`: a fresh
// view of the same bytes, set into a fresh view of the memory. False if
// that failed (nothing the caller must undo: its buffer stays zeroed).
function copyElements(v, kind, memory, at, count) {
  try {
    const View = kind === 3 ? U32 : U8;
    const from = apply(tagOf, v, []) === TAGS[kind]
      ? new View(apply(bufferOf, v, []), apply(offsetOf, v, []), count)
      : new U8(v, 0, count);
    apply(setInto, new View(apply(memoryBuffer, memory, []), at, count), [from]);
    return true;
  } catch {
    return false;
  }
}

// What `JSON.stringify` would misread as `{}`: 1 a Map or a Set, 2 a
// Promise (or any thenable: an `await` forgotten), 0 anything else. A Map
// from another realm (a `node:vm` context, an iframe) counts too, where
// `instanceof` only knows this realm's (review 28a #1): its tag says so,
// and the platform's own `size` getter, which reads the internal slot,
// confirms it. Nothing is thrown on the way for a plain object, an array
// or anything not tagged Map/Set: an exception caught per call (with its
// stack through the wasm frames) had cost ~100 µs a call.
const mapSize = getter(Map.prototype, 'size');
const setSize = getter(Set.prototype, 'size');
const prototypeOf = Object.getPrototypeOf;
const tagText = Object.prototype.toString;
const PLAIN = [Object.prototype, Array.prototype, null];

function misreadKind(v) {
  if (v === null || typeof v !== 'object') return 0;
  try {
    if (!PLAIN.includes(prototypeOf(v))) {
      const tag = apply(tagText, v, []);
      const size = tag === '[object Map]' ? mapSize : tag === '[object Set]' ? setSize : undefined;
      if (size !== undefined) {
        apply(size, v, []); // throws for a look-alike: not one
        return 1;
      }
    }
    return typeof v.then === 'function' ? 2 : 0;
  } catch {
    return 0;
  }
}

// The only exports. scripts/build.sh turns this line into `module.exports`
// for the CommonJS build (pkg/node), which Node 18 cannot load as a module.
export { elementCount, copyElements, misreadKind };
