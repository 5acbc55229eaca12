// Puts the wasm-bindgen snippets a web build imports (src/wasm/*.js, copied
// into OUT/snippets/) inside its glue, OUT/enroll_engine.js, and removes
// OUT/snippets: `import()` of the build is then one request, not two in a
// row — the browser only finds the snippet's import once it has the glue
// (docs/performance.md, Cold start).
//   node scripts/inline-snippets.mjs OUT
// Each `import { a, b } from './snippets/…/x.js';` line becomes a
// `const { a, b } = (() => { …x.js without its export line…; return { a, b }; })();`:
// the snippet keeps its own scope, so no name of it meets the glue's.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2];
if (!out) throw new Error('usage: node scripts/inline-snippets.mjs OUT');
const glue = join(out, 'enroll_engine.js');
const text = readFileSync(glue, 'utf8');
const IMPORT = /^import \{ ([\w, ]+) \} from '(\.\/snippets\/[^']+\.js)';$/gm;
// A snippet ends in one `export { … };` line and imports nothing (as
// scripts/build.sh already requires of pkg/node's copies).
const EXPORT = /^export \{ [\w, ]+ \};\s*$/m;
let inlined = 0;
const result = text.replace(IMPORT, (_, names, path) => {
  const body = readFileSync(join(out, path), 'utf8');
  if (!EXPORT.test(body) || /^\s*import\b/m.test(body)) {
    throw new Error(`${path}: a snippet must end in one 'export { … };' line and import nothing`);
  }
  inlined++;
  return `const { ${names} } = (() => {\n${body.replace(EXPORT, '')}\nreturn { ${names} };\n})();`;
});
if (/from '\.\/snippets\//.test(result)) throw new Error(`${glue}: a snippet import was not inlined`);
writeFileSync(glue, result);
rmSync(join(out, 'snippets'), { recursive: true, force: true });
console.log(`==> ${glue}: ${inlined} snippet(s) inlined`);
