"""The quasi-random Dirichlet weights of the Monte Carlo: gamma variates on a shifted rank-1 lattice.

w = g / sum g with independent g_i ~ Gamma(alpha_i); each g_i is the gamma quantile of one coordinate of a rank-1
lattice with a random shift, so the points cover the distribution far more evenly than random draws. The decision
rule is homogeneous in the weights (see `rule.decision_forms`), so the points are used unnormalised.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from advisor.core.memo import Memo

if TYPE_CHECKING:
    import numpy as np


def gamma_points(alpha: np.ndarray, samples: int, seed: int) -> np.ndarray:
    """`samples` points g (one row each) with g_i ~ Gamma(alpha_i): w = g / sum g is Dirichlet(alpha)."""
    import numpy as np  # loaded by the Monte Carlo only

    g = np.empty((samples, len(alpha)))
    for i, a in enumerate(alpha.tolist()):
        g[:, i] = _gamma_column(a, i, samples, seed)
    return g


def _gamma_column(a: float, i: int, samples: int, seed: int) -> np.ndarray:
    """g_i = the Gamma(a) quantile of coordinate i of the lattice, at every point; kept.

    Coordinate i of the lattice (its generator power and its shift) does not depend on how many coordinates there
    are, and alphas repeat across profiles (small integer weights, a few concentrations), so columns repeat too.
    """
    import numpy as np  # loaded by the Monte Carlo only

    key = (a, i, samples, seed)
    found = COLUMNS.get(key)
    if found is None:
        t_grid, cdf = _gamma_table(a)
        ascending, rank = _coordinate(samples, i, seed)
        # np.interp works out each point on its own, and finds its place in the table fastest in ascending order
        found = COLUMNS.put(key, np.exp(np.interp(ascending, cdf, t_grid))[rank])
    return found


COLUMNS: Memo[tuple[float, int, int, int], np.ndarray] = Memo(1024, "gamma columns")  # 32 KB each at 4,096 points


def _coordinate(samples: int, i: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Coordinate i of the lattice's points in ascending order, and each point's rank in that order; kept."""
    import numpy as np  # loaded by the Monte Carlo only

    key = (samples, i, seed)
    found = COORDINATES.get(key)
    if found is None:
        u = _lattice_coordinate(samples, i, seed)
        order = np.argsort(u, kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(samples)
        found = COORDINATES.put(key, (u[order], rank))
    return found


COORDINATES: Memo[tuple[int, int, int], tuple[np.ndarray, np.ndarray]] = Memo(256, "lattice coordinates")
"""A coordinate per use case of the largest rules, per lattice size and seed: a few in a process (64 KB each)."""


def _gamma_table(a: float) -> tuple[np.ndarray, np.ndarray]:
    """`_log_gamma_tables` of one alpha (each row is worked out on its own), kept by alpha."""
    import numpy as np  # loaded by the Monte Carlo only

    found = TABLES.get(a)
    if found is None:
        t_grid, cdf = _log_gamma_tables(np.array([a]))
        found = TABLES.put(a, (t_grid[0], cdf[0]))
    return found


TABLES: Memo[float, tuple[np.ndarray, np.ndarray]] = Memo(4096, "gamma tables")  # 4 KB each


_GRID = 256


def _log_gamma_tables(alpha: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per alpha_i, a grid of t = log g and the distribution function of Gamma(alpha_i) there (trapezoid rule).

    In log g the density exp(a t - e^t) / Gamma(a) is smooth for every shape; the grid spans from where the
    distribution function is 1e-12 (or 50 below the top: g that small is 0 next to the other weights) to where
    the upper tail is negligible. The mass below the grid is that of its power-law tail, g^a / Gamma(a + 1).
    """
    import numpy as np  # loaded by the Monte Carlo only

    log_gamma = np.array([math.lgamma(a) for a in alpha])
    log_gamma_1 = log_gamma + np.log(alpha)
    top = np.log(alpha + 10 * np.sqrt(alpha) + 25)
    bottom = np.maximum((math.log(1e-12) + log_gamma_1) / alpha, top - 50)
    step = (top - bottom) / (_GRID - 1)
    t_grid = bottom[:, None] + step[:, None] * np.arange(_GRID)
    density = np.exp(alpha[:, None] * t_grid - np.exp(t_grid) - log_gamma[:, None])
    cdf = np.empty_like(t_grid)
    cdf[:, 0] = np.exp(alpha * bottom - log_gamma_1)
    cdf[:, 1:] = cdf[:, :1] + np.cumsum(density[:, 1:] + density[:, :-1], axis=1) * (step / 2)[:, None]
    cdf /= cdf[:, -1:]
    return t_grid, cdf


def _lattice_coordinate(samples: int, i: int, seed: int) -> np.ndarray:
    """Coordinate i of `samples` points in the unit cube: a rank-1 lattice with a random shift from `seed`.

    The generator vector is z = (1, g, g^2, ...) mod n and the shifts are the first draws of the seed's generator,
    so coordinate i is the same however many coordinates there are."""
    import numpy as np  # loaded by the Monte Carlo only

    generator = _KOROBOV.get(samples) or _golden_generator(samples)
    shift = float(np.random.default_rng(seed).random(i + 1)[i])
    z = pow(generator, i, samples)
    return (np.arange(samples) * z % samples / samples + shift) % 1.0


# Korobov generators z = (1, g, g^2, ...) mod n, searched for a small weighted P2 discrepancy in 6 dimensions.
_KOROBOV = {4096: 519, 8192: 3779, 16384: 1125}


def _golden_generator(samples: int) -> int:
    """A generator for a lattice size without a searched one: the golden-section multiplier, coprime with n."""
    g = max(1, round(samples * (math.sqrt(5) - 1) / 2))
    while math.gcd(g, samples) != 1:
        g += 1
    return g
