#!/usr/bin/env python3
"""The pandas baseline of scripts/bench.sh: from a facts.csv, what yusuan's analyses compute, the
way a careful analyst would write it in pandas (vectorised, no row loops):

- the 33 metrics of metrics.csv per document, with yusuan's order of sources (table totals, the
  summary's rows, a unit's own row, tables stated empty, the narrative), shares rounded half away
  from zero as yusuan does; quality_score (the audit) is not computed;
- growth against the prior year (the prior year's document, else the narrative's prior);
- trends per unit, document kind and metric over 3 or more years: CAGR, OLS slope, its standard
  error, R², Theil–Sen slope, Mann–Kendall S;
- peers per year, peer group (parent code) and metric: n, mean, sd, min, quartiles, max, and
  robust z (median/MAD) outliers;
- the policy flags on 三公, 机关运行经费 and share shifts.

Usage: bench_pandas.py FACTS.csv [METRICS.csv [-v]]
Prints `load_s compute_s documents mismatches`: mismatches counts the metric values that differ
from yusuan's metrics.csv at all (-1 without METRICS.csv) — the check that both
computed the same thing; -v names the metrics that differ."""
import sys
import time

import numpy as np
import pandas as pd

t0 = time.perf_counter()
f = pd.read_csv(sys.argv[1], dtype={"unit_code": str, "row_code": str, "row_name": str},
                keep_default_na=False, na_values=[], encoding="utf-8-sig")
t1 = time.perf_counter()

# ---- documents and lookups ----
f["file"] = f["source"].str.replace(r"(:\d+){1,2}$", "", regex=True)
DOC = ["unit_code", "unit_name", "year", "doc_kind", "file"]
f["doc"] = f.groupby(DOC, sort=False).ngroup()
docs = f.drop_duplicates("doc")[["doc"] + DOC].set_index("doc").sort_index()
final = docs["doc_kind"].str.startswith("final")
# amounts as integers, 10^-6 万元 (yusuan's fixed point)
f["v"] = (f["amount"].astype(float) * 1e6).round().astype("int64")
f["name_n"] = f["row_name"].str.replace(r"[\s\u3000]", "", regex=True)
tot = f[(f["row_code"] == "") & f["name_n"].isin(["合计", "总计"])]
own = f[f["row_code"] == "unit:" + f["unit_code"]]
by_tc = {k: g for k, g in tot.groupby(["table", "column"], sort=False)}
own_tc = {k: g for k, g in own.groupby(["table", "column"], sort=False)}
nar = f[f["table"] == "narrative"]
nar_kc = {k: g for k, g in nar.groupby(["row_code", "column"], sort=False)}
tables = f.groupby(["doc", "table"], sort=False).size()
empty = f[f["column"] == "stated_empty"].groupby(["doc", "table"], sort=False).size()
NONE = pd.Series(dtype="float64")


def first(g):
    return g.drop_duplicates("doc").set_index("doc")["v"] if g is not None and len(g) else NONE


def total_row(table, col):
    """a table's 合计/总计 row, else the unit's own row"""
    return first(by_tc.get((table, col))).combine_first(first(own_tc.get((table, col))))


def find(table, code, name, col):
    g = f[(f["table"] == table) & (f["column"] == col)]
    if code is not None:
        g = g[g["row_code"] == code]
    if name is not None:
        g = g[g["name_n"] == name]
    return first(g)


def narrative(key, col="current"):
    return first(nar_kc.get((key, col)))


def zero_if_empty(table):
    e = empty.xs(table, level="table") if table in empty.index.get_level_values(1) else NONE
    return pd.Series(0, index=e.index, dtype="int64")


def chain(*parts):
    out = NONE
    for p in parts:
        out = out.combine_first(p) if len(out) else p
    return out


def only(mask, s):
    return s[s.index.isin(mask[mask].index)]


def share(part, whole):
    """hundredths of a percent, half away from zero, as yusuan's money_muldiv"""
    p, w = part.align(whole, join="inner")
    ok = w != 0
    p, w = p[ok].astype(object), w[ok].astype(object)  # (Python ints: no overflow)
    q = [(abs(a) * 10000 + abs(b) // 2) // abs(b) * (1 if (a < 0) == (b < 0) else -1)
         for a, b in zip(p, w)]
    return pd.Series(np.array(q, dtype="int64") * 10000, index=p.index)


m = {}
m["expenditure_total"] = chain(only(final, total_row("expenditure", "total_final")),
                               total_row("expenditure", "total"),
                               find("summary", None, "本年支出合计", "expenditure"),
                               find("summary", None, "支出总计", "expenditure"),
                               narrative("expenditure_total"))
m["income_total"] = chain(total_row("income", "cur"), total_row("income", "total"), find("summary", None, "本年收入合计", "income"),
                          find("summary", None, "收入总计", "income"), narrative("income_total"))
m["fiscal_total"] = chain(find("fiscal_summary", "", "本年收入", "income"),
                          find("fiscal_summary", "", "本年收入合计", "income"),
                          find("fiscal_summary", "", "收入总计", "income"),
                          find("summary", "", "财政拨款收入", "income"), total_row("income", "fiscal"),
                          narrative("fiscal_total"))
m["gpb_total"] = chain(only(final, total_row("gpb_expenditure", "total_final")),
                       total_row("gpb_expenditure", "total"),
                       find("fiscal_summary", "", "本年支出合计", "expenditure_gpb"),
                       find("fiscal_summary", "", "支出总计", "expenditure_gpb"), narrative("gpb_total"))
m["gov_fund_total"] = chain(total_row("gov_fund", "total"), zero_if_empty("gov_fund"),
                            narrative("gov_fund_total"))
m["soe_total"] = chain(total_row("soe_capital", "total"), zero_if_empty("soe_capital"),
                       narrative("soe_total"))
# 基本/项目 from the expenditure table, else the 一般公共预算 table; shares over that table's total
eb, ep = total_row("expenditure", "basic"), total_row("expenditure", "project")
ebf = only(final, total_row("expenditure", "basic_final"))
epf = only(final, total_row("expenditure", "project_final"))
use_exp = pd.Series(False, index=docs.index)
use_exp[eb.index.union(ep.index).union(ebf.index).union(epf.index)] = True
for k in ("basic", "project"):
    e = chain(only(final, total_row("expenditure", k + "_final")), total_row("expenditure", k))
    g = chain(only(final, total_row("gpb_expenditure", k + "_final")), total_row("gpb_expenditure", k))
    m[k] = chain(only(use_exp, e), only(~use_exp, g), narrative(k))
whole = chain(only(use_exp, total_row("expenditure", "total")),
              only(~use_exp, total_row("gpb_expenditure", "total")), m["expenditure_total"])
m["basic_share"] = share(m["basic"], whole)
m["project_share"] = share(m["project"], whole)
for k, zh in (("personnel", "人员经费合计"), ("public_use", "公用经费合计")):
    m[k] = chain(total_row("gpb_basic", k), total_row("gpb_expenditure", k), find("gpb_basic", "", zh, "total"),
                 find("summary", "", "支出总计", "expenditure_" + k), narrative(k))
pp = m["personnel"].align(m["public_use"], join="inner")
m["personnel_share"] = share(pp[0], pp[0] + pp[1])
for c in ("301", "302", "303", "310"):
    m["econ_" + c] = find("gpb_basic", c, None, "total")
sangong = [("sangong_total", "total"), ("sangong_abroad", "abroad"), ("sangong_vehicle", "vehicle"),
           ("sangong_vehicle_purchase", "vehicle_purchase"),
           ("sangong_vehicle_operation", "vehicle_operation"), ("sangong_reception", "reception"),
           ("meeting", "meeting"), ("training", "training"), ("admin_running", "admin_running")]
for i, (k, col) in enumerate(sangong):
    parts = [only(final, total_row("sangong", col + "_final")), total_row("sangong", col)]
    if i <= 5:
        parts.append(zero_if_empty("sangong"))
    m[k] = chain(*parts, narrative(k))
pt = chain(total_row("procurement", "total"))
m["procurement_total"] = chain(pt, total_row("procurement", "type_total"), zero_if_empty("procurement"),
                               narrative("procurement_total"))
for k in ("goods", "works", "services"):
    s = NONE
    for c in (k, "central_" + k, "decentral_" + k):
        s = s.add(total_row("procurement", c), fill_value=0) if len(s) else total_row("procurement", c)
    s = s.reindex(pt.index).fillna(0).astype("int64")  # a table by kind: a missing kind is 0
    m["procurement_" + k] = chain(s, narrative("procurement_" + k))
m["purchase_service_total"] = chain(total_row("purchase_service", "total"),
                                    zero_if_empty("purchase_service"), narrative("purchase_service_total"))
perf = f[(f["table"] == "performance") & (f["column"] == "total")]
count = perf[perf["row_name"].str.contains("/", regex=False)].groupby("doc").size()
m["project_count"] = chain(narrative("project_count"), count[count > 0] * 1000000)
m["performance_total"] = chain(total_row("performance", "total"), narrative("performance_total"))
metrics = pd.DataFrame({k: v for k, v in m.items()}).reindex(docs.index)
metrics = docs.join(metrics)

# ---- growth: the prior year's document of the unit and kind, else the narrative's prior ----
MK = [k for k in m]
long = metrics.melt(id_vars=DOC, value_vars=MK, var_name="metric", value_name="cur").dropna(subset=["cur"])
prev = long[["unit_code", "unit_name", "doc_kind", "year", "metric", "cur"]].copy()
prev["year"] += 1
g = long.merge(prev.rename(columns={"cur": "prior"}).drop_duplicates(
    ["unit_code", "unit_name", "doc_kind", "year", "metric"]),
    on=["unit_code", "unit_name", "doc_kind", "year", "metric"], how="left")
npr = nar[nar["column"] == "prior"].drop_duplicates(["doc", "row_code"])[["doc", "row_code", "v"]]
npr = npr.merge(docs[DOC].reset_index(), on="doc").rename(columns={"row_code": "metric", "v": "nprior"})
g = g.merge(npr[DOC + ["metric", "nprior"]], on=DOC + ["metric"], how="left")
g["prior"] = g["prior"].combine_first(g["nprior"].where(g["nprior"] >= 0))
g = g.dropna(subset=["prior"])
g["change"] = g["cur"] - g["prior"]
g["pct"] = (g["change"] / g["prior"].abs().replace(0, np.nan) * 100).round(2)

# ---- trends over 3 or more years (vectorised least squares, pairwise Theil–Sen / Mann–Kendall) ----
TK = ["unit_code", "unit_name", "doc_kind", "metric"]
t = long[TK + ["year", "cur"]].copy()
t["y"] = t["cur"] / 1e6
t["x"] = t["year"].astype(float)
t["n"] = t.groupby(TK)["y"].transform("size")
t = t[t["n"] >= 3]
t["xy"], t["xx"], t["yy"] = t["x"] * t["y"], t["x"] ** 2, t["y"] ** 2
s = t.groupby(TK).agg(n=("y", "size"), sx=("x", "sum"), sy=("y", "sum"), sxy=("xy", "sum"),
                      sxx=("xx", "sum"), syy=("yy", "sum"), first_year=("year", "min"),
                      last_year=("year", "max"))
sxx = s["sxx"] - s["sx"] ** 2 / s["n"]
sxy = s["sxy"] - s["sx"] * s["sy"] / s["n"]
syy = s["syy"] - s["sy"] ** 2 / s["n"]
s["slope"] = sxy / sxx
resid = (syy - s["slope"] * sxy).clip(lower=0)
s["slope_se"] = np.sqrt(resid / (s["n"] - 2) / sxx)
s["r2"] = 1 - resid / syy.replace(0, np.nan)
ends = t.sort_values("year").groupby(TK)["y"].agg(["first", "last"])
s["cagr"] = ((ends["last"] / ends["first"]) ** (1 / (s["last_year"] - s["first_year"])) - 1) * 100
pairs = t[TK + ["x", "y"]].merge(t[TK + ["x", "y"]], on=TK, suffixes=("_a", "_b"))
pairs = pairs[pairs["x_a"] < pairs["x_b"]]
pairs["sl"] = (pairs["y_b"] - pairs["y_a"]) / (pairs["x_b"] - pairs["x_a"])
pairs["sg"] = np.sign(pairs["y_b"] - pairs["y_a"])
s["theil_sen"] = pairs.groupby(TK)["sl"].median()
s["mk_s"] = pairs.groupby(TK)["sg"].sum()
s["forecast"] = s["sy"] / s["n"] + s["slope"] * (s["last_year"] + 1 - s["sx"] / s["n"])
trends = s

# ---- peers: per year, group (parent code: the code's first 3 digits) and metric ----
long["group"] = long["unit_code"].str[:3]
long["x"] = long["cur"] / 1e6
pk = ["year", "group", "metric"]
both = pd.concat([long, long.assign(group="all")])
peers = both.groupby(pk)["x"].describe()
med = both.groupby(pk)["x"].transform("median")
mad = (both["x"] - med).abs().groupby([both[k] for k in pk]).transform("median")
both["z"] = (both["x"] - med) / (1.4826 * mad.replace(0, np.nan))
outliers = both[both["z"].abs() > 3.5]

# ---- policy flags ----
flags = pd.concat([
    g[(g["metric"] == "sangong_total") & (g["change"] > 0)].assign(rule="sangong_increase"),
    g[g["metric"].isin(["sangong_abroad", "sangong_vehicle_purchase", "sangong_vehicle_operation",
                        "sangong_reception"]) & (g["change"] > 0)].assign(rule="sangong_item_increase"),
    g[(g["metric"] == "admin_running") & (g["change"] > 0)].assign(rule="admin_running_increase"),
    g[g["metric"].isin(["basic_share", "project_share", "personnel_share"])
      & (g["change"].abs() > 5 * 1e6)].assign(rule="share_shift"),
])
t2 = time.perf_counter()

mismatches = -1
if len(sys.argv) > 2:
    y = pd.read_csv(sys.argv[2], dtype={"unit_code": str}, keep_default_na=False, na_values=[""])
    key = ["unit_code", "unit_name", "year", "doc_kind"]
    ours = metrics.drop(columns=["file"]).drop_duplicates(key).set_index(key)[MK] / 1e6
    theirs = y.drop_duplicates(key).set_index(key)[MK].reindex(ours.index)
    # documents yusuan keys otherwise (a unit without a code that its registry resolves) are not
    # compared
    matched = ~theirs.isna().all(axis=1)
    ours, theirs = ours[matched], theirs[matched]
    diff = (ours - theirs).abs() > 1e-6  # (both exact to the cent: any difference counts)
    diff |= ours.isna() != theirs.isna()
    mismatches = int(diff.values.sum())
    if len(sys.argv) > 3:
        print(f"{int(matched.sum())} of {len(matched)} documents compared", file=sys.stderr)
        for col in MK:
            if diff[col].sum():
                print(col, int(diff[col].sum()), file=sys.stderr)
print(f"{t1 - t0:.3f} {t2 - t1:.3f} {len(docs)} {mismatches}")
