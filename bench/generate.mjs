// A deterministic generator of Noyo-shaped family snapshots for the benchmark:
// one group configuration (4 carriers, plans for medical, dental, vision, life
// with volumes and a few voluntary lines) and, per family, a previous snapshot
// and a current one carrying realistic changes. Seeded (mulberry32), no
// Math.random and no clock: the same seed gives the same corpus, byte for byte.
//
//   import { generateCorpus, corpusText } from './generate.mjs';
//   node bench/generate.mjs --families 200 --seed 1 --out FILE [--check]
//
// --out writes corpusText(): { seed, families, now, group, pairs: [{ changes,
// previous, current }] } where previous and current are the compact JSON
// *texts* the benchmark measures (examples/bench_native.rs reads them, so both
// sides time exactly the same bytes). --check validates every snapshot with
// pkg/ and previews every pair, and prints the issue counts.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The date the corpus is "now": preview's `now`, and the last day changes may fall on. */
export const NOW = '2026-11-25T12:00:00Z';

/** mulberry32: a 32-bit seeded PRNG; returns floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit mix of two integers (the seed of family k depends on (seed, k) only). */
function mix(a, b) {
  let h = Math.imul((a >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul((b >>> 0) + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Helpers over one PRNG stream. */
function random(seed) {
  const next = mulberry32(seed);
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    /** pairs [value, weight] */
    weighted: (pairs) => {
      const total = pairs.reduce((s, [, w]) => s + w, 0);
      let x = next() * total;
      for (const [v, w] of pairs) {
        if ((x -= w) < 0) return v;
      }
      return pairs[pairs.length - 1][0];
    },
    hex: (n) => {
      let s = '';
      for (let i = 0; i < n; i++) s += Math.floor(next() * 16).toString(16);
      return s;
    },
    /** RFC 4122 version-4 shape: 8-4-4-4-12, version nibble 4, variant 8-b. */
    uuid: () => `${r.hex(8)}-${r.hex(4)}-4${r.hex(3)}-${r.pick(['8', '9', 'a', 'b'])}${r.hex(3)}-${r.hex(12)}`,
  };
  return r;
}

// ---- dates (UTC day numbers; no time zones involved) ----
const DAY = 86400000;
const dayOf = (iso) => Date.parse(`${iso}T00:00:00Z`) / DAY;
const isoOf = (day) => new Date(day * DAY).toISOString().slice(0, 10);
const dateBetween = (rng, from, to) => isoOf(rng.int(dayOf(from), dayOf(to)));
const firstOfNextMonth = (iso) => {
  const [y, m] = iso.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};
/** Whole years from `dob` to `on`. */
const ageOn = (dob, on) => {
  const [y1, m1, d1] = dob.split('-').map(Number);
  const [y2, m2, d2] = on.split('-').map(Number);
  return y2 - y1 - (m2 < m1 || (m2 === m1 && d2 < d1) ? 1 : 0);
};

// ---- people ----
const FEMALE = ['Maria', 'Olivia', 'Emma', 'Ava', 'Sophia', 'Isabella', 'Mia', 'Charlotte', 'Amelia', 'Harper',
  'Evelyn', 'Abigail', 'Emily', 'Elizabeth', 'Sofia', 'Avery', 'Ella', 'Scarlett', 'Grace', 'Chloe', 'Priya',
  'Aisha', 'Mei', 'Yuki', 'Fatima', 'Lucia', 'Camila', 'Valentina', 'Hannah', 'Nora', 'Zoe', 'Leah', 'Aaliyah',
  'Jennifer', 'Jessica', 'Ashley', 'Sarah', 'Michelle', 'Laura', 'Rebecca', 'Ngozi', 'Anh', 'Ines', 'Keiko'];
const MALE = ['James', 'Robert', 'John', 'Michael', 'David', 'William', 'Richard', 'Joseph', 'Thomas', 'Daniel',
  'Matthew', 'Anthony', 'Mark', 'Steven', 'Andrew', 'Joshua', 'Kevin', 'Brian', 'Luis', 'Carlos', 'Juan', 'Diego',
  'Wei', 'Hiroshi', 'Arjun', 'Rahul', 'Omar', 'Ahmed', 'Liam', 'Noah', 'Elijah', 'Lucas', 'Mateo', 'Ethan',
  'Benjamin', 'Samuel', 'Henry', 'Owen', 'Julian', 'Chidi', 'Minh', 'Tomas', 'Kenji', 'Jamal'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee',
  'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young',
  'Nguyen', 'Patel', 'Kim', 'Chen', 'Wang', 'Okafor', 'Kowalski', "O'Brien", 'McDonald', 'Van der Berg',
  'Rivera', 'Cohen', 'Schmidt', 'Rossi', 'Silva', 'Tanaka', 'Yamamoto', 'Singh', 'Haddad', 'Novak', 'Dubois',
  'Fitzgerald', 'Abernathy', 'Lindqvist', 'Castellanos', 'Washington', 'Brooks', 'Reyes', 'Ortiz'];
const MIDDLE = ['A', 'B', 'C', 'D', 'E', 'J', 'L', 'M', 'R', 'S', 'T', 'Ann', 'Lee', 'Marie', 'James', 'Lynn'];
const STREETS = ['Juniper', 'Maple', 'Oak', 'Cedar', 'Pine', 'Elm', 'Willow', 'Birch', 'Aspen', 'Magnolia', 'Lake',
  'Hill', 'Park', 'Washington', 'Lincoln', 'Jefferson', 'Madison', 'Franklin', 'Highland', 'Sunset', 'Ridge',
  'River', 'Meadow', 'Spring', 'Valley', 'Mill', 'Church', 'Market', 'Broad', 'Harbor', 'Orchard', 'Cherry'];
const SUFFIXES = ['St', 'Ave', 'Rd', 'Blvd', 'Ln', 'Dr', 'Way', 'Ct', 'Pl', 'Ter'];
// [city, state, county, zip prefix (3 digits), zip range]
const CITIES = [
  ['Portland', 'OR', 'Multnomah', '972', [1, 39]], ['Seattle', 'WA', 'King', '981', [1, 99]],
  ['San Francisco', 'CA', 'San Francisco', '941', [2, 34]], ['Los Angeles', 'CA', 'Los Angeles', '900', [1, 89]],
  ['San Diego', 'CA', 'San Diego', '921', [1, 54]], ['Denver', 'CO', 'Denver', '802', [2, 39]],
  ['Austin', 'TX', 'Travis', '787', [1, 59]], ['Houston', 'TX', 'Harris', '770', [2, 99]],
  ['Chicago', 'IL', 'Cook', '606', [1, 61]], ['Minneapolis', 'MN', 'Hennepin', '554', [1, 19]],
  ['Atlanta', 'GA', 'Fulton', '303', [3, 61]], ['Miami', 'FL', 'Miami-Dade', '331', [1, 99]],
  ['Boston', 'MA', 'Suffolk', '021', [8, 37]], ['New York', 'NY', 'New York', '100', [1, 40]],
  ['Brooklyn', 'NY', 'Kings', '112', [1, 39]], ['Philadelphia', 'PA', 'Philadelphia', '191', [2, 54]],
  ['Columbus', 'OH', 'Franklin', '432', [1, 35]], ['Raleigh', 'NC', 'Wake', '276', [1, 17]],
  ['Nashville', 'TN', 'Davidson', '372', [1, 40]], ['Phoenix', 'AZ', 'Maricopa', '850', [3, 54]],
  ['Salt Lake City', 'UT', 'Salt Lake', '841', [1, 24]], ['Madison', 'WI', 'Dane', '537', [3, 26]],
  ['Richmond', 'VA', 'Richmond City', '232', [19, 35]], ['Kansas City', 'MO', 'Jackson', '641', [5, 55]],
  ['Albuquerque', 'NM', 'Bernalillo', '871', [2, 23]], ['Boise', 'ID', 'Ada', '837', [2, 16]],
];
const OCCUPATIONS = ['Software Engineer', 'Senior Analyst', 'Account Manager', 'Registered Nurse', 'Warehouse Associate',
  'Customer Support Specialist', 'Product Manager', 'Accountant', 'Sales Representative', 'Operations Lead',
  'Data Scientist', 'HR Generalist', 'Marketing Coordinator', 'Technician', 'Office Manager', 'Designer'];

/** An SSN the rules accept: area 001-899 without 666, group 01-99, serial 0001-9999, no placeholder. */
function ssn(rng, used) {
  for (;;) {
    let area = rng.int(1, 899);
    if (area === 666) area = 667;
    const s = `${String(area).padStart(3, '0')}${String(rng.int(1, 99)).padStart(2, '0')}${String(rng.int(1, 9999)).padStart(4, '0')}`;
    if (/^(\d)\1{8}$/.test(s) || ['123456789', '987654321', '078051120', '219099999'].includes(s) || used.has(s)) continue;
    used.add(s);
    return s;
  }
}

function address(rng, city = rng.pick(CITIES)) {
  const [name, state, county, prefix, [lo, hi]] = city;
  const a = {
    street_one: `${rng.int(1, 9899)} ${rng.pick(STREETS)} ${rng.pick(SUFFIXES)}`,
    city: name,
    state,
    zip_code: `${prefix}${String(rng.int(lo, hi)).padStart(2, '0')}`,
    county,
  };
  if (rng.chance(0.15)) a.street_two = `${rng.pick(['Apt', 'Unit', 'Suite'])} ${rng.int(1, 40)}${rng.pick(['', 'A', 'B'])}`;
  if (rng.chance(0.1)) a.zip_code += `-${String(rng.int(1, 9999)).padStart(4, '0')}`;
  return a;
}

/** A one-letter slip of a name (transposition, dropped or doubled letter, lower case). */
function typo(rng, name) {
  for (let attempt = 0; attempt < 8; attempt++) {
    const i = rng.int(1, name.length - 2);
    const kind = rng.int(0, 3);
    let t = name;
    if (kind === 0) t = name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
    else if (kind === 1) t = name.slice(0, i) + name.slice(i + 1);
    else if (kind === 2) t = name.slice(0, i) + name[i] + name.slice(i);
    else t = name.toLowerCase();
    if (t !== name && t.trim().length > 0) return t;
  }
  return `${name}e`;
}

// ---- the group ----
const DEPENDENTS = ['spouse', 'domestic-partner', 'child', 'step-child', 'adopted-child'];
const CHILD_LIKE = new Set(['child', 'step-child', 'adopted-child']);
const SPOUSE_LIKE = new Set(['spouse', 'domestic-partner']);

// Rates (decimal dollars per month) and volume rules, as the configuration spells them.
const tiers = (t) => ({ calculation_type: 'family_unit_based', tiers: t });
const fourTiers = (e) => tiers({
  employee: e, employee_spouse: +(e * 2.1).toFixed(2), employee_children: +(e * 1.8).toFixed(2), family: +(e * 2.9).toFixed(2),
});
const perMember = (rate) => ({ calculation_type: 'member_based', per_member: rate });
/** Age bands from [min_age, rate] steps; each band ends where the next begins, the last is open. */
const bands = (steps) => steps.map(([min, rate], i) => (
  i + 1 < steps.length ? { min_age: min, max_age: steps[i + 1][0] - 1, rate } : { min_age: min, rate }));
const byAge = (steps) => ({ calculation_type: 'member_based', age_bands: bands(steps) });
const per1000 = (rate) => ({ calculation_type: 'member_based_volume', per_1000: rate });
const per1000ByAge = (steps) => ({ calculation_type: 'member_based_volume', age_bands: bands(steps) });
const volume = (min, max, increment, gi) => ({ min, max, increment, guaranteed_issue: gi });
const pays = (percent, amount) => (amount === undefined ? { percent } : { percent, amount });

/**
 * The plan catalogue. `slot` groups the plans a family chooses one of; `who`
 * says whom a coverage of the slot enrolls: family (employee + eligible
 * dependents), employee, employee_spouse, spouse (dependent-only), children
 * (dependent-only). `weight` is how often the slot is chosen.
 */
function catalogue() {
  const family = ['employee', ...DEPENDENTS];
  const slot = (carrier, name, line, who, weight, ...plans) => ({ carrier, slot: name, line, who, weight, plans });
  return [
    slot(0, 'medical', 'medical', 'family', 10,
      { name: 'Aetna Choice PPO 500', eligible: family, age: 26, rates: fourTiers(562.4), contribution: pays(80) },
      { name: 'Aetna HMO 1500', eligible: family, age: 26, rates: tiers({ employee: 468.15, employee_plus_one: 936.3, family: 1338.9 }), contribution: pays(75) },
      { name: 'Aetna HDHP 3000', eligible: family, age: 26, rates: tiers({ employee: 389.7, family: 1091.16 }), contribution: pays(90, 900) }),
    slot(0, 'vision', 'vision', 'family', 6,
      { name: 'Aetna Vision', eligible: family, age: 26, rates: perMember(6.9) }),
    slot(1, 'dental', 'dental', 'family', 8,
      { name: 'Guardian Dental Base', eligible: family, age: 26, rates: byAge([[0, 18.25], [19, 32.6]]), contribution: pays(50) },
      { name: 'Guardian Dental Plus', eligible: family, age: 26, rates: byAge([[0, 24.1], [19, 41.75]]), contribution: pays(50) }),
    slot(1, 'hospital', 'hospital_indemnity', 'family', 2,
      { name: 'Guardian Hospital Indemnity', eligible: family, age: 26, rates: fourTiers(14.8) }),
    slot(2, 'basic_life', 'life', 'employee', 7,
      { name: 'Cigna Basic Life', eligible: ['employee'], volume: volume(10000, 500000, 10000, 200000), rates: per1000(0.18), contribution: pays(100) }),
    slot(2, 'add', 'add', 'employee', 4,
      { name: 'Cigna Basic AD&D', eligible: ['employee'], volume: volume(10000, 500000, 10000, 500000), rates: per1000(0.03), contribution: pays(100) }),
    slot(2, 'std', 'std', 'employee', 3,
      { name: 'Cigna Short-Term Disability', eligible: ['employee'], rates: perMember(14.2), contribution: pays(100) }),
    slot(3, 'spouse_life', 'life', 'spouse', 3,
      { name: 'MetLife Voluntary Spouse Life', eligible: ['spouse', 'domestic-partner'], volume: volume(5000, 100000, 5000, 50000),
        rates: per1000ByAge([[0, 0.05], [30, 0.07], [40, 0.12], [50, 0.25], [60, 0.55]]) }),
    slot(3, 'child_life', 'life', 'children', 2,
      { name: 'MetLife Voluntary Child Life', eligible: ['child', 'step-child', 'adopted-child'], age: 26, volume: volume(2000, 10000, 2000, 10000),
        rates: per1000(0.2) }),
    slot(3, 'accident', 'accident', 'family', 3,
      { name: 'MetLife Accident', eligible: family, age: 26, rates: fourTiers(9.6) }),
    slot(3, 'critical_illness', 'critical_illness', 'employee_spouse', 2,
      { name: 'MetLife Critical Illness', eligible: ['employee', 'spouse', 'domestic-partner'],
        rates: byAge([[0, 6.1], [30, 9.45], [40, 17.3], [50, 31.8], [60, 52.4]]) }),
    slot(3, 'ltd', 'ltd', 'employee', 3,
      { name: 'MetLife Long-Term Disability', eligible: ['employee'], rates: perMember(22.5), contribution: pays(100) }),
  ];
}

/** The group configuration and its slots (each plan with its generated id). */
function makeGroup(seed) {
  const rng = random(mix(seed, 0xffffffff));
  const carriers = [
    { id: rng.uuid(), name: 'Aetna', mode: 'sync' },
    { id: rng.uuid(), name: 'Guardian', mode: 'sync' },
    { id: rng.uuid(), name: 'Cigna', mode: 'send', feed: { rrule: 'FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=17;BYMINUTE=0' } },
    { id: rng.uuid(), name: 'MetLife', mode: 'send', feed: { rrule: 'FREQ=WEEKLY;BYDAY=WE;BYHOUR=15;BYMINUTE=30' } },
  ];
  const slots = catalogue();
  const plans = [];
  for (const s of slots) {
    s.carrierId = carriers[s.carrier].id;
    for (const p of s.plans) {
      p.id = rng.uuid();
      const plan = { id: p.id, name: p.name, carrier_id: s.carrierId, line_of_coverage: s.line, eligible_member_types: p.eligible };
      if (p.age) plan.dependent_child_age_limit = p.age;
      if (p.volume) plan.volume = p.volume;
      plan.rates = p.rates;
      if (p.contribution) plan.employer_contribution = p.contribution;
      plans.push(plan);
    }
  }
  return { group: { group_id: `grp-bench-${seed}`, carriers, plans }, slots };
}

// ---- one family ----
function makePerson(rng, { sex, first, last, dob, home, mailing, ssnValue, marital }) {
  const p = { first_name: first };
  if (rng.chance(0.25)) p.middle_name = rng.pick(MIDDLE);
  p.last_name = last;
  p.date_of_birth = dob;
  p.sex = sex;
  if (ssnValue) p.ssn = ssnValue;
  p.home_address = structuredClone(home);
  p.mailing_address = structuredClone(mailing);
  if (marital) p.marital_status = marital;
  return p;
}

const emailOf = (first, last, n) => `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + (n ? n : '') + '@example.com';
const phone = (rng) => `+1${rng.int(201, 989)}555${String(rng.int(100, 199)).padStart(4, '0')}`;

function firstName(rng, sex, taken) {
  for (;;) {
    const n = rng.pick(sex === 'F' ? FEMALE : MALE);
    if (!taken.has(n)) {
      taken.add(n);
      return n;
    }
  }
}

/** The previous snapshot of family k, plus what the changes need to know. */
function makeFamily(rng, k, groupInfo) {
  const { slots } = groupInfo;
  const ssns = new Set();
  const taken = new Set();
  const sex = rng.chance(0.5) ? 'F' : 'M';
  const age = rng.weighted([[[22, 29], 3], [[30, 39], 4], [[40, 49], 3], [[50, 59], 2], [[60, 66], 1]]);
  const birthYear = 2026 - rng.int(age[0], age[1]);
  const dob = dateBetween(rng, `${birthYear}-01-01`, `${birthYear}-12-31`);
  const last = rng.pick(LAST);
  const home = address(rng);
  const poBox = rng.chance(0.12);
  const mailing = poBox ? { street_one: `P.O. Box ${rng.int(100, 9999)}`, city: home.city, state: home.state, zip_code: home.zip_code } : home;

  // Dependents: a spouse or domestic partner about half the time, 0-4 children, at most 4 in all.
  const empAge = 2026 - birthYear;
  const partner = empAge >= 24 ? rng.weighted([['spouse', 50], ['domestic-partner', 6], [null, 44]]) : rng.weighted([['spouse', 10], [null, 90]]);
  // Children born after the employee turned 18, and under 26 all through 2026.
  const childFrom = Math.max(birthYear + 18, 2001);
  const maxChildren = childFrom > 2025 ? 0 : 4 - (partner ? 1 : 0);
  const nChildren = Math.min(maxChildren, rng.weighted([[0, 40], [1, 22], [2, 24], [3, 10], [4, 4]]));
  const deps = [];
  if (partner) {
    const psex = rng.chance(0.9) ? (sex === 'F' ? 'M' : 'F') : sex;
    const py = Math.min(2004, Math.max(1955, birthYear + rng.int(-6, 6)));
    deps.push({
      relationship: partner,
      sex: psex,
      first: firstName(rng, psex, taken),
      last: partner === 'spouse' && rng.chance(0.75) ? last : rng.pick(LAST),
      dob: dateBetween(rng, `${py}-01-01`, `${py}-12-31`),
    });
  }
  for (let c = 0; c < nChildren; c++) {
    const csex = rng.chance(0.5) ? 'F' : 'M';
    deps.push({
      relationship: rng.weighted([['child', 90], ['step-child', 6], ['adopted-child', 4]]),
      sex: csex,
      first: firstName(rng, csex, taken),
      last,
      dob: dateBetween(rng, `${childFrom}-01-02`, '2025-12-31'),
    });
  }
  deps.sort((a, b) => (SPOUSE_LIKE.has(a.relationship) ? -1 : SPOUSE_LIKE.has(b.relationship) ? 1 : a.dob.localeCompare(b.dob)));

  // Employment: hired 2004-2026; coverage from the plan year (open enrollment) or the month after hire.
  const hire = rng.chance(0.15)
    ? dateBetween(rng, '2025-12-02', '2026-10-20')
    : dateBetween(rng, `${Math.max(2004, birthYear + 20)}-01-01`, '2025-11-30');
  const newHire = hire > '2025-12-01';
  const start = newHire ? firstOfNextMonth(hire) : '2026-01-01';
  const event = newHire
    ? { id: `evt-${rng.hex(8)}`, date: hire, type: 'coverage', reason: 'new_hire' }
    : { id: `oe-2026-${rng.hex(6)}`, date: dateBetween(rng, '2025-11-01', '2025-11-21'), type: 'coverage', reason: 'open_enrollment' };
  const fullTime = rng.chance(0.85);
  const salary = Math.round(rng.int(38, 185) * 1000 + rng.int(0, 9) * 100);

  const empFirst = firstName(rng, sex, taken);
  const employee = {
    id: rng.uuid(),
    custom_individual_id: rng.chance(0.5) ? `EMP-${String(10000 + k).padStart(6, '0')}` : String(rng.int(100000000, 899999999)),
    person: makePerson(rng, {
      sex, first: empFirst, last, dob, home, mailing,
      ssnValue: ssn(rng, ssns),
      marital: partner === 'spouse' ? 'married' : partner === 'domestic-partner' ? 'domestic-partner'
        : rng.pick(['single', 'single', 'divorced', 'widowed']),
    }),
    employment: {
      employment_status: fullTime ? 'full-time' : 'part-time',
      hours_worked: fullTime ? rng.pick([40, 40, 40, 37, 45]) : rng.int(20, 32),
      occupation: rng.pick(OCCUPATIONS),
      employment_dates: { hire_date: hire },
      salary: { amount: salary, type: 'salary', unit: 'annual', effective_date: newHire ? hire : dateBetween(rng, '2025-01-01', '2025-12-31') },
    },
  };
  if (rng.chance(0.7)) {
    const contact = {
      email_address: emailOf(empFirst, last, rng.chance(0.3) ? rng.int(1, 99) : 0),
      email_address_type: rng.pick(['home', 'work']),
      home_phone: phone(rng),
    };
    if (rng.chance(0.4)) contact.preferred_method = rng.pick(['email', 'mail', 'home-phone']);
    employee.person.contact = contact;
  }
  const dependents = deps.map((d, i) => {
    const away = CHILD_LIKE.has(d.relationship) && ageOn(d.dob, '2026-01-01') >= 18 && rng.chance(0.3);
    const dhome = away ? address(rng) : home;
    const dep = {
      id: rng.uuid(),
      custom_individual_id: `DEP-${String(10000 + k).padStart(6, '0')}-${i + 1}`,
      relationship: d.relationship,
      person: makePerson(rng, {
        sex: d.sex, first: d.first, last: d.last, dob: d.dob, home: dhome, mailing: away ? dhome : mailing,
        ssnValue: rng.chance(0.92) ? ssn(rng, ssns) : null,
        marital: SPOUSE_LIKE.has(d.relationship) ? (d.relationship === 'spouse' ? 'married' : 'domestic-partner') : undefined,
      }),
    };
    return dep;
  });

  // Coverages: 2-4 carriers, 3-6 coverages, at least one per carrier.
  const spouseDeps = dependents.filter((d) => SPOUSE_LIKE.has(d.relationship));
  const childDeps = dependents.filter((d) => CHILD_LIKE.has(d.relationship));
  const usable = slots.filter((s) => (s.who === 'spouse' ? spouseDeps.length > 0 : s.who === 'children' ? childDeps.length > 0 : true));
  const nCarriers = rng.weighted([[2, 35], [3, 40], [4, 25]]);
  const carriers = [0];
  while (carriers.length < nCarriers) {
    const c = rng.weighted([[1, 5], [2, 4], [3, 3]].filter(([x]) => !carriers.includes(x)));
    carriers.push(c);
  }
  if (rng.chance(0.08)) carriers[0] = [1, 2, 3].find((c) => !carriers.includes(c)) ?? 0; // a few families without medical
  const available = usable.filter((s) => carriers.includes(s.carrier));
  const want = Math.min(available.length, Math.max(nCarriers, rng.weighted([[3, 25], [4, 30], [5, 25], [6, 20]])));
  const chosen = [];
  for (const c of carriers) chosen.push(rng.weighted(available.filter((s) => s.carrier === c).map((s) => [s, s.weight])));
  while (chosen.length < want) chosen.push(rng.weighted(available.filter((s) => !chosen.includes(s)).map((s) => [s, s.weight])));
  chosen.sort((a, b) => slots.indexOf(a) - slots.indexOf(b));

  const withEvent = rng.chance(0.7);
  const member = (person, type, extra = {}) => {
    const m = { individual_type: type, individual_id: person.id, effective_start_date: start, effective_end_date: '9999-12-31' };
    if (withEvent) m.event_id = event.id;
    return Object.assign(m, extra);
  };
  const lifeVolume = Math.min(500000, Math.max(10000, Math.ceil((salary * rng.weighted([[1, 60], [2, 35], [3, 5]])) / 10000) * 10000));
  const coverages = chosen.map((s) => {
    const plan = rng.pick(s.plans);
    const cov = { carrier_id: s.carrierId, line_of_coverage: s.line };
    if (rng.chance(0.85)) cov.plan_id = plan.id;
    else cov.plan_name = plan.name;
    const enrolled = [];
    const depOk = (d, p) => p.eligible.includes(d.relationship);
    if (s.who === 'family' || s.who === 'employee' || s.who === 'employee_spouse') {
      enrolled.push(member(employee, 'employee', s.slot === 'basic_life' || s.slot === 'add' ? { volume: lifeVolume } : {}));
    }
    if (s.who === 'family') for (const d of dependents) if (depOk(d, plan) && rng.chance(0.9)) enrolled.push(member(d, 'dependent'));
    if (s.who === 'employee_spouse') for (const d of spouseDeps) if (rng.chance(0.7)) enrolled.push(member(d, 'dependent'));
    if (s.who === 'spouse') {
      for (const d of spouseDeps) {
        enrolled.push(member(d, 'dependent', { volume: rng.weighted([[10000, 3], [20000, 3], [25000, 2], [50000, 2], [75000, 1]]) }));
      }
    }
    if (s.who === 'children') {
      const v = rng.int(1, 5) * 2000;
      for (const d of childDeps) enrolled.push(member(d, 'dependent', { volume: v }));
    }
    cov.enrolled_members = enrolled;
    cov.signature_date = newHire ? hire : event.date;
    return cov;
  });

  const snapshot = { snapshot_mode: 'current_open', employee, dependents, coverages, events: [event] };
  return { k, snapshot, slots: chosen, start, taken };
}

// ---- changes ----
const CHANGE_DATE_FROM = '2026-11-02';
const CHANGE_DATE_TO = '2026-11-24';
const coverageSlot = (fam, cov) => fam.slots.find((s) => s.carrierId === cov.carrier_id && s.line === cov.line_of_coverage
  && s.plans.some((p) => (cov.plan_id ? p.id === cov.plan_id : p.name === cov.plan_name)));
const sameAddress = (a, b) => a.street_one === b.street_one && a.zip_code === b.zip_code;

function addEvent(snap, rng, type, reason, date = dateBetween(rng, CHANGE_DATE_FROM, CHANGE_DATE_TO)) {
  const e = { id: `evt-${rng.hex(8)}`, date, type, reason };
  snap.events.push(e);
  return e;
}

const CHANGES = {
  address_move(rng, prev, cur) {
    const e = cur.employee.person;
    const old = structuredClone(e.home_address);
    const moved = rng.chance(0.6) ? address(rng, CITIES.find((c) => c[0] === old.city)) : address(rng);
    const people = [e, ...cur.dependents.map((d) => d.person).filter((p) => sameAddress(p.home_address, old))];
    for (const p of people) {
      const poBox = p.mailing_address.street_one.startsWith('P.O. Box') && p.mailing_address.city === moved.city;
      p.home_address = structuredClone(moved);
      if (!poBox) p.mailing_address = structuredClone(moved);
    }
    addEvent(cur, rng, 'demographic', 'moved');
    return true;
  },
  name_correction(rng, prev, cur) {
    const people = [prev.employee, ...prev.dependents];
    const i = rng.int(0, people.length - 1);
    const field = rng.chance(0.6) ? 'first_name' : 'last_name';
    // The previous version carried the slip; the current one is right.
    people[i].person[field] = typo(rng, people[i].person[field]);
    addEvent(cur, rng, 'demographic', 'demographic_change');
    return true;
  },
  birth(rng, prev, cur, fam) {
    if (cur.dependents.length >= 4) return false;
    const from = fam.start > '2026-08-01' ? fam.start : '2026-08-01';
    if (from > '2026-11-20') return false;
    const dob = dateBetween(rng, from, '2026-11-20');
    const e = cur.employee.person;
    const sex = rng.chance(0.5) ? 'F' : 'M';
    const event = addEvent(cur, rng, 'coverage', 'newborn', dob);
    const child = {
      id: rng.uuid(),
      custom_individual_id: `DEP-${String(10000 + fam.k).padStart(6, '0')}-${prev.dependents.length + 1}`,
      relationship: 'child',
      // No SSN yet: newborns are usually enrolled before the card arrives.
      person: {
        first_name: firstName(rng, sex, fam.taken),
        last_name: e.last_name,
        date_of_birth: dob,
        sex,
        home_address: structuredClone(e.home_address),
        mailing_address: structuredClone(e.mailing_address),
      },
    };
    cur.dependents.push(child);
    const enrollment = {
      individual_type: 'dependent', individual_id: child.id, effective_start_date: dob, effective_end_date: '9999-12-31', event_id: event.id,
    };
    for (const cov of cur.coverages) {
      const s = coverageSlot(fam, cov);
      const emp = cov.enrolled_members.find((m) => m.individual_type === 'employee');
      if (s.who === 'family' && emp && emp.effective_start_date <= dob) {
        cov.enrolled_members.push({ ...enrollment });
      } else if (s.who === 'children') {
        cov.enrolled_members.push({ ...enrollment, volume: cov.enrolled_members[0]?.volume ?? 10000 });
      }
    }
    return true;
  },
  dependent_removed(rng, prev, cur) {
    // A dependent whose removal leaves no coverage empty (a spouse-only or
    // child-only life coverage would otherwise disappear too).
    const candidates = cur.dependents.filter((d) => cur.coverages.every((c) => c.enrolled_members.some((m) => m.individual_id !== d.id)));
    if (candidates.length === 0) return false;
    const d = rng.pick(candidates);
    cur.dependents = cur.dependents.filter((x) => x !== d);
    for (const c of cur.coverages) c.enrolled_members = c.enrolled_members.filter((m) => m.individual_id !== d.id);
    // The portal leaves the dependent out and lets the omitted coverage end with the month.
    cur.omitted_coverage_handling = { policy: 'terminate', termination_rule: 'end_of_current_month' };
    if (SPOUSE_LIKE.has(d.relationship)) {
      cur.employee.person.marital_status = d.relationship === 'spouse' ? 'divorced' : 'single';
      addEvent(cur, rng, 'coverage', 'divorce');
    } else {
      addEvent(cur, rng, 'coverage', 'eligibility_change');
    }
    return true;
  },
  plan_change(rng, prev, cur, fam) {
    const options = cur.coverages.filter((c) => coverageSlot(fam, c).plans.length > 1);
    if (options.length === 0) return false;
    const cov = rng.pick(options);
    const s = coverageSlot(fam, cov);
    const plan = rng.pick(s.plans.filter((p) => p.id !== cov.plan_id && p.name !== cov.plan_name));
    delete cov.plan_name;
    cov.plan_id = plan.id;
    // Chosen at open enrollment for the next plan year.
    const event = addEvent(cur, rng, 'coverage', 'open_enrollment');
    cov.signature_date = event.date;
    for (const m of cov.enrolled_members) {
      m.latest_change_effective_date = '2027-01-01';
      m.event_id = event.id;
    }
    return true;
  },
  volume_change(rng, prev, cur, fam) {
    const vol = cur.coverages.filter((c) => c.enrolled_members.some((m) => m.volume !== undefined));
    if (vol.length === 0) return false;
    const cov = rng.pick(vol);
    const plan = coverageSlot(fam, cov).plans[0];
    const { min, max, increment } = plan.volume;
    const steps = rng.chance(0.7) ? rng.int(1, 5) : -rng.int(1, 3);
    for (const m of cov.enrolled_members) {
      if (m.volume === undefined) continue;
      let v = m.volume + steps * increment;
      if (v > max || v < min) v = m.volume - steps * increment;
      if (v > max || v < min) v = m.volume === min ? min + increment : min;
      m.volume = v;
      m.latest_change_effective_date = '2026-12-01';
    }
    if (cov.line_of_coverage !== 'life' || cov.enrolled_members[0].individual_type === 'employee') {
      // A raise: salary-based life and AD&D volumes follow it.
      const sal = cur.employee.employment.salary;
      sal.amount = Math.round(sal.amount * (1 + rng.int(3, 12) / 100));
      sal.effective_date = '2026-12-01';
    }
    return true;
  },
  coverage_ended(rng, prev, cur, fam) {
    const open = (c) => c.enrolled_members.every((m) => m.effective_end_date === '9999-12-31');
    const options = cur.coverages.filter((c) => coverageSlot(fam, c).slot !== 'medical' && open(c));
    if (options.length === 0) return false;
    const cov = rng.pick(options);
    const waive = rng.chance(0.5);
    const event = addEvent(cur, rng, 'coverage', 'open_enrollment');
    for (const m of cov.enrolled_members) {
      // A waive for the next plan year (end = start - 1), or coverage ending with this one.
      if (waive) m.effective_start_date = '2027-01-01';
      m.effective_end_date = '2026-12-31';
      m.event_id = event.id;
    }
    return waive ? 'coverage_waived' : 'coverage_terminated';
  },
};

/** Probability of each change, drawn independently for a family that changes at all. */
const CHANGE_P = [
  ['address_move', 0.3],
  ['name_correction', 0.12],
  ['dependent_removed', 0.08],
  ['birth', 0.1],
  ['plan_change', 0.15],
  ['volume_change', 0.15],
  ['coverage_ended', 0.1],
];
/** Share of families whose current snapshot is the previous one, unchanged. */
const P_UNCHANGED = 0.25;

function makePair(seed, k, groupInfo) {
  const rng = random(mix(seed, k));
  const fam = makeFamily(rng, k, groupInfo);
  const previous = fam.snapshot;
  const current = structuredClone(previous);
  const changes = [];
  if (!rng.chance(P_UNCHANGED)) {
    let drawn = CHANGE_P.filter(([, p]) => rng.chance(p)).map(([name]) => name);
    if (drawn.length === 0) drawn = [rng.weighted(CHANGE_P)];
    // In CHANGE_P order: a removal comes before a birth, so a newborn is never the one removed.
    for (const name of drawn) {
      const done = CHANGES[name](rng, previous, current, fam);
      if (done) changes.push(done === true ? name : done);
    }
    if (changes.length === 0) {
      CHANGES.address_move(rng, previous, current);
      changes.push('address_move');
    }
  }
  return { previous, current, changes };
}

/** The corpus: { seed, now, group, pairs: [{ previous, current, changes }] } (objects). */
export function generateCorpus({ seed = 1, families = 200 } = {}) {
  const groupInfo = makeGroup(seed);
  const pairs = [];
  for (let k = 1; k <= families; k++) pairs.push(makePair(seed, k, groupInfo));
  return { seed, families, now: NOW, group: groupInfo.group, pairs };
}

/** The corpus as one JSON text, with each snapshot as its compact JSON text (what is measured). */
export function corpusText(corpus) {
  return JSON.stringify({
    seed: corpus.seed,
    families: corpus.families,
    now: corpus.now,
    group: corpus.group,
    pairs: corpus.pairs.map((p) => ({ changes: p.changes, previous: JSON.stringify(p.previous), current: JSON.stringify(p.current) })),
  });
}

/** Counts of families, dependents, coverages, carriers and changes. */
export function describeCorpus(corpus) {
  const count = (m, k) => m.set(k, (m.get(k) || 0) + 1);
  const deps = new Map();
  const covs = new Map();
  const cars = new Map();
  const changes = new Map();
  let unchanged = 0;
  for (const { previous, changes: ch } of corpus.pairs) {
    count(deps, previous.dependents.length);
    count(covs, previous.coverages.length);
    count(cars, new Set(previous.coverages.map((c) => c.carrier_id)).size);
    if (ch.length === 0) unchanged++;
    for (const c of ch) count(changes, c);
  }
  const fmt = (m) => [...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}:${v}`).join(' ');
  return `dependents ${fmt(deps)}; coverages ${fmt(covs)}; carriers ${fmt(cars)}; unchanged ${unchanged}; changes ${fmt(changes)}`;
}

/** Validates every snapshot and previews every pair with the engine; counts issues by severity and code. */
export function checkCorpus(corpus, pkg) {
  const cfg = pkg.checkConfig(corpus.group);
  const engine = new pkg.Engine(corpus.group);
  const counts = {
    config: cfg.issues.length, snapshots: 0, errors: 0, warnings: 0, info: 0,
    previewErrors: 0, differences: 0, noDifferences: 0, codes: {}, failures: [],
  };
  const tally = (issues, where, k) => {
    for (const i of issues) {
      const key = `${i.severity}:${i.code}`;
      counts.codes[key] = (counts.codes[key] || 0) + 1;
      if (i.severity === 'fatal' || i.severity === 'error') {
        if (where === 'preview') counts.previewErrors++;
        else counts.errors++;
        if (counts.failures.length < 10) counts.failures.push({ family: k, where, code: i.code, path: i.path, message: i.message });
      } else if (where !== 'preview') {
        if (i.severity === 'warning') counts.warnings++;
        else counts.info++;
      }
    }
  };
  corpus.pairs.forEach((p, i) => {
    const prev = JSON.stringify(p.previous);
    const cur = JSON.stringify(p.current);
    for (const [where, text] of [['previous', prev], ['current', cur]]) {
      counts.snapshots++;
      tally(engine.validate(text).issues, where, i + 1);
    }
    // The diff's own issues (omitted coverages, …; preview repeats the current
    // snapshot's) and the premium's (warnings: unpriceable members or lines).
    const pv = engine.preview(prev, cur, { now: corpus.now });
    tally(pv.issues.filter((x) => x.code.startsWith('omitted') || x.code === 'previous_snapshot_unreadable'), 'preview', i + 1);
    tally(pv.premium?.issues ?? [], 'preview', i + 1);
    counts.differences += pv.differences.length;
    if (pv.differences.length === 0) counts.noDifferences++;
    if (pv.differences.length === 0 && p.changes.length > 0 && counts.failures.length < 10) {
      counts.failures.push({ family: i + 1, where: 'preview', code: 'no_differences', path: '', message: p.changes.join(', ') });
    }
  });
  return counts;
}

function main(argv) {
  const arg = (name, fallback) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : fallback;
  };
  const seed = Number(arg('--seed', 1));
  const families = Number(arg('--families', 200));
  const out = arg('--out', null);
  const corpus = generateCorpus({ seed, families });
  const text = corpusText(corpus);
  if (out) writeFileSync(out, text);
  else if (!argv.includes('--check')) process.stdout.write(`${text}\n`);
  console.error(`seed ${seed}, ${families} families, ${text.length} bytes: ${describeCorpus(corpus)}`);
  if (argv.includes('--check')) {
    const require = createRequire(import.meta.url);
    const root = new URL('..', import.meta.url).pathname;
    const c = checkCorpus(corpus, require(process.env.PKG || `${root}pkg`));
    console.error(`config issues ${c.config}; ${c.snapshots} snapshots: ${c.errors} errors, ${c.warnings} warnings, ${c.info} info; `
      + `preview: ${c.previewErrors} diff errors, ${c.differences} differences, ${c.noDifferences} pairs without`);
    console.error(`codes: ${JSON.stringify(c.codes)}`);
    for (const f of c.failures) console.error(`  family ${f.family} ${f.where}: ${f.code} at ${f.path}: ${f.message}`);
    if (c.errors + c.previewErrors + c.config > 0) process.exitCode = 1;
  }
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) main(process.argv.slice(2));
