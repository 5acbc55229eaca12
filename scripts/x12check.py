#!/usr/bin/env python3
"""Validate X12 files with pyx12 and write their 999, with a usable exit code.

The outside judge of the X12 834 export (tests/js/x12.test.mjs): pyx12 4.0.0
(https://github.com/azoner/pyx12, BSD-3-Clause, "Copyright (c) John Holland"),
installed by scripts/setup.sh into .tools/python, is run as a library here;
nothing of pyx12 is copied into this file. Written for this project (issue 17's
research notes, 2026-12-02), MIT like the rest of the repository.

Why not plain `x12valid`: in pyx12 4.0.0 its console script does
`sys.exit(main())` and main() returns True, so the exit status is 1 for a valid
file and for an invalid one alike; it always writes the 997/999 next to the
input (`X.txt` -> `X.997`, other names -> `X.ext.997`), so the input must sit in
a writable folder; and the 999's envelope carries the wall clock and a random
group control number.

usage:
  PYTHONPATH=.tools/python python3 scripts/x12check.py [--ack-dir DIR] [--stable] [--json-dir DIR] FILE...
    exit 0: every file valid; 1: some file invalid; 2: usage / unreadable file.
    stdout: one line per file, "OK <file>" or "FAIL <file> <n> errors".
    stderr: pyx12's error log lines (Line:N ...).
    --ack-dir DIR   write the 999 (or 997 for 004010 input) as DIR/<basename>.999
    --stable        make the ack's envelope deterministic: ISA09/10/11/13, GS04/05/06,
                    GE02 and IEA02 copied from the input's ISA/GS (what pyx12's own
                    expected 999 files show); everything else is pyx12's output.
    --json-dir DIR  write pyx12's JSON error tree as DIR/<basename>.json
All files are checked in one process (the maps load once).
"""
import argparse
import io
import logging
import os
import sys

import pyx12.error_handler
import pyx12.params
import pyx12.x12n_document


def split_segments(text):
    """(segment terminator, element separator, [segments as lists]) from ISA's fixed layout."""
    t = text.lstrip()
    if not t.startswith("ISA") or len(t) < 106:
        return None
    ele = t[3]
    seg = t[105]
    segs = []
    for raw in t.split(seg):
        raw = raw.strip()
        if raw:
            segs.append(raw.split(ele))
    return seg, ele, segs


def stabilize(ack, src):
    a = split_segments(ack)
    s = split_segments(src)
    if not a or not s:
        return ack
    seg_term, ele, asegs = a
    ssegs = s[2]
    isa = next(x for x in ssegs if x[0] == "ISA")
    gs = next((x for x in ssegs if x[0] == "GS"), None)
    out = []
    for x in asegs:
        x = list(x)
        if x[0] == "ISA":
            x[9], x[10], x[11], x[13] = isa[9], isa[10], isa[11], isa[13]
        elif x[0] == "GS" and gs:
            x[4], x[5], x[6] = gs[4], gs[5], gs[6]
        elif x[0] == "GE" and gs:
            x[2] = gs[6]
        elif x[0] == "IEA":
            x[2] = isa[13]
        out.append(ele.join(x) + seg_term)
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ack-dir")
    ap.add_argument("--json-dir")
    ap.add_argument("--stable", action="store_true")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()

    logger = logging.getLogger("pyx12")
    h = logging.StreamHandler(sys.stderr)
    h.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger.addHandler(h)
    logger.setLevel(logging.ERROR)
    param = pyx12.params.params()

    all_ok = True
    for fn in args.files:
        try:
            with open(fn, encoding="utf-8", newline="") as f:
                src = f.read()
        except (OSError, UnicodeDecodeError) as e:
            print(f"cannot read {fn}: {e}", file=sys.stderr)
            return 2
        ack = io.StringIO()
        js = io.StringIO() if args.json_dir else None
        sys.stderr.write(f"--- {fn}\n")
        try:
            ok = pyx12.x12n_document.x12n_document(
                param=param, src_file=io.StringIO(src), fd_997=ack, fd_html=None, fd_json=js
            )
        except Exception as e:  # e.g. EngineError "Map not found" for an unknown GS08
            sys.stderr.write(f"EXCEPTION {type(e).__name__}: {e}\n")
            ok = False
        base = os.path.basename(fn)
        text = ack.getvalue()
        if args.stable and text:
            text = stabilize(text, src)
        if args.ack_dir and text:
            with open(os.path.join(args.ack_dir, base + ".999"), "w", encoding="utf-8") as f:
                f.write(text)
        if js is not None:
            with open(os.path.join(args.json_dir, base + ".json"), "w", encoding="utf-8") as f:
                f.write(js.getvalue())
        print(("OK " if ok else "FAIL ") + fn)
        all_ok = all_ok and ok
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
