"""Keeps the `.gaps` marks of the rule tables in step with a run of the matrix, and aligns
every table's columns.

    cargo test --test api authz_matrix::every_caller -- --nocapture 2>&1 | tee /tmp/matrix.txt
    python3 tests/api/authz_matrix/gaps.py /tmp/matrix.txt              # drop kept gaps' marks
    python3 tests/api/authz_matrix/gaps.py /tmp/matrix.txt --mark-new   # and mark failures too

Without --mark-new, a cell that disagrees with its rule stays a failure: only the marks of
gaps the server now keeps are removed. --mark-new marks every failure with an issue #25 item
guessed from what it got (check each before committing: a failure is usually a bug)."""
import collections, glob, os, re, sys

WHO = ["anon", "tIn", "tOut", "tB", "iA", "iB", "eA", "eB", "cand", "adm"]
HERE = os.path.dirname(os.path.abspath(__file__))
# Rows a helper writes for several fields: their marks must agree.
HELPERS = {"@authored": {"publishCase", "unpublishCase", "reviseAnswerKey", "saveCase",
                         "publishCaseSet", "unpublishCaseSet"}}


def guess(row, exp, got):
    field = row.split(" (")[0]
    if got.startswith("ok") and field in ("importCaseSet", "createAssignment"):
        return 1
    if got.startswith("ok") and field in ("createInvitation", "revokeInvitation"):
        return 4
    if "(field organizationId)" in exp:
        return 8
    return 6


def marks(output, mark_new):
    gaps = collections.defaultdict(dict)
    for line in open(output).read().splitlines():
        parts = [p.strip() for p in line.split(" | ")]
        known = None
        if parts and re.fullmatch(r"#\d+", parts[0]):
            known, parts = int(parts[0][1:]), parts[1:]
        if len(parts) < 5 or not parts[3].startswith("expected ") or "now kept" in line:
            continue
        row, on, who, exp, got = parts[0], parts[1], parts[2], parts[3][9:], parts[4][4:]
        if who not in WHO or (known is None and not mark_new):
            continue
        gaps[(row, on)][WHO.index(who)] = known or guess(row, exp, got)
    return gaps


LINE = re.compile(r'^(\s*)\.(on|gaps)\(On::(\w+), "([^"]*)"\)(,?)\s*$')


def rewrite(path, gaps, placed):
    out, block, cur, field = [], [], None, None

    def flush():
        if not block:
            return
        lines = []
        for indent, kind, on, cells, _ in block:
            lines.append([indent, kind, on, cells, ""])
            names = HELPERS.get(cur, {cur})
            found = [gaps[(f, on)] for f in names if (f, on) in gaps]
            assert all(m == found[0] for m in found), ("rows of one helper differ", cur, on)
            if found:
                placed.update((f, on) for f in names)
                mark = found[0]
                lines.append([indent, "gaps", on, [str(mark.get(c, "-")) for c in range(10)], ""])
        lines[-1][4] = block[-1][4]
        widths = [max(max(len(l[3][c]) for l in lines) + 1, 5) for c in range(10)]
        heads = [f'{l[0]}.{l[1]}(On::{l[2]}, "' for l in lines]
        start = max(len(h) for h in heads) + 1
        comment = lines[0][0] + "//"
        out.append(comment + " " * (start - len(comment)) +
                   "".join(n.ljust(w) for n, w in zip(WHO, widths)).rstrip())
        for h, l in zip(heads, lines):
            body = "".join(cell.ljust(w) for cell, w in zip(l[3], widths)).rstrip()
            out.append(h + " " * (start - len(h)) + body + '")' + l[4])
        block.clear()

    for line in open(path).read().split("\n"):
        m = LINE.match(line)
        if m:
            indent, kind, on, cells, comma = m.groups()
            assert len(cells.split()) == 10, (path, line)
            if kind == "gaps":
                block[-1] = block[-1][:4] + (comma,)
            else:
                block.append((indent, kind, on, cells.split(), comma))
            continue
        flush()
        if re.match(r"^\s*//\s+anon\s+tIn\s", line):
            continue
        r = re.search(r'\brow\("(\w+)"', line)
        if r:
            field = cur = r.group(1)
        n = re.search(r'\.note\("([^"]*)"\)', line)
        if n and field:
            cur = f"{field} ({n.group(1)})"
        h = re.search(r"\bfn (\w+)\(field: &'static str", line)
        if h:
            field, cur = None, "@" + h.group(1)
        out.append(line)
    flush()
    open(path, "w").write("\n".join(out))


if __name__ == "__main__":
    gaps = marks(sys.argv[1], "--mark-new" in sys.argv)
    placed = set()
    for path in sorted(glob.glob(os.path.join(HERE, "rules_*.rs"))):
        rewrite(path, gaps, placed)
    left = sorted(set(gaps) - placed)
    if left:
        sys.exit(f"marks not placed (their rows were not found): {left}")
