#!/usr/bin/env python3
"""Synthetic budget disclosures for yusuan: N units x Y years of internally consistent documents in
the seed's template (markdown with tab-separated tables, 万元) and in the layout-text template
(space-aligned columns, 元), deterministic from a seed number, with optional injected defects
listed in a ground-truth file.

    scripts/gen.py --units 30 --years 6 --seed 7 --out datasets/demo
    scripts/gen.py --units 1000 --years 8 --seed 1 --out /tmp/corpus --format md --defects 0.1

Writes OUT/docs/*.txt with OUT/docs/units.csv (the registry), OUT/truth.csv (every document's key
figures) and OUT/defects.csv (one row per injected defect: file, check ids the audit must
report). Every amount is a whole number of 分 and every total the exact sum of its parts, so a
clean document gives the audit nothing to report. Unit names say 示例 (synthetic)."""

import argparse
import os
import random

FUNCS = {
    "201": ("一般公共服务支出", [("20101", "人大事务", [("2010101", "行政运行"), ("2010102", "一般行政管理事务")]),
                              ("20103", "政府办公厅（室）及相关机构事务", [("2010301", "行政运行"), ("2010350", "事业运行")]),
                              ("20105", "统计信息事务", [("2010507", "专项普查活动")])]),
    "205": ("教育支出", [("20502", "普通教育", [("2050202", "小学教育"), ("2050203", "初中教育")])]),
    "207": ("文化旅游体育与传媒支出", [("20701", "文化和旅游", [("2070109", "群众文化")])]),
    "208": ("社会保障和就业支出", [("20805", "行政事业单位养老支出", [("2080505", "机关事业单位基本养老保险缴费支出"),
                                                             ("2080506", "机关事业单位职业年金缴费支出")])]),
    "210": ("卫生健康支出", [("21011", "行政事业单位医疗", [("2101101", "行政单位医疗"), ("2101102", "事业单位医疗")])]),
    "212": ("城乡社区支出", [("21201", "城乡社区管理事务", [("2120104", "城管执法")])]),
    "221": ("住房保障支出", [("22102", "住房改革支出", [("2210201", "住房公积金")])]),
}
ECON = {
    "301": ("工资福利支出", [("30101", "基本工资"), ("30102", "津贴补贴"), ("30103", "奖金"), ("30108", "机关事业单位基本养老保险缴费"),
                         ("30113", "住房公积金"), ("30199", "其他工资福利支出")]),
    "302": ("商品和服务支出", [("30201", "办公费"), ("30205", "水费"), ("30206", "电费"), ("30211", "差旅费"), ("30212", "因公出国（境）费用"),
                          ("30213", "维修（护）费"), ("30215", "会议费"), ("30216", "培训费"), ("30217", "公务接待费"), ("30228", "工会经费"),
                          ("30231", "公务用车运行维护费"), ("30299", "其他商品和服务支出")]),
    "303": ("对个人和家庭的补助", [("30302", "退休费"), ("30399", "其他对个人和家庭的补助")]),
}
DEPTS = [("801", "示例市教育局", ["205", "208", "210", "221"]), ("802", "示例市卫生健康委员会", ["210", "208", "221"]),
         ("803", "示例市文化广电旅游局", ["207", "208", "221"]), ("804", "示例市城市管理局", ["212", "208", "221"]),
         ("805", "示例市人民政府办公室", ["201", "208", "210", "221"]), ("806", "示例市统计局", ["201", "208", "221"])]
SUBS = ["第一", "第二", "第三", "第四", "第五", "第六", "第七", "第八", "第九"]
PROJECTS = ["专项业务费", "信息化运维费", "设备购置费", "宣传费", "培训项目", "课题研究费", "运行保障费", "系统建设费"]
CN = "零一二三四五六七八九十"


def cn_num(n):
    if n <= 10:
        return CN[n]
    if n < 20:
        return "十" + (CN[n - 10] if n > 10 else "")
    return CN[n // 10] + "十" + (CN[n % 10] if n % 10 else "")


def wan(f):
    """分 → 万元 with 2 decimals (generated amounts are whole hundredths of 万元)."""
    assert f % 10000 == 0
    return "%d.%02d" % divmod(f // 10000, 100) if f >= 0 else "-" + wan(-f)


def wan_th(f):
    s = wan(f)
    ip, dp = s.split(".")
    neg = ip.startswith("-")
    ip = ip.lstrip("-")
    groups = []
    while len(ip) > 3:
        groups.insert(0, ip[-3:])
        ip = ip[:-3]
    groups.insert(0, ip)
    return ("-" if neg else "") + ",".join(groups) + "." + dp


def yuan_th(f):
    assert f % 100 == 0
    y = f // 100
    return "{:,}".format(y)


def pct(num, den):
    """Percentage with 2 decimals, halves away from zero, from integers."""
    if den == 0:
        return None
    q = (abs(num) * 20000 // abs(den) + 1) // 2
    s = "%d.%02d" % divmod(q, 100)
    return ("-" if (num < 0) != (den < 0) and q else "") + s


def split(rng, total, n, lo=0.1):
    """Splits total 分 (a multiple of 10000) into n positive multiples of 10000 summing to it."""
    units = total // 10000
    if n == 1:
        return [total]
    w = [rng.uniform(lo, 1.0) for _ in range(n)]
    s = sum(w)
    parts = [max(1, int(units * x / s)) for x in w]
    parts[-1] = units - sum(parts[:-1])
    if parts[-1] < 1:
        parts = [units // n] * (n - 1) + [units - (units // n) * (n - 1)]
    return [p * 10000 for p in parts]


class Unit:
    def __init__(self, rng, code, name, parent, funcs, kind):
        self.code, self.name, self.parent, self.funcs, self.kind = code, name, parent, funcs, kind
        self.scale = rng.randint(300, 6000) * 10000 * 100  # 万元 → 分
        self.basic_ratio = rng.uniform(0.55, 0.9)
        self.first, self.last = None, None


def make_year(rng, u, year, prev):
    """One unit-year's figures (分), drifting from prev."""
    g = rng.uniform(-0.08, 0.15) if prev else 0
    total = (int(u.scale * (1 + g)) // 10000) * 10000 if prev else u.scale
    u.scale = total
    basic = (int(total * u.basic_ratio * rng.uniform(0.95, 1.05)) // 10000) * 10000
    basic = min(basic, total - 10000)
    project = total - basic
    # 项 lines: basic and project split over the unit's function classes
    items = []
    for fc in u.funcs:
        for kuan in FUNCS[fc][1][:rng.randint(1, len(FUNCS[fc][1]))]:
            for xiang in kuan[2][:rng.randint(1, len(kuan[2]))]:
                items.append((fc, kuan, xiang))
    bparts = split(rng, basic, len(items))
    pparts = split(rng, project, len(items))
    lines = [dict(fc=fc, kuan=k, xiang=x, basic=b, project=p) for (fc, k, x), b, p in zip(items, bparts, pparts)]
    # economic classification of basic spending: personnel (301, 303) and public use (302)
    public = (int(basic * rng.uniform(0.06, 0.18)) // 10000) * 10000
    personnel = basic - public
    p303 = (int(personnel * rng.uniform(0.0, 0.05)) // 10000) * 10000
    p301 = personnel - p303
    # 三公 and meetings: small, in 302; mostly flat or falling, sometimes up
    def drift(key, base):
        if prev and rng.random() < 0.75:
            v = prev["sg"][key]
            if rng.random() < 0.3:
                v = max(0, v - rng.randint(0, 3) * 100000)
            elif rng.random() < 0.15:
                v += rng.randint(1, 4) * 100000
            return v
        return base
    sg = {"abroad": drift("abroad", rng.choice([0, 0, 0, rng.randint(1, 30) * 100000])),
          "purchase": 0,
          "operation": drift("operation", rng.choice([0, rng.randint(5, 90) * 100000])),
          "reception": drift("reception", rng.randint(0, 40) * 100000)}
    meeting = rng.randint(0, 30) * 100000
    training = rng.randint(0, 30) * 100000
    fixed = sg["abroad"] + sg["operation"] + sg["reception"] + meeting + training
    if fixed + 50000 > public:
        public = fixed + rng.randint(5, 50) * 10000
        personnel = basic - public
        p303 = min(p303, personnel // 2 // 10000 * 10000)
        p301 = personnel - p303
    e302 = {"30212": sg["abroad"], "30231": sg["operation"], "30217": sg["reception"], "30215": meeting, "30216": training}
    rest = public - fixed
    others = [c for c, _ in ECON["302"][1] if c not in e302]
    for c, v in zip(others, split(rng, rest, len(others))):
        e302[c] = v
    e301 = dict(zip([c for c, _ in ECON["301"][1]], split(rng, p301, len(ECON["301"][1]))))
    e303 = dict(zip([c for c, _ in ECON["303"][1]], split(rng, p303, 2))) if p303 else {"30302": 0, "30399": 0}
    econ = {"301": e301, "302": e302, "303": e303}
    # procurement from project spending; performance projects = all project spending
    proc = (int(project * rng.uniform(0.05, 0.4)) // 10000) * 10000
    goods = (int(proc * rng.uniform(0.2, 0.8)) // 10000) * 10000
    services = proc - goods
    central = (int(proc * rng.uniform(0, 0.5)) // 10000) * 10000
    nproj = rng.randint(1, 5)
    projs = list(zip(rng.sample(PROJECTS, nproj), split(rng, project, nproj)))
    admin = public if u.kind in ("行政", "参公") else None
    return dict(year=year, total=total, basic=basic, project=project, lines=lines, personnel=personnel,
                public=public, econ=econ, sg=sg, meeting=meeting, training=training, proc=proc, goods=goods,
                services=services, central=central, projs=projs, admin=admin)


# ---------------------------------------------------------------- seed template (md / TSV)

def class_sums(y):
    out = {}
    for l in y["lines"]:
        out.setdefault(l["fc"], [0, 0])
        out[l["fc"]][0] += l["basic"]
        out[l["fc"]][1] += l["project"]
    return out


def change_clause(cur, prior):
    if prior is None:
        return ""
    d = cur - prior
    if d == 0:
        return "，与上年持平"
    word = "增加" if d > 0 else "减少"
    if prior == 0:
        return "，同比%s%s万元，上年基数为零，不可比" % (word, wan(abs(d)))
    rate = "增长" if d > 0 else "下降"
    return "，同比%s%s万元，同比%s%s%%" % (word, wan(abs(d)), rate, pct(abs(d), prior))


def md_doc(u, y, p, defect):
    """The seed's template. p: the prior year's figures (None when the unit is new)."""
    t = y["total"]
    L = []
    title = "%s%s" % (u.code, u.name)
    L += ["", title, "%d年单位预算公开说明" % y["year"], "", "# 第一部分 %s概况" % title, "",
          "%s是%s管理的%s单位（示例数据，非真实单位）。" % (u.name, u.parent_name, u.kind), "",
          "# 第二部分 %s%d年单位预算情况说明" % (title, y["year"]), "", "### 一、单位收支总体情况说明", ""]
    cs = class_sums(y)
    pcs = class_sums(p) if p else {}
    enum = "、".join("%s%s万元" % (FUNCS[fc][0], wan(b + pr)) for fc, (b, pr) in sorted(cs.items()))
    if defect == "narrative_vs_table":
        fc0 = sorted(cs)[0]
        wrong = cs[fc0][0] + cs[fc0][1] + 1230000
        enum = enum.replace("%s%s万元" % (FUNCS[fc0][0], wan(sum(cs[fc0]))), "%s%s万元" % (FUNCS[fc0][0], wan(wrong)), 1)
    L += ["%d年单位收支总预算%s万元%s。收入包括：一般公共预算拨款%s万元。支出包括：%s。" % (
        y["year"], wan_th(t), change_clause(t, p["total"] if p else None), wan_th(t), enum), ""]
    L += ["### 三、单位支出总体情况说明", ""]
    L += ["%d年单位支出总预算%s万元，基本支出预算%s万元，占支出总预算%s%%%s。项目支出预算%s万元，占支出总预算%s%%%s。" % (
        y["year"], wan_th(t), wan_th(y["basic"]), pct(y["basic"], t), change_clause(y["basic"], p["basic"] if p else None),
        wan_th(y["project"]), pct(y["project"], t), change_clause(y["project"], p["project"] if p else None)), ""]
    for i, (fc, (b, pr)) in enumerate(sorted(cs.items()), 1):
        prior = sum(pcs[fc]) if fc in pcs else (0 if p else None)
        L += ["%d. %s%s万元，占支出总预算%s%%%s。" % (i, FUNCS[fc][0], wan_th(b + pr), pct(b + pr, t), change_clause(b + pr, prior)), ""]
    L += ["## 六、一般公共预算基本支出情况说明", "",
          "%d年单位一般公共预算基本支出%s万元，其中：" % (y["year"], wan_th(y["basic"])), "",
          "（一）人员经费%s万元，主要包括：基本工资、津贴补贴、奖金等。" % wan_th(y["personnel"]), "",
          "（二）公用经费%s万元，主要包括：办公费、差旅费、会议费、培训费等。" % wan_th(y["public"]), ""]
    sg, psg = y["sg"], (p["sg"] if p else None)
    sgt = sg["abroad"] + sg["purchase"] + sg["operation"] + sg["reception"]
    psgt = (psg["abroad"] + psg["purchase"] + psg["operation"] + psg["reception"]) if p else None
    stated_prior = psgt
    if defect == "restated_prior":
        stated_prior = psgt + 50000
    L += ["## **七、一般公共预算“三公”经费支出情况说明**", ""]
    if p:
        d = sgt - stated_prior
        how = "与上年持平" if d == 0 else ("增加%s万元" % wan(d) if d > 0 else "减少%s万元" % wan(-d))
        L += ["%d年单位一般公共预算安排的“三公”经费支出预算%s万元，比%d年预算%s万元，%s。" % (y["year"], wan(sgt), y["year"] - 1, wan(stated_prior), how), ""]
    else:
        L += ["%d年单位一般公共预算安排的“三公”经费支出预算%s万元。" % (y["year"], wan(sgt)), ""]
    L += ["（一）因公出国（境）经费%d年预算%s万元%s。" % (y["year"], wan(sg["abroad"]), change_clause(sg["abroad"], psg["abroad"] if p else None)), "",
          "（二）公务接待费%d年预算%s万元%s。" % (y["year"], wan(sg["reception"]), change_clause(sg["reception"], psg["reception"] if p else None)), "",
          "（三）公务用车购置及运行维护费%d年预算%s万元%s。" % (y["year"], wan(sg["purchase"] + sg["operation"]),
                                                change_clause(sg["purchase"] + sg["operation"], (psg["purchase"] + psg["operation"]) if p else None)), ""]
    L += ["## **十、政府采购预算情况说明**", "",
          "%d年政府采购预算%s万元。其中：货物类采购预算%s万元，工程类采购预算0.00万元，服务类采购预算%s万元。" % (
              y["year"], wan(y["proc"]), wan(y["goods"]), wan(y["services"])), "",
          "## **十二、项目预算绩效目标情况说明**", "",
          "我单位%d年所有项目支出全面实施绩效管理，涉及项目%d个，预算资金%s万元。" % (y["year"], len(y["projs"]), wan_th(y["project"])), ""]
    if y["admin"] is not None:
        L += ["### **（一）机关运行经费安排情况说明**", "",
              "%d年机关运行经费预算%s万元%s。" % (y["year"], wan(y["admin"]), change_clause(y["admin"], p["admin"] if p and p["admin"] is not None else None)), ""]
    L += ["# 第五部分 附件", ""]

    def table(title_, headers, rows, note=None):
        L.extend(["## " + title_, "", "单位名称：" + title, "", "单位：万元", ""])
        L.extend("\t".join(h) for h in headers)
        L.extend("\t".join(r) for r in rows)
        L.append("")
        if note:
            L.extend([note, ""])

    # 01 summary (two-sided)
    left = [("一、一般公共预算拨款", t), ("二、政府性基金预算拨款", 0), ("三、国有资本经营预算拨款", 0), ("四、财政专户管理资金", 0), ("五、单位资金", 0)]
    right = [("%s、%s" % (cn_num(i), FUNCS[fc][0]), b + pr) for i, (fc, (b, pr)) in enumerate(sorted(cs.items()), 1)]
    rows = []
    for i in range(max(len(left), len(right))):
        l = left[i] if i < len(left) else ("", None)
        r = right[i] if i < len(right) else ("", None)
        rows.append((l[0], wan_th(l[1]) if l[1] is not None else "", r[0], wan_th(r[1]) if r[1] is not None else ""))
    rows += [("本年收入合计", wan_th(t), "本年支出合计", wan_th(t)), ("上年结转结余", "0.00", "结转下年支出", "0.00"),
             ("收入总计", wan_th(t), "支出总计", wan_th(t))]
    table("单位收支总体情况表", [("收入", "", "支出", ""), ("项目", "预算数", "项目（按支出功能科目分类）", "预算数")], rows)
    # 02 income
    inc = [wan_th(t), wan_th(t), wan_th(t), "0.00", "0.00", "0.00", "0.00"]
    table("单位收入总体情况表", [("部门（单位）代码", "部门（单位）名称", "合计", "本年收入", "", "", "", ""),
                            ("", "", "", "小计", "一般公共预算", "政府性基金预算", "国有资本经营预算", "单位资金")],
          [("合计", "") + tuple(inc[:6]), (u.code, u.name) + tuple(inc[:6])])
    # 03 expenditure
    rows = [("合计", "", "", wan_th(t), wan_th(y["basic"]), wan_th(y["project"]))]
    for l in y["lines"]:
        rows.append((l["xiang"][0], "", l["xiang"][1], wan_th(l["basic"] + l["project"]), wan_th(l["basic"]), wan_th(l["project"])))
    table("单位支出总体情况表", [("科目编码", "部门(单位)代码", "部门名称(单位)(功能分类科目名称)", "合计", "基本支出", "项目支出")], rows)
    # 04 fiscal summary
    rows = [("一、本年收入", wan_th(t), "一、本年支出", wan_th(t)), ("（一）一般公共预算", wan_th(t), "", "")]
    for i, (fc, (b, pr)) in enumerate(sorted(cs.items()), 1):
        rows.append(("", "", "（%s）%s" % (cn_num(i), FUNCS[fc][0]), wan_th(b + pr)))
    rows.append(("收入总计", wan_th(t), "支出总计", wan_th(t)))
    table("财政拨款收支总体情况表", [("收入", "", "支出", ""), ("项目", "预算数", "项目（按支出功能科目分类）", "预算数")], rows)
    # 05 gpb expenditure (人员/公用 only on basic; all basic in one line's share)
    rows = [("合计", "", "", wan_th(t), wan_th(y["basic"]), wan_th(y["personnel"]), wan_th(y["public"]), wan_th(y["project"]))]
    pers_left, pub_left = y["personnel"], y["public"]
    for i, l in enumerate(y["lines"]):
        if i == len(y["lines"]) - 1:
            pe, pu = pers_left, pub_left
        else:
            pu = min(pub_left, (l["basic"] * y["public"] // max(1, y["basic"])) // 10000 * 10000)
            pe = l["basic"] - pu
            if pe > pers_left:
                pe, pu = pers_left, l["basic"] - pers_left
        pers_left -= pe
        pub_left -= pu
        rows.append((l["xiang"][0], "", l["xiang"][1], wan_th(l["basic"] + l["project"]), wan_th(l["basic"]), wan_th(pe), wan_th(pu), wan_th(l["project"])))
    table("一般公共预算支出情况表", [("科目编码", "部门（单位）代码", "部门（单位）名称", "合计", "本年一般公共预算支出", "", "", ""),
                                ("", "", "", "", "基本支出", "", "", "项目支出"), ("", "", "", "", "小计", "人员经费", "公用经费", "")], rows)
    # 06 gpb basic (economic)
    rows = [("合计", "", wan_th(y["basic"]), wan_th(y["personnel"]), wan_th(y["public"]))]
    for cls in ("301", "302", "303"):
        items = y["econ"][cls]
        ct = sum(items.values())
        pers = cls != "302"
        rows.append((cls, ECON[cls][0], wan_th(ct), wan_th(ct if pers else 0), wan_th(0 if pers else ct)))
        for code, name in ECON[cls][1]:
            v = items.get(code, 0)
            if defect == "code_sum" and code == "30201":
                v += 370000
            rows.append((code, name, wan_th(v), wan_th(v if pers else 0), wan_th(0 if pers else v)))
    table("一般公共预算基本支出情况表", [("部门预算支出经济分类科目", "", "本年一般公共预算基本支出", "", ""), ("科目编码", "科目名称", "合计", "人员经费", "公用经费")], rows)
    # 07 三公
    vals = [sgt, sg["abroad"], sg["purchase"] + sg["operation"], sg["purchase"], sg["operation"], sg["reception"], y["meeting"], y["training"]]
    cells = [wan(v) for v in vals]
    if defect == "garbage_cell":
        cells[6] = wan(vals[6]).replace("0", "O", 1) if "0" in wan(vals[6]) else "1O.00"
    table("财政拨款三公两费支出情况表", [("部门(单位)代码", "部门(单位)名称", "“三公”经费", "", "", "", "", "", "会议费", "培训费"),
                                 ("", "", "合计", "因公出国(境)费", "公务用车购置及运行维护费", "", "", "公务接待费", "", ""),
                                 ("", "", "", "", "小计", "公务用车购置费", "公务用车运行维护费", "", "", "")],
          [("合计", "") + tuple(cells)])
    # 08/09 empty tables; 08 may carry the stated-empty defect
    gf = "0.00" if defect != "stated_empty_with_values" else "12.00"
    table("政府性基金预算支出情况表", [("科目编码", "部门（单位）代码", "部门（单位）名称", "本年政府性基金预算支出", "", ""), ("", "", "", "合计", "基本支出", "项目支出")],
          [("合计", "", "", gf, "0.00", gf)], "注：本单位%d年没有政府性基金预算支出，故本表无数据。" % y["year"])
    table("国有资本经营预算支出情况表", [("科目编码", "部门（单位）代码", "部门（单位）名称", "本年国有资本经营预算支出", "", ""), ("", "", "", "合计", "基本支出", "项目支出")],
          [("合计", "", "", "0.00", "0.00", "0.00")], "注：本单位%d年没有国有资本经营预算支出，故本表无数据。" % y["year"])
    # 10 procurement: by kind, central vs decentral (all goods/services decentral except central)
    cg = min(y["central"], y["goods"])
    cs_ = min(y["central"] - cg, y["services"])
    central = cg + cs_
    row = ["合计", "", "", "", wan(y["proc"]), wan(y["proc"]), wan(y["proc"]), wan(central), wan(cg), wan(cs_),
           wan(y["proc"] - central), wan(y["goods"] - cg), "0.00", wan(y["services"] - cs_)]
    rows = [tuple(row)]
    if defect == "unplaced_row":
        short = list(row)
        short[0], short[1], short[2], short[3] = "", u.code, u.name, ""
        rows.append(tuple(short[:-1]))
    table("政府采购预算表", [("科目编码", "部门（单位）代码", "部门（单位）名称", "项目名称", "政府采购资金类型", "", "政府采购项目类型", "", "", "", "", "", "", ""),
                         ("", "", "", "", "合计", "一般公共预算", "合计", "集中采购", "", "", "分散采购", "", "", ""),
                         ("", "", "", "", "", "", "", "小计", "货物类", "服务类", "小计", "货物类", "工程类", "服务类")], rows)
    # 11 purchase of services: stated empty
    table("政府购买服务预算表", [("科目编码", "部门（单位）代码", "部门（单位）名称", "政府购买服务资金类型", ""), ("", "", "", "合计", "一般公共预算")],
          [("合计", "", "", "0.00", "0.00")], "注：本单位%d年没有政府购买服务预算支出，故本表无数据。" % y["year"])
    # 12 performance
    rows = [("1", "", "合计", "", wan(y["project"]), "")]
    for i, (nm, v) in enumerate(y["projs"], 2):
        rows.append((str(i), u.code, u.name, nm, wan(v), "按期完成（示例）"))
    table("项目绩效目标公开表", [("序号", "单位代码", "单位名称", "项目名称", "预算资金总额", "年度绩效目标")], rows)
    return "\n".join(L) + "\n"


# ---------------------------------------------------------------- layout template (元)

def two_sided(left, right, ends):
    """A two-sided summary table's rows: (name, amount) pairs on the left, on the right names
    with their amount right-aligned at each of `ends`; a blank line after each row."""
    out = []
    for i in range(max(len(left), len(right))):
        ln, lv = left[i] if i < len(left) else ("", None)
        rn, rv = right[i] if i < len(right) else ("", None)
        line = ln
        if lv is not None:
            line += " " * max(2, 30 - len(line) - len(yuan_th(lv))) + yuan_th(lv)
        if rn:
            line += " " * max(2, 34 - len(line)) + rn
            for e in ends if rv is not None else []:
                line += " " * max(2, e - len(line) - len(yuan_th(rv))) + yuan_th(rv)
        out += [line, ""]
    return out


def lrow(cells, ends):
    """Space-aligned row as pdftotext lays it out: the first cell at the left, each other cell
    right-aligned to end at its column (character positions)."""
    out = cells[0]
    for c, e in zip(cells[1:], ends[1:]):
        if not c:
            continue
        out += " " * max(2, e - len(out) - len(c)) + c
    return out


def layout_doc(u, y, p, defect):
    t = y["total"]
    title = "%s%d年单位预算" % (u.name, y["year"])
    L = [title, "", "     预算单位：" + u.name, "", "                  %d年单位预算编制说明" % y["year"], ""]
    cs = class_sums(y)
    change = ""
    if p:
        d = t - p["total"]
        change = "，与%d年预算持平" % (y["year"] - 1) if d == 0 else "，比%d年预算%s%s万元" % (y["year"] - 1, "增加" if d > 0 else "减少", wan(abs(d)))
    L += ["    %d年，%s收入预算%s万元%s。" % (y["year"], u.name, wan(t), change)]
    sg, psg = y["sg"], (p["sg"] if p else None)
    sgt = sg["abroad"] + sg["purchase"] + sg["operation"] + sg["reception"]
    L += ["    %d年“三公”经费预算数为%s万元%s。" % (y["year"], wan(sgt), "" if not p else (
        "，与%d年预算持平" % (y["year"] - 1) if sgt == sum(psg[k] for k in ("abroad", "purchase", "operation", "reception"))
        else "，比%d年预算%s%s万元" % (y["year"] - 1, "增加" if sgt > sum(psg.values()) else "减少",
                                      wan(abs(sgt - sum(psg[k] for k in ("abroad", "purchase", "operation", "reception"))))))),
          "    %d年度本单位政府采购预算%s万元，其中：政府采购货物预算%s万元、政府采购工程预算0.00万元、政府采购服务预算%s万元。" % (
              y["year"], wan(y["proc"]), wan(y["goods"]), wan(y["services"])),
          "    %d年本单位政府购买服务预算0.00万元。" % y["year"],
          "    %d年度，本单位编报绩效目标的项目共%d个，涉及项目预算资金%s万元。" % (y["year"], len(y["projs"]), wan(y["project"])), ""]
    W = [16, 30, 44, 58, 72]

    def head(name, unit="元"):
        L.extend(["\f" + " " * 20 + name, "编制单位：%s%s单位：%s" % (u.name, " " * 30, unit), ""])

    R = [0, 46, 60, 74]
    # 财务收支预算总表: income items | expenditure classes (two-sided)
    head("%d年预算单位财务收支预算总表" % y["year"])
    L += ["          本年收入                                      本年支出", "",
          "    项目           预算数                项目                  预算数", ""]
    left = [("一、财政拨款收入", t), ("1、一般公共预算资金", t), ("2、政府性基金", None), ("3、国有资本经营预算", None),
            ("二、事业收入", None), ("三、事业单位经营收入", None), ("四、其他收入", None)]
    right = [("%s、%s" % (cn_num(i), FUNCS[fc][0]), b + pr) for i, (fc, (b, pr)) in enumerate(sorted(cs.items()), 1)]
    L += two_sided(left, right, [64])
    tot = "   收入总计"
    tot += " " * (30 - len(tot) - len(yuan_th(t))) + yuan_th(t) + " " * 6 + "支出总计"
    tot += " " * (64 - len(tot) - len(yuan_th(t))) + yuan_th(t)
    L += [tot]
    # 收入预算总表
    head("%d年预算单位收入预算总表" % y["year"])
    L += ["                   项目                                         收入预算", "",
          "功能分类科目编码", lrow(["", "功能分类科目名称", "合计", "财政拨款收入", "事业收入"], [0, 24, 40, 54, 68]), "类     款    项", ""]
    for fc in sorted(cs):
        b, pr = cs[fc]
        L += [lrow(["%s             %s" % (fc, FUNCS[fc][0]), yuan_th(b + pr), yuan_th(b + pr), "0"], R), ""]
    L += [lrow(["                        合计", yuan_th(t), yuan_th(t), "0"], R)]
    head("%d年预算单位支出预算总表" % y["year"])
    L += ["                  项目                 支出预算", "",
          "功能分类科目编码", lrow(["", "功能分类科目名称", "合计", "基本支出", "项目支出"], [0, 24, 40, 54, 68]), "类     款    项", ""]
    for fc in sorted(cs):
        b, pr = cs[fc]
        L += [lrow(["%s             %s" % (fc, FUNCS[fc][0]), yuan_th(b + pr), yuan_th(b), yuan_th(pr)], [0, 46, 60, 74]), ""]
        for l in [x for x in y["lines"] if x["fc"] == fc]:
            c = l["xiang"][0]
            L += [lrow(["%s   %s   %s   %s" % (c[:3], c[3:5], c[5:], l["xiang"][1]), yuan_th(l["basic"] + l["project"]), yuan_th(l["basic"]), yuan_th(l["project"])], [0, 46, 60, 74]), ""]
    L += [lrow(["                        合计", yuan_th(t), yuan_th(y["basic"]), yuan_th(y["project"])], [0, 46, 60, 74])]
    # 财政拨款收支预算总表 (two-sided, 支出 by fund)
    head("%d年预算单位财政拨款收支预算总表" % y["year"])
    L += ["         财政拨款收入                                        财政拨款支出", "",
          "    项目            预算数            项目           合计          一般公共预算", ""]
    right = [("%s、%s" % (cn_num(i), FUNCS[fc][0]), b + pr) for i, (fc, (b, pr)) in enumerate(sorted(cs.items()), 1)]
    left = [("一、一般公共预算资金", t), ("二、政府性基金", None), ("三、国有资本经营预算", None)]
    L += two_sided(left, right, [58, 74])
    tot = "   收入总计"
    tot += " " * (30 - len(tot) - len(yuan_th(t))) + yuan_th(t) + " " * 6 + "支出总计"
    tot += " " * (58 - len(tot) - len(yuan_th(t))) + yuan_th(t)
    tot += " " * (74 - len(tot) - len(yuan_th(t))) + yuan_th(t)
    L += [tot]
    # 一般公共预算支出功能分类预算表 (all spending is general budget here)
    head("%d年预算单位一般公共预算支出功能分类预算表" % y["year"])
    L += ["                        项目                         一般公共预算支出", "",
          "功能分类科目编码", lrow(["", "功能分类科目名称", "合计", "基本支出", "项目支出"], [0, 24, 40, 54, 68]), "类     款    项", ""]
    for fc in sorted(cs):
        b, pr = cs[fc]
        L += [lrow(["%s             %s" % (fc, FUNCS[fc][0]), yuan_th(b + pr), yuan_th(b), yuan_th(pr)], R), ""]
    L += [lrow(["                        合计", yuan_th(t), yuan_th(y["basic"]), yuan_th(y["project"])], R)]
    for nm in ("政府性基金预算支出功能分类预算表", "国有资本经营预算支出功能分类预算表"):
        head("%d年预算单位%s" % (y["year"], nm))
        L += ["               项目                          %s" % nm[:-9], "", "功能分类科目编码",
              "                   功能分类科目名称            合计      基本支出      项目支出", " 类   款   项", "", "",
              "               合计",
              "注:本单位%d年无%s财政拨款安排的预算，故本表为空表。" % (y["year"], nm[:-11])]
    head("%d年预算单位一般公共预算基本支出部门预算经济分类预算表" % y["year"])
    L += ["                      项目                         一般公共预算基本支出", "", " 经济分类科目编码",
          lrow(["", "部门经济分类科目名称", "合计", "人员经费", "公用经费"], [0, 24, 40, 54, 68]), "  类     款", ""]
    for cls in ("301", "302", "303"):
        items = y["econ"][cls]
        pers = cls != "302"
        ct = sum(items.values())
        L += [lrow(["  %s        %s" % (cls, ECON[cls][0]), yuan_th(ct), yuan_th(ct) if pers else "", "" if pers else yuan_th(ct)], [0, 46, 60, 74]), ""]
        for code, name in ECON[cls][1]:
            v = items.get(code, 0)
            L += [lrow(["  %s   %s   %s" % (code[:3], code[3:], name), yuan_th(v), yuan_th(v) if pers else "", "" if pers else yuan_th(v)], [0, 46, 60, 74]), ""]
    L += [lrow(["                      合计", yuan_th(y["basic"]), yuan_th(y["personnel"]), yuan_th(y["public"])], [0, 46, 60, 74])]
    head("单位“三公”经费和机关运行经费预算表", "万元")
    L += ["                             %d年“三公”经费预算数" % y["year"], "",
          "                                               公务用车购置及运行费",
          "   合计         因公出国(境)费       公务接待费                                        机关运行经费",
          "                                         小计         购置费        运行费", "", "", ""]
    vals = [sgt, sg["abroad"], sg["reception"], sg["purchase"] + sg["operation"], sg["purchase"], sg["operation"], y["admin"] or 0]
    pos = [11, 26, 38, 49, 61, 70, 86]
    line = ""
    for v, x in zip(vals, pos):
        s = wan(v)
        line += " " * max(2, x - len(line) - len(s)) + s
    L += [line, "                            其他相关情况说明", ""]
    return "\n".join(L) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", type=int, default=30)
    ap.add_argument("--years", type=int, default=6)
    ap.add_argument("--start", type=int, default=2020, help="first year")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--format", choices=("md", "layout", "both"), default="both",
                    help="both: units alternate between the two templates")
    ap.add_argument("--defects", type=float, default=0.0, help="share of documents with one injected defect")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(os.path.join(a.out, "docs"), exist_ok=True)
    units = []
    for i in range(a.units):
        dcode, dname, funcs = DEPTS[i % len(DEPTS)]
        k = i // len(DEPTS)
        if k == 0:
            code, name, kind = dcode, dname + "（本级）", "行政"
        else:
            code = "%s%03d" % (dcode, k)
            name = "%s%s%s" % (dname.replace("示例市", "示例市"), SUBS[(k - 1) % len(SUBS)], rng.choice(["中心", "服务所", "管理站", "研究院"]))
            if k > len(SUBS):
                name += str(k)
            kind = rng.choice(["参公", "事业", "事业"])
        fs = rng.sample(funcs, rng.randint(2, len(funcs)))
        u = Unit(rng, code, name, dcode, sorted(fs), kind)
        u.parent_name = dname
        # units appear and disappear
        u.first = a.start + (rng.randint(1, 2) if rng.random() < 0.1 else 0)
        u.last = a.start + a.years - 1 - (rng.randint(1, 2) if rng.random() < 0.1 else 0)
        units.append(u)
    defect_kinds = ["code_sum", "narrative_vs_table", "restated_prior", "unplaced_row", "stated_empty_with_values", "garbage_cell"]
    expected = {"code_sum": "code_sum", "narrative_vs_table": "narrative_vs_table", "restated_prior": "restated_prior",
                "unplaced_row": "unplaced_row", "stated_empty_with_values": "stated_empty_with_values", "garbage_cell": "garbage_cell"}
    truth = ["file,unit_code,unit_name,year,doc_kind,expenditure_total,basic,project,personnel,public_use,sangong_total,admin_running"]
    defects = ["file,unit_code,year,defect,check"]
    with open(os.path.join(a.out, "docs", "units.csv"), "w", encoding="utf-8") as f:
        f.write("unit_code,unit_name,aliases,parent_code,group\n")
        for u in units:
            f.write("%s,%s,,%s,%s\n" % (u.code, u.name, u.parent if u.code != u.parent else "", u.parent))
    for ui, u in enumerate(units):
        prev = None
        fmt = a.format if a.format != "both" else ("md" if ui % 2 == 0 else "layout")
        for yr in range(u.first, u.last + 1):
            y = make_year(rng, u, yr, prev)
            defect = None
            if a.defects and rng.random() < a.defects and fmt == "md":
                defect = rng.choice(defect_kinds)
                if defect == "restated_prior" and prev is None:
                    defect = "code_sum"
            name = "%s-%d-budget.txt" % (u.code, yr)
            text = md_doc(u, y, prev, defect) if fmt == "md" else layout_doc(u, y, prev, defect)
            with open(os.path.join(a.out, "docs", name), "w", encoding="utf-8") as f:
                f.write(text)
            sgt = sum(y["sg"][k] for k in ("abroad", "purchase", "operation", "reception"))
            truth.append("docs/%s,%s,%s,%d,budget/unit,%s,%s,%s,%s,%s,%s,%s" % (
                name, u.code, u.name, yr, wan(y["total"]), wan(y["basic"]), wan(y["project"]), wan(y["personnel"]),
                wan(y["public"]), wan(sgt), wan(y["admin"]) if y["admin"] is not None else ""))
            if defect:
                defects.append("docs/%s,%s,%d,%s,%s" % (name, u.code, yr, defect, expected[defect]))
            prev = y
    with open(os.path.join(a.out, "truth.csv"), "w", encoding="utf-8") as f:
        f.write("\n".join(truth) + "\n")
    with open(os.path.join(a.out, "defects.csv"), "w", encoding="utf-8") as f:
        f.write("\n".join(defects) + "\n")


if __name__ == "__main__":
    main()
