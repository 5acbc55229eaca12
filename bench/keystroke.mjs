// The keystroke paths side by side, quickly (the full run is bench/run.mjs):
// `node bench/keystroke.mjs [PKG]` — per family of the generated corpus,
// medians of CPU time per pass: JSON.parse(cur), prepared.check(cur) of the
// whole text, prepared.edit(pointer, value) of one field.
import { createRequire } from 'node:module';
import { generateCorpus } from './generate.mjs';

const require = createRequire(import.meta.url);
const pkg = process.argv[2] || new URL('../pkg/node/enroll_engine.js', import.meta.url).pathname;
const { Engine } = require(pkg);
const corpus = generateCorpus({ seed: 1, families: 200 });
const engine = new Engine(corpus.group);
const pairs = corpus.pairs.map((p) => ({ prev: JSON.stringify(p.previous), cur: JSON.stringify(p.current) }));
const now = { now: corpus.now };
const handles = pairs.map((p) => engine.prepare(p.prev));
let sink = 0;
let typed = 0;
const rows = {
  'JSON.parse(cur)': (p) => { sink += JSON.parse(p.cur).employee ? 1 : 0; },
  'prepared.check(cur)': (p, k) => { sink += handles[k].check(p.cur, now).differences; },
  'prepared.edit(suffix)': (p, k) => {
    if (k === 0) typed++;
    sink += handles[k].edit('/employee/person/suffix', String.fromCharCode(97 + (typed % 26)), now).differences;
  },
};
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };
const times = Object.fromEntries(Object.keys(rows).map((k) => [k, []]));
for (let r = 0; r < 25; r++) {
  for (const [name, fn] of Object.entries(rows)) {
    const t = cpu();
    for (let k = 0; k < pairs.length; k++) fn(pairs[k], k);
    times[name].push(cpu() - t);
  }
}
const med = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1] / pairs.length;
const base = med(times['JSON.parse(cur)']);
for (const [name, xs] of Object.entries(times)) {
  const m = med(xs);
  console.log(`${name.padEnd(24)} ${m.toFixed(2).padStart(8)} µs/family  ${(m / base).toFixed(2)} × JSON.parse`);
}
if (sink === 0.5) console.log(sink);
