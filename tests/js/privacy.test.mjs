// Privacy through the built package (docs/api.md, Privacy): an SSN in any
// written form, given in a snapshot, config, claim, option or argument, never
// comes back unmasked — in results, thrown errors or CLI output — and changing
// its masked digits changes no byte of any result (so no id can confirm them).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { PKG, ROOT } from './helpers.mjs';

const ee = createRequire(import.meta.url)(PKG);
const read = (...p) => readFileSync(join(ROOT, 'tests', 'fixtures', ...p), 'utf8');
const GROUP = JSON.parse(read('three-carriers-group.json'));
const FAMILY = JSON.parse(read('three-carriers-snapshot.json'));
const NOW = { now: '2026-11-25T12:00:00Z' };

const FORMS = [
  '219453876',
  '219-45-3876',
  '219.45.3876',
  '219 45 3876',
  '219 - 45 - 3876',
  '219\u201345\u20133876',
  '219\u00a045\u00a03876',
  '219\u202f45\u202f3876',
  '219\u221245\u22123876',
  '２１９４５３８７６',
  '２１９－４５－３８７６',
];

/** The form up to its fifth digit: what must never be seen. */
function hidden(form) {
  let digits = 0;
  let out = '';
  for (const c of form) {
    out += c;
    if (/\p{Nd}/u.test(c) && ++digits === 5) break;
  }
  return out;
}

function assertNoSsn(what, value) {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  for (const form of FORMS) assert.ok(!text.includes(hidden(form)), `${what}: ${hidden(form)} in ${text.slice(0, 2000)}`);
}

/** An EngineError as a caller sees it: message, code and issues. */
function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return { name: e.name, message: e.message, code: e.code, issues: e.issues };
  }
  assert.fail('expected an EngineError');
}

function familyWith(ssn, number = 219453876) {
  const d = structuredClone(FAMILY);
  d.employee.person.ssn = ssn;
  d.employee.person.first_name = `Ann ${ssn}`;
  d.employee.person.nickname = ssn;
  d.employee.person[ssn] = 'a key';
  d.employee.employment.hours_worked = number;
  d.dependents[1].custom_individual_id = ssn;
  d.dependents[1].person.middle_name = ssn;
  d.coverages[3].enrolled_members[0].volume = number;
  return d;
}

describe('privacy', () => {
  it('scrubText masks every form and leaves the look-alikes', () => {
    assert.equal(ee.scrubText('ssn 219-45-3876.'), 'ssn ***-**-3876.');
    assert.equal(ee.scrubText('２１９４５３８７６'), '*****３８７６');
    assert.equal(ee.scrubText('219\u00a045\u00a03876'), '***\u00a0**\u00a03876');
    for (const kept of ['more than 4,194,304 bytes', '+12065551234', '2026-11-25T12:00:00.123456789Z', 'D-123456789abcdef0', 'ab740704-7c37-4010-92b3-d22c6926be3e']) {
      assert.equal(ee.scrubText(kept), kept);
    }
  });

  it('snapshot results show every field masked, numbers too', () => {
    const engine = new ee.Engine(GROUP);
    for (const form of FORMS) {
      const cur = familyWith(form);
      assertNoSsn(`${form} validate`, engine.validate(cur, { today: '2026-11-25' }));
      assertNoSsn(`${form} diff`, engine.diff(null, cur));
      assertNoSsn(`${form} preview`, engine.preview(null, cur, NOW));
      assertNoSsn(`${form} modified`, engine.preview(FAMILY, cur, NOW));
      assertNoSsn(`${form} removed`, engine.preview(cur, FAMILY, NOW));
      // The census entries (the CLI's): the same answers as UTF-8 JSON.
      const decoded = (answer) => Buffer.from(answer.json).toString('utf8');
      assertNoSsn(`${form} validateRecord`, decoded(engine.validateRecord(JSON.stringify(cur), { today: '2026-11-25' })));
      assertNoSsn(`${form} previewRecord`, decoded(engine.previewRecord(JSON.stringify({ previous: FAMILY, current: cur }), NOW)));
      assertNoSsn(`${form} previewRecord removed`, decoded(engine.previewRecord(JSON.stringify({ previous: cur, current: FAMILY }), NOW)));
      assertNoSsn(`${form} previewRecord alone`, decoded(engine.previewRecord(JSON.stringify(cur), NOW)));
      const prepared = engine.prepare(cur);
      assertNoSsn(`${form} prepared`, prepared.preview(FAMILY, NOW));
      prepared.free();
      const preview = engine.preview(null, cur, NOW);
      assertNoSsn(`${form} track`, engine.track(cur, preview, FAMILY));
      assertNoSsn(`${form} callback`, engine.buildCallback(preview, null, { event_id: 'e1', created: '2026-11-25T12:00:00Z', snapshot_id: 's1' }));
    }
    const fields = new ee.Engine(GROUP).diff(null, familyWith('219-45-3876')).differences[0].fields;
    const after = Object.fromEntries(fields.map((f) => [f.key, f.after]));
    assert.equal(after['person.first_name'], 'Ann ***-**-3876');
    assert.equal(after['person.***-**-3876'], 'a key');
    assert.equal(after['employment.hours_worked'], '*****3876');
  });

  it('config errors and checkConfig mask keys, paths and values', () => {
    for (const form of FORMS) {
      const config = structuredClone(GROUP);
      config[form] = { x: form };
      config.carriers[0].id = form;
      config.group_id = 219453876;
      const check = ee.checkConfig(config);
      assert.equal(check.valid, false);
      assertNoSsn(form, check);
      const e = thrown(() => new ee.Engine(config));
      assert.equal(e.code, 'INVALID_CONFIG');
      assertNoSsn(form, e);
    }
  });

  it('option and argument errors quote no value', () => {
    const engine = new ee.Engine(GROUP);
    const preview = engine.preview(null, FAMILY, NOW);
    for (const form of FORMS) {
      const errors = [
        thrown(() => engine.validate(FAMILY, { today: form })),
        thrown(() => engine.validate(FAMILY, { [form]: 1 })),
        thrown(() => engine.diff(null, FAMILY, { today: 219453876 })),
        thrown(() => engine.preview(null, FAMILY, { now: form })),
        thrown(() => ee.foldStatus(preview, [], { now: form })),
        thrown(() => engine.track(FAMILY, { differences: [{ id: form }] }, FAMILY)),
        thrown(() => engine.track(FAMILY, preview, FAMILY, { completed_difference_ids: [219453876] })),
        thrown(() => engine.buildCallback(preview, null, { event_id: 219453876, created: form, snapshot_id: form })),
        thrown(() => ee.foldStatus({ baseline: { status: form }, events: [] }, [], NOW)),
        thrown(() => engine.track(FAMILY, `{"x": "${form}"`, FAMILY)),
        // A thrown message is cut (512 UTF-16 units) where the form falls: the
        // cut backs off from its digits rather than keep part of it.
        ...[500, 505, 509].map((n) => thrown(() => engine.validate({ toJSON() { throw new Error(`${'x'.repeat(n)}${form}${'y'.repeat(600)}`); } }))),
        // A value quoted in a message is cut at 64 characters, the same way.
        ...[56, 58, 60].map((n) => thrown(() => engine.validate(FAMILY, { today: `${'x'.repeat(n)}${form}` }))),
      ];
      for (const e of errors) {
        assert.equal(e.name, 'EngineError');
        assert.match(e.code, /^INVALID_(OPTIONS|ARGUMENT)$/);
        assertNoSsn(`${form}: ${e.message}`, e);
      }
    }
    assert.equal(thrown(() => engine.validate(FAMILY, { today: '219-45-3876' })).message, 'INVALID_OPTIONS: today must be a date YYYY-MM-DD (e.g. 2026-01-31)');
  });

  it('claims texts (explanation, technical error) are masked', () => {
    const catalogue = read('claims', 'catalogue.json');
    const options = read('claims', 'options.json');
    for (const form of FORMS) {
      const swap = (text) => text.replaceAll('P-100', form).replaceAll('"L1"', JSON.stringify(form));
      const claim = swap(read('claims', 'claim.json'));
      const enrollment = swap(read('claims', 'enrollment.json'));
      const plan = ee.planPaymentStatusRequests(claim, enrollment, options);
      const last4 = [...form].filter((c) => /\p{Nd}/u.test(c)).slice(-4).join('');
      assert.ok(plan.summary.explanation.some((t) => t.includes(last4)), 'the SSN is quoted, masked');
      assertNoSsn(form, plan);
      assertNoSsn(form, ee.applyPaymentStatus(claim, enrollment, swap(read('claims', 'responses.json')), catalogue, options));
      const late = options.replace('2026-04-01T10:05:00Z', '2026-04-02T10:05:00Z');
      assertNoSsn(form, ee.applyPaymentStatus(claim, enrollment, '[]', catalogue, late));
      assertNoSsn(form, ee.applyBenefitFilter(claim, swap(read('claims', 'benefits.json'))));
    }
  });

  it('changing only the masked digits changes no byte of any result', () => {
    const engine = new ee.Engine(GROUP);
    const results = (ssn) => {
      const cur = familyWith(ssn, Number(ssn));
      const record = (text) => Buffer.from(engine.previewRecord(text, NOW).json).toString('utf8');
      return JSON.stringify([
        engine.validate(cur),
        engine.preview(null, cur, NOW),
        engine.preview(FAMILY, cur, NOW),
        engine.preview(cur, FAMILY, NOW),
        Buffer.from(engine.validateRecord(JSON.stringify(cur)).json).toString('utf8'),
        record(JSON.stringify({ previous: FAMILY, current: cur })),
        record(JSON.stringify({ previous: cur, current: FAMILY })),
      ]);
    };
    const first = results('219453876');
    assert.ok(first.includes('*****3876'));
    for (const ssn of ['555453876', '123453876', '876543876']) assert.equal(results(ssn), first, ssn);
  });

  it('the CLI prints no SSN, in results or in its own messages', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'enroll-privacy-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const group = join(dir, 'group.json');
    writeFileSync(group, JSON.stringify(GROUP));
    const census = join(dir, 'census-219-45-3876.ndjson');
    const pairs = FORMS.map((f) => JSON.stringify({ previous: FAMILY, current: familyWith(f) }));
    writeFileSync(census, `${FORMS.map((f) => JSON.stringify(familyWith(f))).join('\n')}\n{"bad": "219-45-3876"\n${pairs.join('\n')}\n`);
    const cli = (...args) => spawnSync(process.execPath, [join(PKG, 'cli.mjs'), ...args], { encoding: 'utf8' });
    for (const command of [['validate'], ['preview', '--now', NOW.now]]) {
      const r = cli(...command, '--config', group, census);
      assert.equal(r.status, 1, r.stderr);
      assert.equal(r.stdout.trim().split('\n').length, 2 * FORMS.length + 1);
      assertNoSsn('stdout', r.stdout);
      assertNoSsn('stderr', r.stderr);
    }
    const missing = cli('validate', '--config', group, join(dir, 'nothing-219453876.ndjson'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /\*\*\*\*\*3876/);
    assertNoSsn('missing file', missing.stderr);
    const badConfig = join(dir, 'bad.json');
    writeFileSync(badConfig, JSON.stringify({ ...GROUP, carriers: [{ id: '219-45-3876' }] }));
    const refused = cli('validate', '--config', badConfig, census);
    assert.equal(refused.status, 2);
    assertNoSsn('config error', refused.stderr);
    assertNoSsn('unknown option', cli('validate', '--219-45-3876').stderr);
  });
});
