// The keystroke paths side by side, quickly (the full run is bench/run.mjs):
// `node bench/keystroke.mjs [PKG_NODE_DIR ...]` — for each build (default
// pkg/node), per family of the generated corpus, medians over 25 rounds of
// the CPU time of one pass: JSON.parse(cur); prepared.check(cur), the same
// text every pass (no change since the last keystroke); prepared.check of
// the text with one more letter typed into the employee's name suffix; and,
// where the build has it, prepared.edit of that one field, and of a letter
// of the employee's home city (an address line). Builds and rows
// take turns, so the machine's load falls on all alike (an A/B of two
// builds in one process).
import { createRequire } from 'node:module';
import { generateCorpus } from './generate.mjs';

const require = createRequire(import.meta.url);
const dirs = process.argv.slice(2);
if (dirs.length === 0) dirs.push(new URL('../pkg/node', import.meta.url).pathname);
const corpus = generateCorpus({ seed: 1, families: 200 });
const now = { now: corpus.now };
const texts = corpus.pairs.map((p) => ({ prev: JSON.stringify(p.previous), cur: JSON.stringify(p.current) }));
// The typed texts: the current document with suffix "a".."z" (pass % 26).
const typed = corpus.pairs.map((p) => Array.from({ length: 26 }, (_, i) => {
  const doc = structuredClone(p.current);
  doc.employee.person.suffix = String.fromCharCode(97 + i);
  return JSON.stringify(doc);
}));
let sink = 0;
const builds = dirs.map((dir) => {
  const { Engine } = require(`${dir}/enroll_engine.js`);
  const engine = new Engine(corpus.group);
  const handles = texts.map((p) => engine.prepare(p.prev));
  const edits = texts.map((p) => engine.prepare(p.prev));
  edits.forEach((h, k) => h.check(texts[k].cur, now));
  // An address typed: not a name, so the person's whole part is read and
  // compared again (a name alone is, docs/api.md).
  const cities = texts.map((p) => engine.prepare(p.prev));
  cities.forEach((h, k) => h.check(texts[k].cur, now));
  let pass = 0;
  const rows = {
    'JSON.parse(cur)': (k) => { sink += JSON.parse(texts[k].cur).employee ? 1 : 0; },
    'check(cur), unchanged': (k) => { sink += handles[k].check(texts[k].cur, now).differences; },
    'check(cur + one letter)': (k) => { if (k === 0) pass++; sink += handles[k].check(typed[k][pass % 26], now).differences; },
  };
  if (typeof edits[0].edit === 'function') {
    rows['edit(one letter)'] = (k) => {
      if (k === 0) pass++;
      sink += edits[k].edit('/employee/person/suffix', String.fromCharCode(97 + (pass % 26)), now).differences;
    };
    rows['edit(one letter of a city)'] = (k) => {
      const city = `Springfield ${String.fromCharCode(97 + (pass % 26))}`;
      sink += cities[k].edit('/employee/person/home_address/city', city, now).differences;
    };
  }
  return { dir, rows, times: Object.fromEntries(Object.keys(rows).map((r) => [r, []])) };
});
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };
for (let r = 0; r < 25; r++) {
  for (const b of builds) {
    for (const [name, fn] of Object.entries(b.rows)) {
      const t = cpu();
      for (let k = 0; k < texts.length; k++) fn(k);
      b.times[name].push(cpu() - t);
    }
  }
}
const med = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1] / texts.length;
for (const b of builds) {
  console.log(b.dir);
  const base = med(b.times['JSON.parse(cur)']);
  for (const [name, xs] of Object.entries(b.times)) {
    const m = med(xs);
    console.log(`  ${name.padEnd(26)} ${m.toFixed(2).padStart(8)} µs/family  ${(m / base).toFixed(2)} × JSON.parse`);
  }
}
if (sink === 0.5) console.log(sink);
