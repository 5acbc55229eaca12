#!/usr/bin/env python3
"""Expected next runs of random feed schedules, from an independent RRULE
implementation (python-dateutil's rrule), for tests/rrule_oracle.rs.

    python3 scripts/rrule_oracle.py           # writes tests/fixtures/rrule/oracle.json
    python3 scripts/rrule_oracle.py --check   # fails if the file is not exactly this output

The rules are drawn (seeded, so the file is reproducible) from the subset the
engine schedules (src/model/rrule.rs): FREQ DAILY/WEEKLY/MONTHLY, INTERVAL,
BYDAY (ordinals under MONTHLY), BYMONTHDAY (MONTHLY), BYHOUR, BYMINUTE,
BYSECOND, UNTIL (date or UTC date-time), WKST, with a DTSTART date. Each case
is the first occurrence strictly after `now`, or null. A MONTHLY BYDAY list is
either all plain days or all ordinals: dateutil intersects a mixed list where
RFC 5545 (and the engine) take the union; the mixed case is a unit test of
src/fulfillment/schedule.rs instead.

Where the engine documents a choice, dateutil is given the same meaning:
a date-only UNTIL counts through the end of that day (23:59:59); the engine
looks ten years (3,660 days from now's date) ahead, so a later run is null.
`make test` runs --check with dateutil from .tools/python (scripts/setup.sh).
"""
import json
import random
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from dateutil import rrule as du

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "rrule" / "oracle.json"
SEED = 20261116
RULES = 500
NOWS_PER_RULE = 4
HORIZON_DAYS = 3660
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
DU_DAYS = [du.MO, du.TU, du.WE, du.TH, du.FR, du.SA, du.SU]
FREQS = {"DAILY": du.DAILY, "WEEKLY": du.WEEKLY, "MONTHLY": du.MONTHLY}


def some(rng, values, most):
    """A non-empty random sample of up to `most` values, in drawn order."""
    return rng.sample(values, rng.randint(1, min(most, len(values))))


def random_date(rng, start, end):
    return start + timedelta(days=rng.randrange((end - start).days))


def draw(rng):
    """One rule: its text, its parts for dateutil, and DTSTART."""
    freq = rng.choice(list(FREQS))
    parts = [f"FREQ={freq}"]
    kw = {}
    if rng.random() < 0.6:
        kw["interval"] = rng.randint(1, 5)
        parts.append(f"INTERVAL={kw['interval']}")
    days = []
    if rng.random() < (0.7 if freq != "DAILY" else 0.4):
        if freq == "MONTHLY" and rng.random() < 0.6:
            # All with ordinals: dateutil intersects a list mixing plain and
            # ordinal days (RFC 5545 and the engine take the union).
            days = [(rng.choice([1, 2, 3, 4, 5, -1, -2, -5]), d) for d in some(rng, range(7), 3)]
        else:
            days = [(0, d) for d in some(rng, range(7), 4)]
        parts.append("BYDAY=" + ",".join(f"{n or ''}{DAYS[d]}" for n, d in days))
        kw["byweekday"] = [DU_DAYS[d](n) if n else DU_DAYS[d] for n, d in days]
    # With ordinal days, month days rarely meet them: such rules have no run,
    # and dateutil searches up to the year 9999 (2 s each) to say so.
    ordinals = any(n for n, _ in days) if "byweekday" in kw else False
    if freq == "MONTHLY" and rng.random() < (0.12 if ordinals else 0.5):
        md = some(rng, [1, 2, 5, 13, 15, 28, 29, 30, 31, -1, -2, -7, -31], 3)
        parts.append("BYMONTHDAY=" + ",".join(map(str, md)))
        kw["bymonthday"] = md
    for key, arg, top, p in [("BYHOUR", "byhour", 24, 0.7), ("BYMINUTE", "byminute", 60, 0.6),
                             ("BYSECOND", "bysecond", 60, 0.2)]:
        if rng.random() < p:
            values = some(rng, range(top), 3)
            parts.append(f"{key}=" + ",".join(map(str, values)))
            kw[arg] = values
    if rng.random() < 0.5:
        wkst = rng.randrange(7)
        parts.append(f"WKST={DAYS[wkst]}")
        kw["wkst"] = wkst
    dtstart = random_date(rng, date(2020, 1, 1), date(2027, 12, 31))
    if rng.random() < 0.3:
        until = random_date(rng, dtstart, date(2030, 12, 31))
        if rng.random() < 0.5:
            parts.append(f"UNTIL={until:%Y%m%d}")
            kw["until"] = datetime(until.year, until.month, until.day, 23, 59, 59, tzinfo=timezone.utc)
        else:
            h, m, s = rng.randrange(24), rng.randrange(60), rng.randrange(60)
            parts.append(f"UNTIL={until:%Y%m%d}T{h:02}{m:02}{s:02}Z")
            kw["until"] = datetime(until.year, until.month, until.day, h, m, s, tzinfo=timezone.utc)
    rng.shuffle(parts)
    start = datetime(dtstart.year, dtstart.month, dtstart.day, tzinfo=timezone.utc)
    return ";".join(parts), du.rrule(FREQS[freq], dtstart=start, **kw), dtstart


def stamp(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def cases(rng, rule, dtstart):
    out = []
    for _ in range(NOWS_PER_RULE):
        day = random_date(rng, dtstart - timedelta(days=30), dtstart + timedelta(days=400))
        now = datetime(day.year, day.month, day.day, tzinfo=timezone.utc) + timedelta(
            seconds=rng.randrange(86400))
        # The horizon as an UNTIL (also keeps impossible rules from being
        # searched up to the year 9999).
        horizon = datetime(now.year, now.month, now.day, tzinfo=timezone.utc) + timedelta(
            days=HORIZON_DAYS, seconds=-1)
        until = min(rule._until or horizon, horizon)
        nxt = rule.replace(until=until).after(now, inc=False)
        out.append({"now": stamp(now), "next": stamp(nxt) if nxt else None})
    return out


def generate():
    rng = random.Random(SEED)
    rules = []
    for _ in range(RULES):
        text, rule, dtstart = draw(rng)
        rules.append({"rule": text, "dtstart": dtstart.isoformat(), "cases": cases(rng, rule, dtstart)})
    doc = {
        "generator": "scripts/rrule_oracle.py (python-dateutil rrule)",
        "seed": SEED,
        "rules": rules,
    }
    return json.dumps(doc, indent=1) + "\n"


def main():
    text = generate()
    if "--check" in sys.argv[1:]:
        if not OUT.exists() or OUT.read_text() != text:
            sys.exit(f"{OUT.relative_to(ROOT)} is not dateutil's output: run python3 scripts/rrule_oracle.py")
        print(f"{OUT.relative_to(ROOT)}: matches python-dateutil's rrule ({RULES} rules)")
        return
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text)
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
