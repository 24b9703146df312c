#!/usr/bin/env python3
"""Compare `typoguard variants` with dnstwist's permutation engine.

Run by bench/compare-dnstwist.sh, which says where things are.  For each
domain given:

  dnstwist  its Fuzzer class, imported from the dnstwist.py given (nothing
            of it is copied here), with all its fuzzers and their defaults
            and a tld-swap dictionary equal to our habit list
            (data/tld-swap.txt), so that both sides swap to the same TLDs.
            Only permutations are made: no DNS, no network.  Timed in this
            process around Fuzzer(...).generate().
  typoguard `typoguard variants --format json --mark-legit --tld FILE
            --psl FILE DOMAIN`, one process per domain, timed around the
            process (start-up included).  --mark-legit keeps the variants
            that are known legitimate domains, which typoguard otherwise
            leaves out and dnstwist does not know about.

and then, over the A-label forms of the names:

  - counts per kind on each side, dnstwist's fuzzers mapped to our kinds;
  - what dnstwist makes that we do not, each name classified:
      undelegated   its TLD is not in the ICANN section of the public
                    suffix list given (no such TLD: mail there bounces)
      not-idna2008  libidn2 rejects it under IDNA2008 alone
                    (idn2_lookup_u8 with IDN2_NO_TR46, on the U-label form)
      rejected      valid IDNA2008, but `typoguard domain` rejects it
                    (our host-name rules, UTS #46 mapping)
      missed        valid, delegated, accepted: a real miss
    grouped by dnstwist's fuzzer, with examples;
  - what we make that dnstwist does not, by our kind, with examples;
  - the wall time of both and their ratio.

and, with --bench-variants BIN (bench/bench_variants.c), both engines in
one process each with start-up left out: dnstwist's generate() as above
against tg_variants() in that program (same index: the bundled
known-legitimate list; the built-in tld-swap targets, which are those of
data/tld-swap.txt), as a whole and per name.

Usage: compare_dnstwist.py --dnstwist FILE --typoguard BIN --tlds FILE
           --psl FILE [--bench-variants BIN] [--reps N] [--examples N]
           DOMAIN...
"""

import argparse
import collections
import ctypes
import ctypes.util
import importlib.util
import json
import platform
import statistics
import subprocess
import sys
import time

# dnstwist's fuzzer -> the kinds of ours that make the same edits.
FUZZER_KINDS = {
    'addition': ['addition'],
    'bitsquatting': ['bitsquatting'],
    'cyrillic': ['idn-confusable'],
    'homoglyph': ['homoglyph', 'idn-confusable'],
    'hyphenation': ['hyphenation'],
    'insertion': ['insertion'],
    'omission': ['omission'],
    'plural': ['plural'],
    'repetition': ['repetition'],
    'replacement': ['replacement'],
    'subdomain': ['dot-insertion'],
    'transposition': ['transposition'],
    'vowel-swap': ['vowel-swap'],
    'tld-swap': ['tld-swap'],
    'various': ['missing-dot', 'dot-hyphen', 'tld-in-label', 'suffix-swap'],
    'dictionary': [],
}

OUR_KINDS = [
    'omission', 'insertion', 'repetition', 'replacement', 'transposition',
    'vowel-swap', 'addition', 'hyphenation', 'homoglyph', 'idn-confusable',
    'bitsquatting', 'missing-dot', 'dot-insertion', 'dot-hyphen', 'plural',
    'tld-typo', 'tld-swap', 'suffix-swap', 'tld-in-label',
]

CLASSES = ['missed', 'rejected', 'not-idna2008', 'undelegated']


def load_dnstwist(path):
    spec = importlib.util.spec_from_file_location('dnstwist', path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def read_tlds(path):
    out = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            if line:
                out.append(line)
    return out


def icann_tlds(path):
    """The TLDs of the ICANN section of a public suffix list (A-labels)."""
    import idna
    tlds = set()
    icann = False
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line.startswith('// ===BEGIN ICANN DOMAINS==='):
                icann = True
            elif line.startswith('// ===END ICANN DOMAINS==='):
                icann = False
            if not icann or not line or line.startswith('//'):
                continue
            tld = line.lstrip('!*.').rsplit('.', 1)[-1]
            try:
                tlds.add(idna.encode(tld).decode() if not tld.isascii()
                         else tld.lower())
            except idna.IDNAError:
                tlds.add(tld)
    return tlds


class Idn2:
    """IDNA2008 alone (no UTS #46 mapping), from libidn2 via ctypes."""
    NO_TR46 = 64

    def __init__(self):
        name = ctypes.util.find_library('idn2') or 'libidn2.so.0'
        self.lib = ctypes.CDLL(name)
        self.lib.idn2_lookup_u8.argtypes = [
            ctypes.c_char_p, ctypes.POINTER(ctypes.c_char_p), ctypes.c_int]
        self.lib.idn2_lookup_u8.restype = ctypes.c_int
        self.lib.idn2_strerror_name.argtypes = [ctypes.c_int]
        self.lib.idn2_strerror_name.restype = ctypes.c_char_p
        self.lib.idn2_check_version.argtypes = [ctypes.c_char_p]
        self.lib.idn2_check_version.restype = ctypes.c_char_p
        # The result is leaked: a few hundred small strings at most.

    def version(self):
        return self.lib.idn2_check_version(None).decode()

    def check(self, ulabel):
        """None when valid, else libidn2's error name."""
        out = ctypes.c_char_p()
        rc = self.lib.idn2_lookup_u8(ulabel.encode('utf-8'),
                                     ctypes.byref(out), self.NO_TR46)
        if rc == 0:
            return None
        return self.lib.idn2_strerror_name(rc).decode()


def to_unicode(name):
    import idna
    try:
        return idna.decode(name)
    except (idna.IDNAError, UnicodeError):
        return name


# dnstwist's default fuzzers but homoglyph, as Fuzzer.generate() names
# them (tld-swap and various run only when named or when none is).
DNSTWIST_NO_HOMOGLYPH = [
    '*original', 'addition', 'bitsquatting', 'cyrillic', 'hyphenation',
    'insertion', 'omission', 'plural', 'repetition', 'replacement',
    'subdomain', 'transposition', 'vowel-swap', 'dictionary', 'tld-swap',
    'various',
]


def run_dnstwist(mod, domain, tlds, reps, fuzzers=None):
    times = []
    perms = None
    for _ in range(reps):
        t0 = time.perf_counter()
        fz = mod.Fuzzer(domain, tld_dictionary=list(tlds))
        fz.generate(fuzzers or [])
        times.append(time.perf_counter() - t0)
        if perms is None:
            perms = {p['domain'].lower(): p['fuzzer'] for p in fz.domains
                     if p['fuzzer'] != '*original'}
    return perms, times


def run_ours(args, domain, reps, kinds=None):
    cmd = [args.typoguard, 'variants', '--format', 'json', '--mark-legit',
           '--tld', args.tlds, '--psl', args.psl]
    if kinds:
        cmd += ['--kinds', ','.join(kinds)]
    cmd.append(domain)
    times = []
    out = None
    for i in range(reps):
        t0 = time.perf_counter()
        p = subprocess.run(cmd, stdout=subprocess.PIPE, check=True)
        times.append(time.perf_counter() - t0)
        if out is None:
            out = p.stdout
        if i == 0 and times[0] > 30:
            break       # long enough to be measured once
    names = {}
    legit = set()
    for line in out.decode('utf-8').splitlines():
        v = json.loads(line)
        names[v['variant'].lower()] = v['kind']
        if v.get('legit'):
            legit.add(v['variant'].lower())
    return names, legit, times


def our_parser_rejects(args, names):
    """name -> error code, for the names `typoguard domain` rejects."""
    if not names:
        return {}
    p = subprocess.run([args.typoguard, 'domain', '--json', '--psl',
                        args.psl, '-'],
                       input='\n'.join(names).encode() + b'\n',
                       stdout=subprocess.PIPE)
    out = {}
    for name, line in zip(names, p.stdout.decode().splitlines()):
        v = json.loads(line)
        if v.get('error'):
            out[name] = v['error']['code']
    return out


def mapped_kind(fuzzer, name, ours):
    """Our kind for one of dnstwist's names: the kind we give it when we
    make it, else the first kind its fuzzer maps to."""
    kinds = FUZZER_KINDS.get(fuzzer, [])
    if name in ours:
        return ours[name]
    return kinds[0] if kinds else '(%s)' % fuzzer


def tld_of(name):
    return name.rsplit('.', 1)[-1]


def fmt_examples(names, n):
    shown = []
    for a in sorted(names)[:n]:
        u = to_unicode(a)
        shown.append(a if u == a else '%s (%s)' % (u, a))
    more = len(names) - len(shown)
    return ', '.join(shown) + (', ... %d more' % more if more > 0 else '')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--dnstwist', required=True)
    ap.add_argument('--typoguard', required=True)
    ap.add_argument('--tlds', required=True)
    ap.add_argument('--psl', required=True)
    ap.add_argument('--reps', type=int, default=3)
    ap.add_argument('--examples', type=int, default=4)
    ap.add_argument('--bench-variants')
    ap.add_argument('domains', nargs='+')
    args = ap.parse_args()

    mod = load_dnstwist(args.dnstwist)
    import idna
    idn2 = Idn2()
    tlds = read_tlds(args.tlds)
    delegated = icann_tlds(args.psl)
    ver = subprocess.run([args.typoguard, '--version'],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    print('dnstwist %s (Fuzzer only: no DNS), Python %s, idna %s; '
          'libidn2 %s; %s' % (mod.__version__, platform.python_version(),
                             idna.__version__, idn2.version(),
                             ver.stdout.decode().strip().splitlines()[0]))
    print('tld-swap targets on both sides (%d): %s' % (len(tlds),
                                                       ' '.join(tlds)))
    print('%d repetitions per side and domain, median reported (typoguard '
          'once when a run takes over 30 s)' % args.reps)
    print()

    kind_d = collections.Counter()      # dnstwist names per mapped kind
    kind_both = collections.Counter()   # of those, made by us too
    start = []
    for _ in range(max(args.reps, 3)):
        t0 = time.perf_counter()
        subprocess.run([args.typoguard, 'variants', '--kinds', 'tld-swap',
                        '--tld', args.tlds, '--psl', args.psl,
                        'example.com'], stdout=subprocess.DEVNULL,
                       check=True)
        start.append(time.perf_counter() - t0)
    t_start = statistics.median(start)
    tot_d = collections.Counter()       # dnstwist count per fuzzer
    tot_o = collections.Counter()       # our count per kind
    tot_both = collections.Counter()    # per fuzzer: we make it too
    tot_cls = {c: collections.defaultdict(list) for c in CLASSES}
    tot_extra = collections.defaultdict(list)
    legit_total = 0
    rows = []
    t_d_all = t_o_all = 0.0

    for domain in args.domains:
        perms, td = run_dnstwist(mod, domain, tlds, args.reps)
        ours, legit, to = run_ours(args, domain, args.reps)
        legit_total += len(legit)
        md, mo = statistics.median(td), statistics.median(to)
        t_d_all += md
        t_o_all += mo
        dset, oset = set(perms), set(ours)
        missed = sorted(dset - oset)
        rejected = our_parser_rejects(
            args, [n for n in missed if tld_of(n) in delegated])
        cls = collections.Counter()
        for name in missed:
            fz = perms[name]
            if tld_of(name) not in delegated:
                c = 'undelegated'
            elif idn2.check(to_unicode(name)) is not None:
                c = 'not-idna2008'
            elif name in rejected:
                c = 'rejected'
            else:
                c = 'missed'
            cls[c] += 1
            tot_cls[c][fz].append((domain, name))
        for name, fz in perms.items():
            tot_d[fz] += 1
            k = mapped_kind(fz, name, ours)
            kind_d[k] += 1
            if name in oset:
                tot_both[fz] += 1
                kind_both[k] += 1
        for name, kind in ours.items():
            tot_o[kind] += 1
            if name not in dset:
                tot_extra[kind].append((domain, name))
        rows.append((domain, len(dset), len(oset), len(dset & oset),
                     cls, len(oset - dset), md, mo))

    print('Per domain (names compared as A-labels; "both" = made by both '
          'sides)')
    print('%-24s %8s %9s %7s %7s %8s %9s %8s %9s %10s %10s %8s' % (
        'domain', 'dnstwist', 'typoguard', 'both', 'missed', 'rejected',
        'not-idna', 'undeleg', 'only ours', 'dnstwist s', 'typoguard s',
        'ratio'))
    for (domain, nd, no, nb, cls, extra, md, mo) in rows:
        print('%-24s %8d %9d %7d %7d %8d %9d %8d %9d %10.3f %10.3f %7.2fx' % (
            domain, nd, no, nb, cls['missed'], cls['rejected'],
            cls['not-idna2008'], cls['undelegated'], extra, md, mo, md / mo))
    print('%-24s %8d %9d %7d %7d %8d %9d %8d %9d %10.3f %10.3f %7.2fx' % (
        'total', sum(r[1] for r in rows), sum(r[2] for r in rows),
        sum(r[3] for r in rows), sum(r[4]['missed'] for r in rows),
        sum(r[4]['rejected'] for r in rows),
        sum(r[4]['not-idna2008'] for r in rows),
        sum(r[4]['undelegated'] for r in rows),
        sum(r[5] for r in rows), t_d_all, t_o_all, t_d_all / t_o_all))
    print('ratio = dnstwist seconds / typoguard seconds (> 1: typoguard '
          'faster); dnstwist: Fuzzer.generate() in this process; '
          'typoguard: the whole process, start-up included')
    n = len(rows)
    print('typoguard start-up (variants --kinds tld-swap example.com): '
          '%.3f s; without it, typoguard total %.3f s, ratio %.2fx' % (
              t_start, t_o_all - n * t_start,
              t_d_all / max(t_o_all - n * t_start, 1e-9)))
    n_d_all = sum(r[1] for r in rows)
    n_o_all = sum(r[2] for r in rows)
    t_o_bare = max(t_o_all - n * t_start, 1e-9)
    print('per name: dnstwist %.0f names/s, typoguard %.0f names/s (%.0f '
          'without start-up); ratio %.2fx (%.2fx without start-up)' % (
              n_d_all / t_d_all, n_o_all / t_o_all, n_o_all / t_o_bare,
              (n_o_all / t_o_all) / (n_d_all / t_d_all),
              (n_o_all / t_o_bare) / (n_d_all / t_d_all)))
    print('known legitimate domains among our variants (kept by '
          '--mark-legit): %d' % legit_total)
    if args.bench_variants:
        p = subprocess.run([args.bench_variants, '-r', str(max(args.reps,
                            3))] + args.domains, stdout=subprocess.PIPE,
                           check=True)
        out = p.stdout.decode()
        tot = [ln.split() for ln in out.splitlines()
               if ln.startswith('total')][0]
        n_b, t_b = int(tot[1]), float(tot[2])
        print()
        print('In process, start-up left out: dnstwist Fuzzer.generate() '
              'vs tg_variants() (bench_variants, median of %d):' %
              max(args.reps, 3))
        print(out.rstrip())
        print('dnstwist %d names in %.3f s, typoguard %d names in %.4f s: '
              'ratio %.1fx as a whole, %.1fx per name' % (
                  n_d_all, t_d_all, n_b, t_b, t_d_all / max(t_b, 1e-9),
                  (n_b / max(t_b, 1e-9)) / (n_d_all / t_d_all)))
    # The same without homoglyph on either side: the kind where the two
    # differ most in number.
    nh = [k for k in OUR_KINDS if k != 'homoglyph']
    t_dn = t_on = 0.0
    n_dn = n_on = 0
    for domain in args.domains:
        perms, td = run_dnstwist(mod, domain, tlds, args.reps,
                                 DNSTWIST_NO_HOMOGLYPH)
        ours, _, to = run_ours(args, domain, args.reps, nh)
        t_dn += statistics.median(td)
        t_on += statistics.median(to)
        n_dn += len(perms)
        n_on += len(ours)
    rest = t_on - n * t_start
    # Start-up is measured apart: where it is about all of the time, the
    # rest is noise and no ratio is given for it.
    if rest > 0.1 * t_on:
        without = '%.3f s without start-up' % rest
        rwithout = '%.2fx without start-up' % (t_dn / rest)
    else:
        without = 'start-up about all of it'
        rwithout = 'none without start-up'
    print('without homoglyph on both sides: dnstwist %d names in %.3f s, '
          'typoguard %d names in %.3f s (%s); ratio %.2fx (%s)' % (
              n_dn, t_dn, n_on, t_on, without, t_dn / t_on, rwithout))
    print()

    print('Per kind, all domains (a dnstwist name counts under the kind we '
          'give it when we make it, else under the first kind its fuzzer '
          'maps to)')
    print('%-16s %9s %9s %7s %9s %9s' % ('kind', 'dnstwist', 'typoguard',
                                         'both', 'dt only', 'tg only'))
    order = OUR_KINDS + sorted(set(kind_d) - set(OUR_KINDS))
    for k in order:
        print('%-16s %9d %9d %7d %9d %9d' % (
            k, kind_d[k], tot_o[k], kind_both[k], kind_d[k] - kind_both[k],
            len(tot_extra.get(k, []))))
    print('%-16s %9d %9d %7d %9d %9d' % (
        'total', sum(kind_d.values()), sum(tot_o.values()),
        sum(kind_both.values()), sum(kind_d.values()) -
        sum(kind_both.values()), sum(len(v) for v in tot_extra.values())))
    print()
    print('Per dnstwist fuzzer -> our kinds')
    print('%-14s %-48s %9s %9s %7s' % ('dnstwist', 'ours', 'dnstwist',
                                       'made by us', 'share'))
    for fz in sorted(tot_d, key=lambda f: -tot_d[f]):
        print('%-14s %-48s %9d %9d %6.1f%%' % (
            fz, '+'.join(FUZZER_KINDS.get(fz, [])) or '-', tot_d[fz],
            tot_both[fz], 100.0 * tot_both[fz] / tot_d[fz]))
    print()

    for c, title in [
            ('missed', 'dnstwist names we do not make: valid IDNA2008, '
             'delegated TLD, accepted by our parser'),
            ('rejected', 'dnstwist names valid under IDNA2008 alone that '
             'our parser rejects'),
            ('not-idna2008', 'dnstwist names libidn2 rejects under '
             'IDNA2008 (IDN2_NO_TR46)'),
            ('undelegated', 'dnstwist names in TLDs that do not exist')]:
        groups = tot_cls[c]
        n = sum(len(v) for v in groups.values())
        print('%s: %d' % (title, n))
        for fz in sorted(groups, key=lambda f: -len(groups[f])):
            items = groups[fz]
            per_dom = collections.Counter(d for d, _ in items)
            print('  %-13s %5d  (%s)' % (fz, len(items), ', '.join(
                '%s %d' % (d, k) for d, k in per_dom.most_common())))
            print('                 e.g. %s' % fmt_examples(
                [nm for _, nm in items], args.examples))
        print()

    print('Names we make that dnstwist does not, by our kind: %d' %
          sum(len(v) for v in tot_extra.values()))
    for k in sorted(tot_extra, key=lambda k: -len(tot_extra[k])):
        items = tot_extra[k]
        print('  %-15s %6d  e.g. %s' % (k, len(items), fmt_examples(
            [nm for _, nm in items], args.examples)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
