#!/usr/bin/env python3
"""A real-text corpus for scripts/bench.sh, built at bench time from ../shared (never committed):
the seed (`seed` corpus, the md format) or the layout texts and the text of the PDFs (`layout`
corpus, pdftotext -layout), copied N times over with names, codes, years and amounts varied so
that every copy is a document of its own unit, year and kind (no duplicate_document), as a
region's many units over several years would be.

    scripts/bench_real.py --shared ../shared --kind layout --docs 1000 --yusuan build/yusuan --out DIR

The copies of a template are its units, five copies (years) each (five years a unit, like the
generator's corpus). Every variation keeps the width of what it replaces, so that the columns of
layout text stay where they were:
- names: the first two CJK characters of the template's unit name (its city: 北京, 上海, 中共 …)
  become another pair everywhere in the text and in the file name;
- codes: the unit code, when the template has one, becomes another of the same length;
- years: every 2010–2029 goes back by the offset;
- amounts: the two decimals of every non-zero amount move by the variant (within 1 of the last
  printed unit, so sums no longer add up to the cent: the audit has findings to report, as it
  has on real documents).
The unit names and codes are those `yusuan import` reads from the templates."""

import argparse
import csv
import io
import os
import re
import subprocess
import sys

# 50 characters → 2,500 pairs: enough distinct units for 8k copies of one template over 5 years
CHARS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥东南西北春夏秋冬金木水火土山川江河湖海松柏梅兰竹菊风云雷雨霜雪星月"
YEAR = re.compile(r"(?<![0-9])20([12][0-9])(?![0-9])")
AMOUNT = re.compile(r"(?<![0-9.])([0-9][0-9,]*)\.([0-9]{2})(?![0-9])")


def templates(shared, kind, tmp):
    """[(name, text)] of the templates of one corpus kind."""
    out = []
    if kind == "seed":
        d = os.path.join(shared, "seeds")
        for f in sorted(os.listdir(d)):
            if f.endswith(".txt"):
                out.append((f, open(os.path.join(d, f), encoding="utf-8").read()))
        return out
    d = os.path.join(shared, "corpus")
    for f in sorted(os.listdir(d)):
        if f.endswith(".layout.txt"):
            out.append((f, open(os.path.join(d, f), encoding="utf-8").read()))
    cities = os.path.join(d, "cities")
    for f in sorted(os.listdir(cities)):
        if f.endswith(".pdf"):
            t = os.path.join(tmp, f[:-4] + ".txt")
            subprocess.run(["pdftotext", "-layout", os.path.join(cities, f), t],
                           stderr=subprocess.DEVNULL, check=True)
            out.append((f[:-4] + ".txt", open(t, encoding="utf-8", errors="replace").read()))
    return out


def identities(yusuan, tmp, names):
    """{template file: (unit_code, unit_name)} as yusuan reads them."""
    r = subprocess.run([yusuan, "import", "-q"] + [os.path.join(tmp, n) for n in names],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    ids = {}
    for row in csv.DictReader(io.StringIO(r.stdout.decode("utf-8", "replace"))):
        f = os.path.basename(row["source"].split(":")[0])
        ids.setdefault(f, (row["unit_code"], row["unit_name"]))
    return ids


def city(name):
    cjk = [c for c in name if "\u4e00" <= c <= "\u9fff"]
    return "".join(cjk[:2]) if len(cjk) >= 2 else ""


def vary(text, fname, code, name, v, off):
    pair = CHARS[(v // len(CHARS)) % len(CHARS)] + CHARS[v % len(CHARS)]
    c = city(name)
    if c:
        text = text.replace(c, pair)
        fname = fname.replace(c, pair)
    if code and code.isdigit() and len(code) >= 3:
        new = str((int(code) + 7919 * (v + 1)) % 10 ** len(code)).zfill(len(code))
        text = text.replace(code, new)
    year = lambda m: "20%02d" % (int(m.group(1)) - off)
    text, fname = YEAR.sub(year, text), YEAR.sub(year, fname)

    def amount(m):
        whole, dec = m.group(1), m.group(2)
        if whole.strip("0,") == "" and dec == "00":
            return m.group(0)
        return "%s.%02d" % (whole, (int(dec) + 13 * v + off) % 100)

    text = AMOUNT.sub(amount, text)
    return text, fname


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", required=True)
    ap.add_argument("--kind", choices=["seed", "layout"], required=True)
    ap.add_argument("--docs", type=int, required=True)
    ap.add_argument("--yusuan", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    tmp = os.path.join(a.out, "templates")
    docs = os.path.join(a.out, "docs")
    os.makedirs(tmp, exist_ok=True)
    os.makedirs(docs, exist_ok=True)
    ts = templates(a.shared, a.kind, tmp)
    for n, t in ts:
        with open(os.path.join(tmp, n), "w", encoding="utf-8") as f:
            f.write(t)
    ids = identities(a.yusuan, tmp, [n for n, _ in ts])
    total = 0
    for k in range(a.docs):
        n, t = ts[k % len(ts)]
        copy = k // len(ts)
        code, name = ids.get(n, ("", ""))
        # (the variant counts over all templates: two templates of one kind of office in two
        # cities, 商务局 of 北京 and of 西安, must not become one unit)
        text, fname = vary(t, n, code, name, copy // 5 * len(ts) + k % len(ts), copy % 5)
        base = fname[:-4] if fname.endswith(".txt") else fname
        out = os.path.join(docs, "%s-%05d.txt" % (base, k))
        data = text.encode("utf-8")
        with open(out, "wb") as f:
            f.write(data)
        total += len(data)
    print("%d documents, %d templates, %.1f MB" % (a.docs, len(ts), total / 1e6))


if __name__ == "__main__":
    sys.exit(main())
