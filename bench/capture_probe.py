#!/usr/bin/env python3
"""Capture-style probe (issue 13, fourth round): rewrite the dev pages the way another capture tool
renders them, keep the gold of each original line, and compare keep/drop with the originals.

    python bench/capture_probe.py MODE [SET ...]      (sets: dev..dev7 by default; never held-out sets)

Modes: ``indent`` (three spaces before every line, lynx/w3m), ``markers`` (a ``[n]`` link marker before
every removed line of at most 8 words, w3m), ``bullets`` (``   • `` before every removed line of at most
4 words: lists as a text browser renders them), ``nbsp``, ``reader`` (every removed line dropped: reader
mode), ``join`` / ``joinbar`` (runs of 3 or more removed lines of at most 3 words joined into one line
by two spaces / `` | ``: a select-all copy of inline lists), ``split`` (a paragraph of 16 or more words
cut into three lines around a two-word piece: a per-node scraper at an inline link), ``wrap`` (every
long line wrapped at 76 columns behind a three-space indent: lynx/w3m -dump), ``markdown`` (every removed
line of at most 8 words a ``* [text](/p/n/)`` link, ``# `` before the title and ``## `` before headings:
html2text).  The rewritten pages
go to /tmp/capture_probe/MODE/SET.  A probe, not a test set: the rewriting is mechanical and some of
it (joins across blocks) is harsher than a real tool."""
import sys, shutil, re
from pathlib import Path
from corpus.document.evaluate import evaluate, read_gold
mode = sys.argv[1]
sets = sys.argv[2:] or ["dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7"]
out = Path("/tmp/capture_probe") / mode
for s in sets:
    assert not s.startswith("heldout")
    src = Path(__file__).resolve().parent.parent / "tests/unseen" / s
    dst = out / s
    if dst.exists(): shutil.rmtree(dst)
    dst.mkdir(parents=True)
    n = 0
    for p in sorted(src.glob("*.txt")):
        gold = read_gold(p.with_suffix(".tsv"))
        data = p.read_bytes().decode("utf-8-sig")
        lines = data.split("\n")
        res = []
        if mode == "split":
            newgold = []
            for k, ln in enumerate(lines, 1):
                w = ln.split()
                if k in gold and gold[k] == ["paragraph"] and len(w) >= 16:
                    a = len(w) // 3
                    for piece in (w[:a], w[a:a + 2], w[a + 2:]):
                        res.append(" ".join(piece)); newgold.append((len(res), ["paragraph"], res[-1]))
                    continue
                res.append(ln.rstrip("\r"))
                if k in gold: newgold.append((len(res), gold[k], ln.strip()))
            (dst / p.name).write_text("\n".join(res), encoding="utf-8")
            (dst / p.with_suffix(".tsv").name).write_text("\n".join(f"{n}\t{'|'.join(g)}\t{t}" for n, g, t in newgold) + "\n", encoding="utf-8")
            continue
        if mode in ("join", "joinbar"):
            sep = "  " if mode == "join" else " | "
            newgold = []
            k = 1
            while k <= len(lines):
                ln = lines[k - 1]
                run = []
                j = k
                while j <= len(lines) and j in gold and gold[j] == ["removed"] and len(lines[j - 1].split()) <= 3 and lines[j - 1].strip():
                    run.append(lines[j - 1].strip()); j += 1
                if len(run) >= 3:
                    res.append(sep.join(run)); newgold.append((len(res), ["removed"], res[-1]))
                    k = j; continue
                res.append(ln.rstrip("\r"))
                if k in gold: newgold.append((len(res), gold[k], ln.strip()))
                k += 1
            (dst / p.name).write_text("\n".join(res), encoding="utf-8")
            (dst / p.with_suffix(".tsv").name).write_text("\n".join(f"{n}\t{'|'.join(g)}\t{t}" for n, g, t in newgold) + "\n", encoding="utf-8")
            continue
        if mode == "wrap":
            # lynx/w3m -dump: every long line wrapped at 76 columns behind a three-space indent (blank
            # lines between paragraphs as the page had them); each piece keeps the line's gold
            newgold = []
            for k, ln in enumerate(lines, 1):
                body = ln.rstrip("\r")
                if k in gold and len(body) > 73:
                    cur = ""
                    for w in body.split():
                        if cur and len(cur) + 1 + len(w) > 73:
                            res.append("   " + cur); newgold.append((len(res), gold[k], cur)); cur = w
                        else:
                            cur = f"{cur} {w}" if cur else w
                    res.append("   " + cur); newgold.append((len(res), gold[k], cur))
                    continue
                res.append(body)
                if k in gold: newgold.append((len(res), gold[k], ln.strip()))
            (dst / p.name).write_text("\n".join(res), encoding="utf-8")
            (dst / p.with_suffix(".tsv").name).write_text("\n".join(f"{n}\t{'|'.join(g)}\t{t}" for n, g, t in newgold) + "\n", encoding="utf-8")
            continue
        if mode == "reader":
            newgold = []
            for k, ln in enumerate(lines, 1):
                if k in gold and gold[k] == ["removed"]:
                    continue
                res.append(ln)
                if k in gold:
                    newgold.append((len(res), gold[k], ln.strip()))
            (dst / p.name).write_text("\n".join(res), encoding="utf-8")
            (dst / p.with_suffix(".tsv").name).write_text("\n".join(f"{n}\t{'|'.join(g)}\t{t}" for n, g, t in newgold) + "\n", encoding="utf-8")
            continue
        for k, ln in enumerate(lines, 1):
            body = ln.rstrip("\r"); cr = ln[len(body):]
            if not body.strip() or k not in gold:
                res.append(ln); continue
            g = gold[k]
            words = len(body.split())
            if mode == "indent":
                body = "   " + body
            elif mode == "markers" and g == ["removed"] and words <= 8:
                n += 1; body = f"[{n}]" + body.lstrip()
            elif mode == "bullets" and g == ["removed"] and words <= 4:
                body = "   • " + body.lstrip()
            elif mode == "markdown" and g == ["removed"] and 0 < words <= 8 and not body.lstrip().startswith(("[", "*", "#")):
                n += 1; body = f" * [{body.strip()}](/p/{n}/)"
            elif mode == "markdown" and g == ["title"]:
                body = "# " + body.strip()
            elif mode == "markdown" and g == ["heading"]:
                body = "## " + body.strip()
            elif mode == "nbsp":
                body = body.replace(" ", "\u00a0", 1)
            res.append(body + cr)
        (dst / p.name).write_text("\n".join(res), encoding="utf-8")
        if mode != "reader": shutil.copy(p.with_suffix(".tsv"), dst / p.with_suffix(".tsv").name)
    a = evaluate(src, src, site_profiles=False).keep()
    b = evaluate(dst, dst, site_profiles=False).keep()
    print(f"{mode:8s} {s:5s} orig P {a.precision:.3f} R {a.recall:.3f} F1 {a.f1:.3f} | probe P {b.precision:.3f} R {b.recall:.3f} F1 {b.f1:.3f}")
