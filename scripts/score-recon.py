#!/usr/bin/env python3
"""Score `plan recon` against an outside truth set built from maintainers' docs.

Usage:
    scripts/score-recon.py TRUTH_DIR CHECKOUTS_DIR [--plan-bin PATH] [--json]
                           [--only NAME ...] [--use-cache] [--details]
                           [--save-recon DIR] [--from-recon DIR] [--timeout SECS]
                           [--repeat N]

For every TRUTH_DIR/<name>.json whose checkout CHECKOUTS_DIR/<name> exists, runs
`PLAN recon --format json --root CHECKOUTS_DIR/<name>` and reports, per repository
and as a mean:

  * R@25 / R@50     recall of the truth's central types among the first 25/50
                    ranked types ("Core data structures" items, in output order).
                    A truth type counts when a ranked type has the same name
                    (fully qualified, or its last `::`/`.` segment; truth aliases
                    allowed), wherever it is defined.
  * sR@25           the same, but the ranked type must also be defined in the
                    truth's file ("strict").
  * P@10            ranked types among the top 10 whose file matches the truth's
                    peripheral globs (tests, fixtures, vendored, generated, ...);
                    a truth central type in such a file is not counted.
  * EP prec / EP≥1  entry-point precision: the fraction of shown entry points
                    (flag items excluded) that are product entry points of the
                    truth (same path; for Go `cmd/<x>/` layouts and any truth
                    entry with `"match": "dir"`, same directory), and whether at
                    least one truth product entry point is shown.
  * Pkg P / Pkg R   package precision (over every listed package/module item) and
                    recall against the truth packages; a manifest package matches
                    a truth package with the same directory or name, a module item
                    (a file) matches when it lies inside a truth package directory
                    and is not peripheral.
  * Base R@25       "grep-and-filter" baseline: every type declared (simple regex)
                    in a non-peripheral source file, ranked by the number of
                    non-peripheral source files mentioning its name; recall@25.
  * secs            wall-clock seconds the recon took (median of --repeat runs).

Standard library only (Python 3.11). The recon JSON is read defensively: unknown
keys are ignored, and items may be plain strings or objects with `text`,
`citations`, and (if a future version adds them) `kind`/`name`/`path`.
By default the recon runs with `--no-cache` (cold, and nothing is written into
the checkout); `--use-cache` drops that flag.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

# ---------------------------------------------------------------- globs

def glob_to_re(pat: str) -> re.Pattern:
    """gitignore-flavoured glob -> regex over a repo-relative POSIX path.

    `**` spans directories, `*` and `?` stay within one segment, a pattern
    without `/` matches a basename at any depth, a trailing `/` matches
    everything under that directory.
    """
    pat = pat.strip()
    if pat.startswith('./'):
        pat = pat[2:]
    if pat.endswith('/'):
        pat += '**'
    if '/' not in pat:
        pat = '**/' + pat
    pat = pat.lstrip('/')
    i, out = 0, []
    while i < len(pat):
        c = pat[i]
        if pat.startswith('**/', i):
            out.append('(?:.*/)?')
            i += 3
        elif pat.startswith('**', i):
            out.append('.*')
            i += 2
        elif c == '*':
            out.append('[^/]*')
            i += 1
        elif c == '?':
            out.append('[^/]')
            i += 1
        elif c == '[':
            j = pat.find(']', i)
            if j == -1:
                out.append(re.escape(c))
                i += 1
            else:
                out.append(pat[i:j + 1])
                i = j + 1
        elif c == '{':
            j = pat.find('}', i)
            if j == -1:
                out.append(re.escape(c))
                i += 1
            else:
                out.append('(?:' + '|'.join(re.escape(x) for x in pat[i + 1:j].split(',')) + ')')
                i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    return re.compile('^' + ''.join(out) + '$')


class Peripheral:
    def __init__(self, globs):
        self.res = []
        for g in globs or []:
            g = g.get('glob') if isinstance(g, dict) else g
            if g:
                self.res.append(glob_to_re(g))

    def match(self, path: str | None) -> bool:
        if not path:
            return False
        p = path.replace('\\', '/')
        if p.startswith('./'):
            p = p[2:]
        return any(r.match(p) for r in self.res)

# ---------------------------------------------------------------- recon JSON

KIND_WORDS = r'(?:struct|enum|trait|class|interface|type|union|protocol|record|typedef|object|alias|module|namespace)'
TYPE_TEXT_RE = re.compile(r'^\s*(?:configuration\s+)?(?:(?:pub|public|abstract|data|type)\s+)*(' + KIND_WORDS + r')\s+`([^`]+)`')
BACKTICK_RE = re.compile(r'`([^`]+)`')


def item_text(it) -> str:
    if isinstance(it, str):
        return it
    if isinstance(it, dict):
        for k in ('text', 'summary', 'title', 'line'):
            if isinstance(it.get(k), str):
                return it[k]
    return ''


def item_path(it):
    if isinstance(it, dict):
        for k in ('path', 'file'):
            if isinstance(it.get(k), str):
                return it[k], it.get('line') or it.get('start')
        cits = it.get('citations') or it.get('cites') or []
        if isinstance(cits, list) and cits:
            c = cits[0]
            if isinstance(c, dict):
                return c.get('path') or c.get('file'), c.get('start') or c.get('line')
            if isinstance(c, str):
                m = re.match(r'(.+?):(\d+)', c)
                return (m.group(1), int(m.group(2))) if m else (c, None)
    # fall back on a `path:line` citation inside the text
    m = re.search(r'`([^`\s]+):(\d+)(?:-\d+)?`', item_text(it))
    if m:
        return m.group(1), int(m.group(2))
    return None, None


def sections(recon: dict) -> dict:
    items = recon.get('items')
    if isinstance(items, dict):
        return items
    if isinstance(items, list):  # a possible future shape: [{section, ...}]
        out = {}
        for it in items:
            if isinstance(it, dict):
                out.setdefault(str(it.get('section') or it.get('heading') or ''), []).append(it)
        return out
    return {k: v for k, v in recon.items() if isinstance(v, list)}


def find_section(secs: dict, *patterns):
    for pat in patterns:
        for k, v in secs.items():
            if re.search(pat, k, re.I):
                return v or []
    return []


def ranked_types(recon: dict):
    out = []
    for it in find_section(sections(recon), r'core data|data struct', r'\btypes?\b'):
        name = kind = None
        if isinstance(it, dict) and isinstance(it.get('name'), str):
            name, kind = it['name'], it.get('kind')
        else:
            t = item_text(it)
            m = TYPE_TEXT_RE.match(t)
            if m:
                kind, name = m.group(1), m.group(2)
            else:
                m = BACKTICK_RE.search(t)
                name = m.group(1) if m else None
        if not name:
            continue
        path, line = item_path(it)
        out.append({'name': name, 'kind': kind, 'path': path, 'line': line})
    return out


FLAG_ITEM_RE = re.compile(r'^\s*(?:\d+\s+)?(?:command-line\s+)?(?:flags?|options?|arguments?|subcommands?)\b', re.I)


def shown_entry_points(recon: dict):
    out = []
    for it in find_section(sections(recon), r'entry'):
        if isinstance(it, dict) and it.get('kind') and re.search(r'flag|option', str(it['kind']), re.I):
            continue
        t = item_text(it)
        if FLAG_ITEM_RE.match(t):
            continue
        path, line = item_path(it)
        if path:
            out.append({'path': path, 'line': line, 'text': t[:160]})
    return out


PKG_TEXT_RE = re.compile(r'^\s*`([^`]+)`\s*\((?:`([^`]*)`|the root)\)')
MOD_TEXT_RE = re.compile(r'^\s*(?:module|package|crate|directory)\s+`([^`]+)`')


def shown_packages(recon: dict):
    out = []
    sec = find_section(sections(recon), r'package|module|crate')
    for it in sec:
        t = item_text(it)
        m = PKG_TEXT_RE.match(t)
        if m:
            out.append({'name': m.group(1), 'dir': (m.group(2) or '').strip('/'), 'module': False})
            continue
        m = MOD_TEXT_RE.match(t)
        if m:
            p = m.group(1)
            out.append({'name': p, 'dir': p.strip('/'), 'module': True})
            continue
        if isinstance(it, dict) and (it.get('root') is not None or it.get('name')):
            out.append({'name': it.get('name') or '', 'dir': (it.get('root') or '').strip('/'), 'module': False})
    if not out:
        for p in recon.get('packages') or []:
            if isinstance(p, dict):
                out.append({'name': p.get('name') or '', 'dir': (p.get('root') or '').strip('/'), 'module': False})
    return out

# ---------------------------------------------------------------- matching

def last_segment(name: str) -> str:
    n = re.sub(r'<.*$', '', name.strip())
    n = re.sub(r'\(.*$', '', n)
    return re.split(r'::|\.|/|#', n)[-1]


def truth_names(t: dict):
    names = {t['name'], last_segment(t['name'])}
    for a in t.get('aliases') or []:
        names |= {a, last_segment(a)}
    return names


def name_matches(ranked_name: str, tnames) -> bool:
    return ranked_name in tnames or last_segment(ranked_name) in tnames


def norm(p):
    return (p or '').replace('\\', '/').strip('/')


def rank_of(t, ranked, strict=False):
    tn = truth_names(t)
    tpaths = {norm(t.get('path'))} | {norm(p) for p in t.get('alt_paths') or []}
    for i, r in enumerate(ranked):
        if name_matches(r['name'], tn) and (not strict or norm(r['path']) in tpaths):
            return i + 1
    return None


def ep_matches(shown_path: str, tep: dict) -> bool:
    sp, tp = norm(shown_path), norm(tep['path'])
    if sp == tp:
        return True
    if tep.get('match') == 'dir' or re.search(r'(^|/)cmd/', tp):
        return os.path.dirname(sp) == os.path.dirname(tp)
    return False


def pkg_score(shown, truth_pkgs, per: Peripheral):
    def hit(s, tp):
        td = norm(tp.get('dir'))
        if s['module']:
            sd = norm(s['dir'])
            return td != '' and (sd == td or sd.startswith(td + '/')) and not per.match(sd)
        return norm(s['dir']) == td or (s['name'] and s['name'] in ({tp.get('name')} | set(tp.get('aliases') or [])))
    good = [any(hit(s, tp) for tp in truth_pkgs) for s in shown]
    found = [any(hit(s, tp) for s in shown) for tp in truth_pkgs]
    prec = sum(good) / len(shown) if shown else None
    prec10 = sum(good[:10]) / len(good[:10]) if shown else None
    rec = sum(found) / len(truth_pkgs) if truth_pkgs else None
    return prec, prec10, rec, [tp['name'] for tp, f in zip(truth_pkgs, found) if not f]

# ---------------------------------------------------------------- baseline

SRC_EXT = {'.rs', '.go', '.py', '.pyi', '.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs',
           '.java', '.kt', '.c', '.h', '.cc', '.cpp', '.hpp', '.cs', '.swift', '.rb', '.scala'}
DECL_RE = re.compile(r'^[ \t]*(?:(?:pub(?:\([^)\n]*\))?|export|default|declare|abstract|public|private|internal|final|sealed|data)\s+)*'
                     r'(?:struct|enum|trait|class|interface|type|union)\s+([A-Za-z_][A-Za-z0-9_]*)', re.M)
IDENT_RE = re.compile(r'[A-Za-z_][A-Za-z0-9_]*')
STOP = {'of', 'is', 'to', 'the', 'and', 'or', 'for', 'in', 'as', 'if', 'a', 'an', 'it', 'that', 'this', 'with', 'not', 'be',
        'from', 'on', 'at', 'by', 'are', 'was', 'can', 'which', 'will', 'has', 'have', 'should', 'must', 'may', 'used', 'we',
        'you', 'when', 'so', 'but', 'all', 'any', 'one', 'i', 'e', 'T', 'K', 'V', 'U', 'S', 'E', 'R', 'A', 'B', 'C', 'D', 'N'}


def list_files(root: Path):
    try:
        r = subprocess.run(['git', '-C', str(root), 'ls-files', '-z'], capture_output=True, timeout=120)
        if r.returncode == 0 and r.stdout:
            return [f for f in r.stdout.decode('utf-8', 'replace').split('\0') if f]
    except (OSError, subprocess.SubprocessError):
        pass
    out = []
    for dp, dns, fns in os.walk(root):
        dns[:] = [d for d in dns if not d.startswith('.')]
        for f in fns:
            out.append(os.path.relpath(os.path.join(dp, f), root).replace(os.sep, '/'))
    return out


def grep_baseline(root: Path, per: Peripheral, k=25):
    files = [f for f in list_files(root) if os.path.splitext(f)[1] in SRC_EXT and not per.match(f)]
    declared, idents = set(), []
    for f in files:
        p = root / f
        try:
            if p.stat().st_size > 1_000_000:
                continue
            txt = p.read_text(encoding='utf-8', errors='replace')
        except OSError:
            continue
        for m in DECL_RE.finditer(txt):
            n = m.group(1)
            if n not in STOP and len(n) > 1:
                declared.add(n)
        idents.append(set(IDENT_RE.findall(txt)))
    counts = {n: 0 for n in declared}
    for s in idents:
        for n in s & declared:
            counts[n] += 1
    ranked = sorted(counts, key=lambda n: (-counts[n], n))
    return [{'name': n, 'files': counts[n]} for n in ranked[:max(k, 50)]]

# ---------------------------------------------------------------- running

def run_recon(plan: str, root: Path, use_cache: bool, timeout: float):
    base = [plan, 'recon', '--format', 'json', '--root', str(root)]
    extra = ['--quiet', '--color', 'never'] + ([] if use_cache else ['--no-cache'])
    for cmd in (base + extra, base):
        t0 = time.monotonic()
        r = subprocess.run(cmd, capture_output=True, timeout=timeout)
        secs = time.monotonic() - t0
        if r.returncode == 0 or cmd is base:
            break
        if not re.search(rb'unexpected argument|unrecognized|unknown (option|flag)', r.stderr):
            break
    if r.returncode != 0:
        raise RuntimeError(f'{" ".join(cmd)} exited {r.returncode}: {r.stderr.decode("utf-8", "replace")[-500:]}')
    return json.loads(r.stdout.decode('utf-8', 'replace')), secs, r.stdout


def score_repo(truth: dict, root: Path, recon: dict, secs, want_baseline=True):
    per = Peripheral(truth.get('peripheral_globs'))
    central = truth.get('central_types') or []
    ranked = ranked_types(recon)
    ranks = [rank_of(t, ranked) for t in central]
    sranks = [rank_of(t, ranked, strict=True) for t in central]
    n = len(central) or 1

    def recall(rs, k):
        return sum(1 for r in rs if r is not None and r <= k) / n

    top10 = []
    for r in ranked[:10]:
        is_truth = any(name_matches(r['name'], truth_names(t)) and norm(r['path']) == norm(t.get('path')) for t in central)
        top10.append({**r, 'peripheral': per.match(r['path']) and not is_truth, 'central': is_truth})
    eps = shown_entry_points(recon)
    product = [e for e in truth.get('entry_points') or [] if e.get('kind', 'product') == 'product']
    good = [any(ep_matches(e['path'], t) for t in product) for e in eps]
    for e, g in zip(eps, good):
        e['product'] = g
        e['peripheral'] = per.match(e['path'])
    ep_prec = sum(good) / len(eps) if eps else None
    ep_any = any(any(ep_matches(e['path'], t) for e in eps) for t in product)
    pkgs = shown_packages(recon)
    pp, pp10, pr, pmissing = pkg_score(pkgs, truth.get('packages') or [], per)
    res = {
        'language': truth.get('language'),
        'commit': truth.get('commit'),
        'n_central': len(central),
        'n_ranked': len(ranked),
        'recall@25': recall(ranks, 25),
        'recall@50': recall(ranks, 50),
        'strict_recall@25': recall(sranks, 25),
        'peripheral_in_top10': sum(1 for x in top10 if x['peripheral']),
        'entry_points_shown': len(eps),
        'entry_point_precision': ep_prec,
        'entry_point_any_truth': ep_any,
        'package_items_shown': len(pkgs),
        'package_precision': pp,
        'package_precision@10': pp10,
        'package_recall': pr,
        'recon_seconds': secs,
        'top10': top10,
        'central_ranks': [{'name': t['name'], 'path': t.get('path'), 'rank': r, 'strict_rank': s}
                          for t, r, s in zip(central, ranks, sranks)],
        'entry_points': eps,
        'packages_missing': pmissing,
    }
    if want_baseline:
        base = grep_baseline(root, per)
        res['baseline_recall@25'] = sum(
            1 for t in central if any(b['name'] in truth_names(t) for b in base[:25])) / n
        res['baseline_top10'] = base[:10]
    return res


MEAN_KEYS = ['recall@25', 'recall@50', 'strict_recall@25', 'peripheral_in_top10', 'entry_point_precision',
             'entry_point_any_truth', 'package_precision', 'package_recall', 'baseline_recall@25', 'recon_seconds']


def fmt(v, pct=True):
    if v is None:
        return '-'
    if isinstance(v, bool):
        return 'yes' if v else 'no'
    if isinstance(v, float) and pct:
        return f'{v:.2f}'
    return str(v)


def table(results: dict, mean: dict) -> str:
    cols = [('repo', None), ('lang', 'language'), ('#ct', 'n_central'), ('R@25', 'recall@25'), ('R@50', 'recall@50'),
            ('sR@25', 'strict_recall@25'), ('P@10', 'peripheral_in_top10'), ('EP prec', 'entry_point_precision'),
            ('EP>=1', 'entry_point_any_truth'), ('#EP', 'entry_points_shown'), ('Pkg P', 'package_precision'),
            ('Pkg R', 'package_recall'), ('Base R@25', 'baseline_recall@25'), ('secs', 'recon_seconds')]
    rows = []
    for name, r in results.items():
        if 'error' in r:
            rows.append([name, r.get('language', '?'), 'ERROR: ' + r['error'][:80]])
            continue
        row = [name]
        for _, k in cols[1:]:
            v = r.get(k)
            row.append(f'{v:.1f}' if k == 'recon_seconds' and v is not None else fmt(v))
        rows.append(row)
    mrow = ['MEAN']
    for _, k in cols[1:]:
        v = mean.get(k)
        if k == 'entry_point_any_truth' and v is not None:
            mrow.append(f'{v:.2f}')
        elif k == 'recon_seconds' and v is not None:
            mrow.append(f'{v:.1f}')
        elif k == 'peripheral_in_top10' and v is not None:
            mrow.append(f'{v:.1f}')
        else:
            mrow.append(fmt(v))
    rows.append(mrow)
    head = [c for c, _ in cols]
    w = [max(len(head[i]), *(len(r[i]) for r in rows if len(r) > i)) for i in range(len(head))]
    line = lambda r: '  '.join(str(x).ljust(w[i]) if i < len(w) else str(x) for i, x in enumerate(r))
    out = [line(head), line(['-' * x for x in w])]
    for r in rows[:-1]:
        out.append(line(r))
    out.append(line(['-' * x for x in w]))
    out.append(line(rows[-1]))
    return '\n'.join(out)


def details(name, r) -> str:
    if 'error' in r:
        return ''
    secs = f'{r["recon_seconds"]:.2f}s' if r.get('recon_seconds') is not None else 'n/a'
    out = [f'\n## {name}  ({r["n_ranked"]} ranked types, {r["package_items_shown"]} package items, recon {secs})', '  top 10 ranked types:']
    for i, t in enumerate(r['top10']):
        tag = ' [CENTRAL]' if t['central'] else (' [PERIPHERAL]' if t['peripheral'] else '')
        out.append(f'   {i + 1:2}. {t["kind"] or ""} {t["name"]}  {t["path"]}:{t["line"]}{tag}')
    found = sorted((c for c in r['central_ranks'] if c['rank']), key=lambda c: c['rank'])
    out.append('  central types by rank: ' + ', '.join(f'{c["name"]}#{c["rank"]}' for c in found))
    out.append('  central types not ranked at all: ' + (', '.join(c['name'] for c in r['central_ranks'] if not c['rank']) or '-'))
    eps = r['entry_points']
    prod = [e['path'] for e in eps if e['product']]
    other = [e['path'] for e in eps if not e['product']]
    shown = ', '.join(other[:8]) + (f', ... {len(other) - 8} more' if len(other) > 8 else '')
    out.append(f'  entry points shown: {len(eps)}; product: ' + (', '.join(prod) or '-') + '; not product: ' + (shown or '-'))
    out.append('  truth packages missed: ' + (', '.join(r['packages_missing']) or '-'))
    if 'baseline_top10' in r:
        out.append('  baseline top 10: ' + ', '.join(f'{b["name"]}({b["files"]})' for b in r['baseline_top10']))
    return '\n'.join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('truth_dir', type=Path)
    ap.add_argument('checkouts_dir', type=Path)
    ap.add_argument('--plan-bin', default=os.environ.get('PLAN_BIN') or shutil.which('plan') or 'plan')
    ap.add_argument('--json', action='store_true', help='print one JSON object instead of the table')
    ap.add_argument('--only', nargs='*', help='score only these truth names')
    ap.add_argument('--use-cache', action='store_true', help='let plan use its fact cache (default: --no-cache)')
    ap.add_argument('--details', action='store_true', help='after the table, print top-10 types, ranks and misses per repo')
    ap.add_argument('--no-baseline', action='store_true', help='skip the grep-and-filter baseline')
    ap.add_argument('--save-recon', type=Path, help='write each raw recon JSON to DIR/<name>.json')
    ap.add_argument('--from-recon', type=Path, help='read DIR/<name>.json instead of running plan (secs = null)')
    ap.add_argument('--timeout', type=float, default=1800)
    ap.add_argument('--repeat', type=int, default=1, help='run each recon N times and report the median wall-clock time')
    a = ap.parse_args(argv)

    results = {}
    for tf in sorted(a.truth_dir.glob('*.json')):
        name = tf.stem
        if a.only and name not in a.only:
            continue
        try:
            truth = json.loads(tf.read_text(encoding='utf-8'))
        except (OSError, json.JSONDecodeError) as e:
            print(f'skip {tf}: {e}', file=sys.stderr)
            continue
        if not isinstance(truth, dict) or 'central_types' not in truth:
            continue
        root = a.checkouts_dir / name
        if not root.is_dir():
            print(f'skip {name}: no checkout at {root}', file=sys.stderr)
            continue
        try:
            head = subprocess.run(['git', '-C', str(root), 'rev-parse', 'HEAD'], capture_output=True, text=True).stdout.strip()
        except OSError:
            head = ''
        if head and truth.get('commit') and head != truth['commit']:
            print(f'warning {name}: checkout is at {head[:12]}, truth at {truth["commit"][:12]}', file=sys.stderr)
        try:
            if a.from_recon:
                recon, secs = json.loads((a.from_recon / f'{name}.json').read_text(encoding='utf-8')), None
            else:
                recon, secs, raw = run_recon(a.plan_bin, root.resolve(), a.use_cache, a.timeout)
                times = [secs] + [run_recon(a.plan_bin, root.resolve(), a.use_cache, a.timeout)[1] for _ in range(a.repeat - 1)]
                secs = statistics.median(times)
                if a.save_recon:
                    a.save_recon.mkdir(parents=True, exist_ok=True)
                    (a.save_recon / f'{name}.json').write_bytes(raw)
            results[name] = score_repo(truth, root, recon, secs, not a.no_baseline)
        except Exception as e:  # keep scoring the other repositories
            results[name] = {'language': truth.get('language'), 'error': f'{type(e).__name__}: {e}'}
        print(f'scored {name}', file=sys.stderr)

    ok = [r for r in results.values() if 'error' not in r]
    mean = {}
    for k in MEAN_KEYS:
        vals = [float(r[k]) for r in ok if r.get(k) is not None]
        mean[k] = statistics.fmean(vals) if vals else None
    version = ''
    if not a.from_recon:
        try:
            version = subprocess.run([a.plan_bin, '--version'], capture_output=True, text=True).stdout.strip()
        except OSError:
            pass
    if a.json:
        print(json.dumps({'plan_bin': a.plan_bin, 'plan_version': version, 'repos': results, 'mean': mean}, indent=2))
    else:
        print(f'plan: (recon JSON read from {a.from_recon})' if a.from_recon else f'plan: {a.plan_bin} {version}'.rstrip())
        print(table(results, mean))
        if a.details:
            for name, r in results.items():
                print(details(name, r))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
