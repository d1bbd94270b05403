"""Leave-one-site-out check of the lexicon: for each dev site, drop the lexicon patterns and vocab
entries that match lines of that site only (among all dev sites and the seeds), clean the site's pages
with that reduced lexicon, and compare keep/drop to the full lexicon."""
import copy, json, re, shutil, sys, tempfile
from collections import defaultdict
from pathlib import Path
from corpus.clean import profiles as P
from corpus.text import raw as rawtext
from corpus.text.normalize import fold
from corpus.document.evaluate import evaluate, site_of

ROOT = Path(__file__).resolve().parent.parent
SETS = [a for a in sys.argv[1:] if not a.startswith('-')] or ['dev', 'dev2', 'dev3', 'dev4', 'dev5', 'dev6']
assert not any(s.startswith('heldout') for s in SETS), 'never on held-out sets'
pages = {}  # (set, site) -> list of paths
for s in SETS:
    for p in sorted((ROOT/'tests/unseen'/s).glob('*.txt')):
        pages.setdefault((s, site_of(p.stem)), []).append(p)
seedlines = {}
for p in sorted((ROOT/'seeds').glob('*.txt')):
    seedlines[('seed', p.stem[:3])] = [ln.text for ln in rawtext.read(p).lines if ln.text.strip()]
lines = {k: [ln.text for p in v for ln in rawtext.read(p).lines if ln.text.strip()] for k, v in pages.items()}
lines.update(seedlines)
folded = {k: [(fold(t), P.squash(t), len(t.split())) for t in v] for k, v in lines.items()}
lex = P.lexicon_data()
hits = {}  # (ri, pi) -> set of sites
for ri, r in enumerate(lex['rules']):
    mw = min(r.get('max_words', 40), 40)
    for pi, pat in enumerate(r['patterns']):
        sites = set()
        if r['match'] == 'exact':
            key = P.squash(pat)
            for k, fl in folded.items():
                if any(sq == key for f, sq, w in fl): sites.add(k)
        else:
            rx = re.compile(P._pattern_regex(r['match'], pat), re.I)
            for k, fl in folded.items():
                if any(w <= mw and rx.search(f) for f, sq, w in fl): sites.add(k)
        hits[(ri, pi)] = sites
vhits = {}
for vk, words in lex['vocab'].items():
    for wi, w in enumerate(words):
        fw = P.squash(w)
        sites = set()
        for k, fl in folded.items():
            for f, sq, n in fl:
                if vk == 'section_words' and sq == fw or vk != 'section_words' and fw in sq:
                    sites.add(k); break
        vhits[(vk, wi)] = sites

def reduced(site):
    d = copy.deepcopy(lex)
    dropped = []
    for ri, r in enumerate(d['rules']):
        keep = []
        for pi, pat in enumerate(r['patterns']):
            if hits[(ri, pi)] == {site}: dropped.append((r['id'], pat))
            else: keep.append(pat)
        r['patterns'] = keep or ['(?!)' if r['match'] == 'regex' else '\u0000never\u0000']
    for vk, words in d['vocab'].items():
        keep = []
        for wi, w in enumerate(words):
            if vhits[(vk, wi)] == {site}: dropped.append((vk, w))
            else: keep.append(w)
        d['vocab'][vk] = keep
    return d, dropped

orig = P.lexicon_data
def run(site_key, d):
    P.lexicon_data = (lambda: d) if d is not None else orig
    P._compiled.cache_clear()
    from corpus.clean import features
    with tempfile.TemporaryDirectory() as td:
        for p in pages[site_key]:
            shutil.copy(p, td); shutil.copy(p.with_suffix('.tsv'), td)
        rep = evaluate(Path(td), Path(td), site_profiles=False)
    P.lexicon_data = orig
    P._compiled.cache_clear()
    return rep
tot = defaultdict(lambda: [0, 0, 0])
verbose = '-v' in sys.argv
for key in sorted(pages):
    d, dropped = reduced(key)
    base = run(key, None); red = run(key, d)
    kb, kr = base.keep(), red.keep()
    print(f"{key[0]:5} {key[1]:16} full P {kb.precision:.3f} R {kb.recall:.3f} F1 {kb.f1:.3f} | loso P {kr.precision:.3f} R {kr.recall:.3f} F1 {kr.f1:.3f} titles {base.titles_ok}->{red.titles_ok}  dropped {len(dropped)}")
    if verbose:
        for x in dropped: print('      drop', x)
        for e in red.errors: print('      ', e)
    for name, rep in (('full', base), ('loso', red)):
        k = rep.keep(); t = tot[(key[0], name)]
        t[0] += k.tp; t[1] += k.fp; t[2] += k.fn
for s in SETS + ['ALL']:
    for name in ('full', 'loso'):
        tp = sum(v[0] for k, v in tot.items() if (s == 'ALL' or k[0] == s) and k[1] == name)
        fp = sum(v[1] for k, v in tot.items() if (s == 'ALL' or k[0] == s) and k[1] == name)
        fn = sum(v[2] for k, v in tot.items() if (s == 'ALL' or k[0] == s) and k[1] == name)
        p = tp/(tp+fp); r = tp/(tp+fn)
        print(f"{s:5} {name}: P {p:.3f} R {r:.3f} F1 {2*p*r/(p+r):.3f} fp {fp} fn {fn}")
