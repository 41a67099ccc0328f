"""Agreement objects for many groups at once, from sufficient statistics (numpy arrays)."""

from __future__ import annotations

import numpy as np

from ._result import Agreement


def binary_measures(h: np.ndarray, ones: np.ndarray, docs: np.ndarray, what: list[str]):
    """Binary-table measures for G groups from sufficient statistics.

    ``h[g, k]``: units marked by exactly ``k`` of the ``C`` coders; ``ones[g, r]``: units
    coder ``r`` marked. Returns, per group, (alpha, cohen or None, fleiss or None, percent).
    """
    n_coders = ones.shape[1]
    k = np.arange(n_coders + 1, dtype=np.float64)
    h = h.astype(np.float64)
    units = h.sum(axis=1)
    values = units * n_coders
    marked = h @ k
    agree_pairs = h @ (k * (k - 1) + (n_coders - k) * (n_coders - k - 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        p_bar = agree_pairs / (n_coders * (n_coders - 1) * units)
        d_o_sum = h @ (2 * k * (n_coders - k) / (n_coders - 1))
        d_e_sum = 2.0 * (values - marked) * marked
        alpha = 1.0 - (values - 1) * d_o_sum / d_e_sum
        p1 = marked / values
        p_e = p1 * p1 + (1 - p1) * (1 - p1)
        fleiss = (p_bar - p_e) / (1 - p_e)
        if n_coders == 2:
            pa, pb = ones[:, 0] / units, ones[:, 1] / units
            c_e = pa * pb + (1 - pa) * (1 - pb)
            c_o = (h[:, 0] + h[:, 2]) / units
            cohen = (c_o - c_e) / (1 - c_e)
            # p_e = 1 exactly when both coders marked none, or both marked all, of the units
            none_or_all = ((ones[:, 0] == 0) & (ones[:, 1] == 0)) | (
                (ones[:, 0] == units) & (ones[:, 1] == units))
        d_o = d_o_sum / values
        d_e = d_e_sum / (values * (values - 1))
    as_list = lambda a: np.asarray(a).tolist()  # noqa: E731  (Python scalars: fast loop)
    units_l, docs_l = units.astype(np.int64).tolist(), np.asarray(docs, np.int64).tolist()
    p_bar_l, marked_l, values_l = as_list(p_bar), as_list(marked), as_list(values)
    alpha_l, d_o_l, d_e_l = as_list(alpha), as_list(d_o), as_list(d_e)
    fleiss_l, p_e_l = as_list(fleiss), as_list(p_e)
    if n_coders == 2:
        cohen_l, c_o_l, c_e_l, none_or_all_l = (as_list(cohen), as_list(c_o), as_list(c_e),
                                                as_list(none_or_all))
    out = []
    for g in range(h.shape[0]):
        n, d = units_l[g], docs_l[g]
        if n == 0:
            none = Agreement.undefined("no units: nothing left to compare", 0, documents=d)
            out.append((none, none if n_coders == 2 else None,
                        none if n_coders > 2 else None, none))
            continue
        percent = Agreement(p_bar_l[g], None, n, d, p_bar_l[g])
        if marked_l[g] == 0 or marked_l[g] == values_l[g]:
            reason = (f"no variation: no coder marked {what[g]}" if marked_l[g] == 0
                      else f"no variation: every coder marked every unit for {what[g]}")
            undefined = Agreement.undefined(reason, n, documents=d)
            alpha_g, fleiss_g = undefined, undefined
        else:
            alpha_g = Agreement(alpha_l[g], None, n, d, d_o_l[g], d_e_l[g])
            fleiss_g = Agreement(fleiss_l[g], None, n, d, p_bar_l[g], p_e_l[g])
        cohen_g = None
        if n_coders == 2:
            if none_or_all_l[g]:
                cohen_g = Agreement.undefined(
                    f"no variation: both coders marked all or none of the units for {what[g]}",
                    n, documents=d)
            else:
                cohen_g = Agreement(cohen_l[g], None, n, d, c_o_l[g], c_e_l[g])
        out.append((alpha_g, cohen_g, fleiss_g if n_coders > 2 else None, percent))
    return out


def ualpha_results(d_o: np.ndarray, d_e: np.ndarray, n_units: np.ndarray, length: np.ndarray,
            docs: np.ndarray, what: list[str]) -> list[Agreement]:
    out = []
    d_o, d_e, n_units = d_o.tolist(), d_e.tolist(), np.asarray(n_units).tolist()
    length, docs = np.asarray(length, np.int64).tolist(), np.asarray(docs, np.int64).tolist()
    for g in range(len(d_o)):
        n, d = length[g], docs[g]
        if n == 0:
            out.append(Agreement.undefined("no units: nothing left to compare", 0, documents=d))
        elif n_units[g] == 0:
            out.append(Agreement.undefined(f"no coder marked {what[g]}", n, documents=d))
        elif d_e[g] <= 0:
            out.append(Agreement.undefined("expected disagreement is 0", n, documents=d))
        else:
            out.append(Agreement(1 - d_o[g] / d_e[g], None, n, d, d_o[g], d_e[g]))
    return out
