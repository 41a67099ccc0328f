"""A slow reference for Krippendorff's unitizing alpha, walked segment by segment from
the definition (Krippendorff 1995, 2004), shared by the unitizing and project tests."""

from __future__ import annotations


def segments(units, length):
    """Units and gaps of one coder, as (start, end, is_unit)."""
    out, pos = [], 0
    for s, e in sorted(units):
        if s > pos:
            out.append((pos, s, False))
        out.append((s, e, True))
        pos = e
    if pos < length:
        out.append((pos, length, False))
    return out


def ualpha_reference(per_doc, raters):
    """(D_o, D_e) of alpha_U over documents {doc: (length, {rater: units})}; gaps stay per
    document. Units of one rater must not overlap."""
    total, units, gaps, big_l = 0.0, [], [], 0
    for length, coded in per_doc.values():
        big_l += length
        segs = {r: segments(coded.get(r, []), length) for r in raters}
        units += [e - s for r in raters for s, e in coded.get(r, [])]
        gaps += [e - s for r in raters for s, e, u in segs[r] if not u]
        for x, r1 in enumerate(raters):
            for r2 in raters[x + 1 :]:
                for s1, e1, u1 in segs[r1]:
                    for s2, e2, u2 in segs[r2]:
                        if not (s1 < e2 and s2 < e1):
                            continue
                        if u1 and u2:
                            total += (s1 - s2) ** 2 + (e1 - e2) ** 2
                        elif u1 and s2 <= s1 and e1 <= e2:
                            total += (e1 - s1) ** 2
                        elif u2 and s1 <= s2 and e2 <= e1:
                            total += (e2 - s2) ** 2
    r = len(raters)
    d_o = 2 * total / (r * (r - 1) * big_l**2)
    big = sum((len(units) - 1) * (2 * n**3 - 3 * n**2 + n) / 3
              + n * n * sum(g - n + 1 for g in gaps if g >= n) for n in units)
    d_e = 2 / big_l * big / (r * big_l * (r * big_l - 1) - sum(n * (n - 1) for n in units))
    return d_o, d_e
