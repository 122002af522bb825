#!/usr/bin/env python3
"""What a reader of a results folder sees, as text, for tests/test_briefing.c.

visible_text.py RESULTS  prints, for each briefing page and each sheet of summary.xlsx but 说明,
a line `== NAME` and then the text a reader meets: HTML without tags, style and script (and
without the `代码对照` line, class "ids", the one place a page lists the CSVs' ids on purpose);
Markdown without link and image targets and without that line; a sheet's cell strings.
"""
import html.parser
import os
import re
import sys
import xml.etree.ElementTree as ET
import zipfile


class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.out, self.skip = [], []

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        if tag in ("style", "script") or "ids" in cls.split():
            self.skip.append(tag)
        elif self.skip and tag == self.skip[-1]:
            self.skip.append(tag)

    def handle_endtag(self, tag):
        if self.skip and tag == self.skip[-1]:
            self.skip.pop()

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def main(res):
    bdir = os.path.join(res, "briefing")
    for name in sorted(os.listdir(bdir)):
        path = os.path.join(bdir, name)
        text = open(path, encoding="utf-8").read()
        if name.endswith(".html"):
            p = Text()
            p.feed(text)
            text = " ".join(p.out)
        elif name.endswith(".md"):
            text = "\n".join(l for l in text.split("\n") if not l.startswith("代码对照（CSV）："))
            text = re.sub(r"\]\([^)]*\)", "]", text)
        else:
            continue
        print("== briefing/" + name)
        print(text)
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    z = zipfile.ZipFile(os.path.join(res, "summary.xlsx"))
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        sst = ET.fromstring(z.read("xl/sharedStrings.xml"))
        shared = ["".join(t.text or "" for t in si.iter("{%s}t" % ns["m"])) for si in sst]
    for i, sh in enumerate(wb.find("m:sheets", ns), 1):
        if sh.get("name") == "说明":
            continue
        x = ET.fromstring(z.read("xl/worksheets/sheet%d.xml" % i))
        print("== summary.xlsx " + sh.get("name"))
        for c in x.iter("{%s}c" % ns["m"]):
            if c.get("t") == "s":
                print(shared[int(c.find("m:v", ns).text)])
            else:
                for t in c.iter("{%s}t" % ns["m"]):
                    print(t.text or "")


main(sys.argv[1])
