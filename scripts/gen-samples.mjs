#!/usr/bin/env node
// The demo's sample scenarios.
//
//   node scripts/gen-samples.mjs [out-file]   (make build) writes www/samples.js
//       (gitignored) from tests/fixtures/three-carriers-group.json,
//       tests/fixtures/scenarios/*.json (in file-name order) and the claims
//       sample documents tests/fixtures/claims/{claim,enrollment,responses,
//       catalogue,options,benefits}.json (the claims tab's inputs).
//   node scripts/gen-samples.mjs --scenarios  rewrites tests/fixtures/scenarios/*.json
//       from SCENARIOS below (run it after editing them, then commit the files;
//       tests/js/demo-scenarios.test.mjs checks the files match and that the
//       engine says what each scenario's `expect` says).
//
// Every scenario is the Rivera family of tests/fixtures/three-carriers-snapshot.json
// (Beam medical and Guardian dental over Sync, Cigna vision and life over Send,
// feed Mondays and Thursdays 17:00 UTC), changed the way a partner portal would.
// A snapshot's `events` are the reasons for that submission only (the engine
// types a carrier's transaction from the snapshot's events).
import { readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(root, 'tests', 'fixtures');
export const SCENARIO_DIR = join(fixtures, 'scenarios');
const fixture = (name) => JSON.parse(readFileSync(join(fixtures, name), 'utf8'));

export const GROUP_FILE = 'three-carriers-group.json';
const BEAM = '0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d01';
const GUARDIAN = '0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d02';
const CIGNA = '0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d03';
const OPEN = '9999-12-31';

/** The family as enrolled at open enrollment for 2026 (the fixture as is). */
const enrolled = () => fixture('three-carriers-snapshot.json');

const coverage = (doc, carrier, line) => {
  const c = doc.coverages.find((x) => x.carrier_id === carrier && x.line_of_coverage === line);
  if (!c) throw new Error(`no ${line} coverage at ${carrier}`);
  return c;
};
const people = (doc) => [doc.employee.person, ...doc.dependents.map((d) => d.person)];

/** The first submission for Maria Rivera, hired 2025-11-03, covered from 2026-01-01. */
function newHire() {
  const doc = enrolled();
  doc.events = [{ id: 'hire-2025-11-03', date: '2025-11-03', type: 'coverage', reason: 'new_hire' }];
  return doc;
}

/** Mateo, born 2026-02-14, added to medical, dental and vision from his birth. */
function dependentAdded() {
  const doc = enrolled();
  doc.dependents.push({
    id: 'e1000000-0000-4000-8000-000000000004',
    custom_individual_id: 'DEP-2003',
    relationship: 'child',
    event_id: 'birth-mateo',
    person: {
      first_name: 'Mateo',
      last_name: 'Rivera',
      date_of_birth: '2026-02-14',
      sex: 'M',
      home_address: structuredClone(doc.employee.person.home_address),
      mailing_address: structuredClone(doc.employee.person.mailing_address),
    },
  });
  for (const [carrier, line] of [[BEAM, 'medical'], [GUARDIAN, 'dental'], [CIGNA, 'vision']]) {
    coverage(doc, carrier, line).enrolled_members.push({
      individual_type: 'dependent',
      individual_id: 'e1000000-0000-4000-8000-000000000004',
      effective_start_date: '2026-02-14',
      effective_end_date: OPEN,
      event_id: 'birth-mateo',
    });
  }
  doc.events = [{ id: 'birth-mateo', date: '2026-02-14', type: 'coverage', reason: 'newborn' }];
  return doc;
}

const SEATTLE = { street_one: '3120 Eastlake Ave E', street_two: 'Apt 4', city: 'Seattle', state: 'WA', zip_code: '98102' };

/** The family moves from Portland to Seattle: every person's home and mailing address. */
function addressMove() {
  const doc = enrolled();
  for (const p of people(doc)) {
    p.home_address = { ...SEATTLE };
    p.mailing_address = { ...SEATTLE };
  }
  doc.events = [{ id: 'move-2026-03', date: '2026-03-01', type: 'demographic', reason: 'moved' }];
  return doc;
}

/** Maria leaves on 2026-03-13; every coverage ends on the last day of that month. */
function termination() {
  const doc = enrolled();
  doc.employee.employment.employment_status = 'terminated';
  doc.employee.employment.employment_dates.terminated = '2026-03-13';
  for (const c of doc.coverages) {
    for (const m of c.enrolled_members) m.effective_end_date = '2026-03-31';
  }
  doc.events = [{ id: 'term-2026-03-13', date: '2026-03-13', type: 'coverage', reason: 'termination' }];
  return doc;
}

/**
 * The move again, but the portal still sends last plan year's Guardian plan id:
 * Guardian is invalid, Beam and Cigna go ahead (seed 002).
 */
function invalidGuardian() {
  const doc = addressMove();
  coverage(doc, GUARDIAN, 'dental').plan_id = '7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e99';
  return doc;
}

/**
 * Open enrollment for 2027 with changes at Cigna only: Luis joins vision, and
 * Maria's life volume goes to 200,000 from January (above guaranteed issue: EOI).
 */
function sendCarrier() {
  const doc = enrolled();
  doc.events = [{ id: 'oe-2027', date: '2026-11-10', type: 'coverage', reason: 'open_enrollment' }];
  coverage(doc, CIGNA, 'vision').enrolled_members.push({
    individual_type: 'dependent',
    individual_id: 'e1000000-0000-4000-8000-000000000002',
    effective_start_date: '2027-01-01',
    effective_end_date: OPEN,
    event_id: 'oe-2027',
  });
  const life = coverage(doc, CIGNA, 'life').enrolled_members[0];
  life.volume = 200000;
  life.latest_change_effective_date = '2027-01-01';
  life.event_id = 'oe-2027';
  return doc;
}

/**
 * The scenarios, in the order the demo lists them. `expect` is what the engine
 * must say (checked by tests/js/demo-scenarios.test.mjs): preview's `valid` and
 * `status`, and per carrier name its fulfillment status, next transmission and
 * transaction type (null: none).
 */
export const SCENARIOS = [
  {
    file: '01-new-hire.json',
    id: 'new-hire',
    title: 'New hire',
    description:
      'First submission for Maria Rivera, hired 2025-11-03, with her spouse and daughter on medical (Beam), dental (Guardian) and vision and life (Cigna) from 2026-01-01. No previous snapshot.',
    now: '2025-11-20T15:00:00Z',
    previous: null,
    current: newHire(),
    expect: {
      valid: true,
      status: 'processing',
      carriers: {
        Beam: { status: 'processing', next_transmission: null, transaction_type: 'new_hire' },
        Guardian: { status: 'processing', next_transmission: null, transaction_type: 'new_hire' },
        Cigna: { status: 'scheduled', next_transmission: '2025-11-20T17:00:00Z', transaction_type: 'new_hire' },
      },
    },
  },
  {
    file: '02-dependent-added.json',
    id: 'dependent-added',
    title: 'Dependent added',
    description:
      'Mateo is born on 2026-02-14 and joins medical, dental and vision from his birth (a newborn qualifying life event).',
    now: '2026-02-20T15:00:00Z',
    previous: enrolled(),
    current: dependentAdded(),
    expect: {
      valid: true,
      status: 'processing',
      carriers: {
        Beam: { status: 'processing', next_transmission: null, transaction_type: 'qualifying_life_event' },
        Guardian: { status: 'processing', next_transmission: null, transaction_type: 'qualifying_life_event' },
        Cigna: { status: 'scheduled', next_transmission: '2026-02-23T17:00:00Z', transaction_type: 'qualifying_life_event' },
      },
    },
  },
  {
    file: '03-address-move.json',
    id: 'address-move',
    title: 'Address move',
    description:
      'The family moves from Portland to Seattle on 2026-03-01: a demographic change for every person at every carrier.',
    now: '2026-03-03T15:00:00Z',
    previous: enrolled(),
    current: addressMove(),
    expect: {
      valid: true,
      status: 'processing',
      carriers: {
        Beam: { status: 'processing', next_transmission: null, transaction_type: 'demographic_change' },
        Guardian: { status: 'processing', next_transmission: null, transaction_type: 'demographic_change' },
        Cigna: { status: 'scheduled', next_transmission: '2026-03-05T17:00:00Z', transaction_type: 'demographic_change' },
      },
    },
  },
  {
    file: '04-termination.json',
    id: 'termination',
    title: 'Termination',
    description:
      'Maria leaves the company on 2026-03-13; every coverage of the family ends on 2026-03-31, the last day of that month.',
    now: '2026-03-16T15:00:00Z',
    previous: enrolled(),
    current: termination(),
    expect: {
      valid: true,
      status: 'processing',
      carriers: {
        Beam: { status: 'processing', next_transmission: null, transaction_type: 'termination' },
        Guardian: { status: 'processing', next_transmission: null, transaction_type: 'termination' },
        Cigna: { status: 'scheduled', next_transmission: '2026-03-16T17:00:00Z', transaction_type: 'termination' },
      },
    },
  },
  {
    file: '05-invalid-guardian.json',
    id: 'invalid-guardian',
    title: 'Invalid Guardian coverage',
    description:
      'The move to Seattle again, but the dental coverage still names last plan year\'s Guardian plan id. Guardian is invalid and gets nothing; Beam and Cigna go ahead (seed 002).',
    now: '2026-03-03T15:00:00Z',
    previous: enrolled(),
    current: invalidGuardian(),
    expect: {
      valid: false,
      status: 'processing',
      issues: [['plan_not_found', '/coverages/1/plan_id', ['Guardian']]],
      carriers: {
        Beam: { status: 'processing', next_transmission: null, transaction_type: 'demographic_change' },
        Guardian: { status: 'invalid', next_transmission: null, transaction_type: null },
        Cigna: { status: 'scheduled', next_transmission: '2026-03-05T17:00:00Z', transaction_type: 'demographic_change' },
      },
    },
  },
  {
    file: '06-send-carrier.json',
    id: 'send-carrier',
    title: 'Send carrier',
    description:
      'Open enrollment for 2027 changes Cigna only: Luis joins vision and Maria raises her life volume to 200,000 (above guaranteed issue: a warning, not a block). Cigna takes files on Mondays and Thursdays at 17:00 UTC; it is Thursday 18:30, so the next file goes Monday.',
    now: '2026-11-12T18:30:00Z',
    previous: enrolled(),
    current: sendCarrier(),
    expect: {
      valid: true,
      status: 'processing',
      issues: [['volume_requires_eoi', '/coverages/3/enrolled_members/0/volume', []]],
      carriers: {
        Beam: { status: 'no_changes', next_transmission: null, transaction_type: null },
        Guardian: { status: 'no_changes', next_transmission: null, transaction_type: null },
        Cigna: { status: 'scheduled', next_transmission: '2026-11-16T17:00:00Z', transaction_type: 'open_enrollment' },
      },
    },
  },
];

/** The text of a scenario file (stable key order, two-space indent, final newline). */
export function scenarioText({ file, ...scenario }) {
  return `${JSON.stringify(scenario, null, 2)}\n`;
}

function writeScenarios() {
  mkdirSync(SCENARIO_DIR, { recursive: true });
  for (const f of readdirSync(SCENARIO_DIR)) if (f.endsWith('.json')) rmSync(join(SCENARIO_DIR, f));
  for (const s of SCENARIOS) {
    writeFileSync(join(SCENARIO_DIR, s.file), scenarioText(s));
    console.log(`wrote ${relative(process.cwd(), join(SCENARIO_DIR, s.file))}`);
  }
}

/** The committed scenario files, in file-name order, each with its file name. */
export function readScenarios() {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, ...JSON.parse(readFileSync(join(SCENARIO_DIR, file), 'utf8')) }));
}

/** The claims tab's sample documents, as tests/fixtures/claims/ has them (seed 003). */
export const CLAIMS_DOCS = ['claim', 'enrollment', 'responses', 'catalogue', 'options', 'benefits'];
export function readClaims() {
  return Object.fromEntries(CLAIMS_DOCS.map((name) => [name, fixture(join('claims', `${name}.json`))]));
}

export function buildSamples() {
  return {
    groupConfig: fixture(GROUP_FILE),
    scenarios: readScenarios().map(({ file, expect, ...s }) => s),
    claims: readClaims(),
  };
}

function writeSamples(out) {
  const { groupConfig, scenarios, claims } = buildSamples();
  const text = `// Generated by scripts/gen-samples.mjs from tests/fixtures/${GROUP_FILE},
// tests/fixtures/scenarios/*.json and tests/fixtures/claims/*.json. Do not edit.

/** The group configuration: Beam (Sync), Guardian (Sync), Cigna (Send). */
export const groupConfig = ${JSON.stringify(groupConfig, null, 2)};

/** The scenarios: { id, title, description, now, previous, current }. */
export const scenarios = ${JSON.stringify(scenarios, null, 2)};

/**
 * The claims tab's sample (seed 003): { ${CLAIMS_DOCS.join(', ')} }, the
 * documents of tests/fixtures/claims/ as they are.
 */
export const claims = ${JSON.stringify(claims, null, 2)};
`;
  writeFileSync(out, text);
  console.log(`wrote ${relative(process.cwd(), out) || out}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv[2] === '--scenarios') writeScenarios();
  else writeSamples(process.argv[2] ?? join(root, 'www', 'samples.js'));
}
