#!/usr/bin/env python3
"""Compare two `crosscheck analyze --format json` reports semantically.

    scripts/compare_reports.py OLD.json NEW.json

Each section is compared as a multiset of normalised records (order-independent;
floats rounded to 4 decimals; a missing key counts as null), so the layout may change
but the findings may not. Word diffs of near-duplicate pairs and fields not listed in
SECTIONS below are ignored. Exit status: 0 same analysis, 1 different, 2 trouble.
"""
import gc
import json
import sys
from collections import Counter

LIMIT = 20  # differences printed per section
WIDTH = 160  # characters printed per value


def norm(v):
    """A hashable, comparable form of a JSON value."""
    if isinstance(v, (str, int)):  # most values; bool is an int
        return v
    if isinstance(v, float):
        # Via 6 decimals first, so an f32 printed in full (2.0999999046325684) and in
        # short (2.1) land on the same side of a rounding boundary.
        return round(round(v, 6), 4)
    if isinstance(v, dict):
        return tuple(sorted((k, norm(x)) for k, x in v.items() if x is not None))
    if isinstance(v, list):
        return tuple(norm(x) for x in v)
    return v


def get(obj, path):
    """The normalised value at a dotted path; None where any step is missing."""
    for part in path.split("."):
        obj = obj.get(part) if isinstance(obj, dict) else None
    return norm(obj)


def getter(path):
    """get(_, path) as a function; a faster one for a plain key."""
    if "." in path:
        return lambda o: get(o, path)
    return lambda o: norm(o.get(path)) if isinstance(o, dict) else None


def sort(items):
    try:
        return tuple(sorted(items))
    except TypeError:  # None mixed with values
        return tuple(sorted(items, key=repr))


def span(o):
    if not isinstance(o, dict):
        return (None, None, None)
    return (norm(o.get("doc")), norm(o.get("start")), norm(o.get("end")))


def event(o):
    return (get(o, "event.series"), get(o, "event.year"), get(o, "event.city"))


def each(path, f=norm):
    """The sorted multiset of f(item) over the list at `path`."""
    def field(o):
        items = o.get(path) if isinstance(o, dict) else None
        return sort(f(x) for x in items or ())
    return field


# Section -> (number of leading fields that identify a record, [(field, getter)]).
# A getter is a dotted path or a function of the record.
SECTIONS = {
    "documents": (1, [("id", "id"), ("event", event), ("title", "title")]),
    "claims": (1, [
        ("id", "id"), ("doc", "doc"), ("start", "start"), ("end", "end"),
        ("subject", "subject"), ("unit", "unit"), ("qualifier", "qualifier"),
        ("min", "min"), ("max", "max"), ("event", event), ("figure.text", "figure.text"),
        ("figure.start", "figure.start"), ("figure.end", "figure.end")]),
    "findings": (5, [
        ("kind", "kind"), ("basis", "basis"), ("subject", "subject"), ("theme", "theme"),
        ("event", event), ("docs", each("docs")), ("claims", each("claims")),
        ("quotes", each("quotes", span)), ("explanation", "explanation")]),
    "stances": (4, [
        ("doc", "doc"), ("start", "start"), ("end", "end"), ("theme", "theme"),
        ("polarity", "polarity"), ("event", event)]),
    "themes": (1, [
        ("id", "id"), ("label", "label"), ("discovered", "discovered"),
        ("passages", each("passages", lambda p: span(p) + (get(p, "score"),)))]),
    "similar": (2, [  # a pair is the same whichever sentence is `a`; `diff` is ignored
        ("theme", "theme"), ("pair", lambda o: sort((span(o.get("a")), span(o.get("b"))))),
        ("similarity", "similarity")]),
    "boilerplate": (0, [("item", norm)]),
    "diagnostics": (0, [("item", norm)]),
}


def load(path):
    """Top-level keys and, per section, the Counter of its records."""
    with open(path, encoding="utf-8") as f:
        try:
            report = json.load(f)
        except ValueError as e:
            raise ValueError(f"{path}: {e}") from None
    if not isinstance(report, dict):
        raise ValueError(f"{path}: not a JSON object")
    missing = [s for s in SECTIONS if not isinstance(report.get(s), list)]
    if missing:
        raise ValueError(f"{path}: missing section(s): {', '.join(missing)}")
    records = {}
    for name, (_, fields) in SECTIONS.items():
        getters = [g if callable(g) else getter(g) for _, g in fields]
        records[name] = Counter(tuple(g(o) for g in getters) for o in report[name])
    return set(report), records


def show(v):
    text = repr(v)
    return text if len(text) <= WIDTH else text[:WIDTH - 1] + "…"


def change(old, new):
    """How one field's value changed: element by element for a multiset field, from
    just before the first difference for a long text."""
    if isinstance(old, tuple) and isinstance(new, tuple) and len(old) + len(new) > 4:
        gone, came = Counter(old) - Counter(new), Counter(new) - Counter(old)
        parts = [f"-{sum(gone.values())} +{sum(came.values())} of {len(old)}"]
        parts += ["-" + show(x) for x in list(gone)[:2]] + ["+" + show(x) for x in list(came)[:2]]
        return ", ".join(parts)
    if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > WIDTH // 2:
        i = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
        start = max(0, i - 20)
        old, new = ("…" * (start > 0) + t[start:start + WIDTH // 2] for t in (old, new))
    return f"{show(old)} -> {show(new)}"


def compare(name, old, new):
    """Print how section `name` differs; return whether it does."""
    key_len, fields = SECTIONS[name]
    names = [n for n, _ in fields]
    gone, came = old - new, new - old
    if not gone and not came:
        return False
    n_gone, n_came = sum(gone.values()), sum(came.values())
    print(f"{name}: {n_gone} only in OLD, {n_came} only in NEW "
          f"(of {sum(old.values())} / {sum(new.values())})")
    by_key = {}  # key -> ([old records], [new records]), in order of first appearance
    for side, counter in ((0, gone), (1, came)):
        for rec in counter.elements():
            by_key.setdefault(rec[:key_len] if key_len else rec, ([], []))[side].append(rec)
    lines = []
    for key, (olds, news) in by_key.items():
        if key_len and len(olds) == 1 and len(news) == 1:
            diffs = [f"{n}: {change(a, b)}" for n, a, b in zip(names, olds[0], news[0]) if a != b]
            lines.append(f"  ~ {show(key[0] if key_len == 1 else key)}: " + "; ".join(diffs))
            continue
        for sign, recs in (("-", olds), ("+", news)):
            for rec in recs:
                body = rec[0] if names == ["item"] else dict(zip(names, rec))
                lines.append(f"  {sign} {show(body)}")
    for line in lines[:LIMIT]:
        print(line)
    if len(lines) > LIMIT:
        print(f"  … and {len(lines) - LIMIT} more")
    return True


def main(argv):
    if len(argv) != 3:
        print(f"usage: {argv[0]} OLD.json NEW.json", file=sys.stderr)
        return 2
    old_keys, old = load(argv[1])
    new_keys, new = load(argv[2])
    for key in sorted(old_keys ^ new_keys):
        print(f"note: top-level key {key!r} only in {'OLD' if key in old_keys else 'NEW'} (ignored)")
    differs = [compare(name, old[name], new[name]) for name in SECTIONS]
    if any(differs):
        return 1
    print("same analysis: " + ", ".join(f"{sum(old[n].values())} {n}" for n in SECTIONS))
    return 0


if __name__ == "__main__":
    gc.disable()  # no reference cycles here; collecting during the parse costs a third
    try:
        sys.exit(main(sys.argv))
    except (OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)
