"""Data and reference numbers for the separation tests (run: /usr/bin/python3 src/test/python/separation_reference.py).

Writes src/test/resources/separation/{complete,quasi,oblique,near}.csv (columns x1, x2, y) from
closed formulas (no random numbers), checks with scipy's linprog that the first three are separated
and the last is not (two LPs, see separated() below), and prints the
statsmodels Logit MLE of near.csv. The test suite never runs this script; its output is in
separation_reference.out and pasted into the Java tests.
"""
import numpy as np, pandas as pd, statsmodels.api as sm
from scipy.optimize import linprog

def write(name, x1, x2, y):
    df = pd.DataFrame({"x1": x1, "x2": x2, "y": y})
    df.to_csv("src/test/resources/separation/%s.csv" % name, index=False, float_format="%.17g")
    return df

k = np.arange(20)
u = 0.5 + (k * 7 % 10) / 10.0          # 0.5 .. 1.4, each value twice
v = np.round(np.sin(k + 1.0), 6)       # noise, paired with +v and -v below

# complete: y = 1 iff x1 > 0; every (x1, y) appears with x2 = +v and -v
x1 = np.concatenate([u, u, -u, -u]); x2 = np.concatenate([v, -v, v, -v]); y = (x1 > 0).astype(int)
complete = write("complete", x1, x2, y)

# quasi: as complete, plus 4 rows at x1 = 0 with both labels (x2 = 0.3, -0.2 each with y = 0 and 1)
x1q = np.concatenate([x1, [0, 0, 0, 0]]); x2q = np.concatenate([x2, [0.3, -0.2, 0.3, -0.2]]); yq = np.concatenate([y, [1, 0, 0, 1]])
quasi = write("quasi", x1q, x2q, yq)

# oblique: y = 1 iff x1 > 1, plus 4 rows at x1 = 1 with both labels: the boundary x1 = 1 involves the intercept
oblique = write("oblique", x1q + 1, x2q, yq)

# near: complete plus two rows close to the boundary on the wrong sides (x1 = 0.05, y = 0; x1 = -0.05, y = 1):
# not separable, but only just; the MLE is finite with a large slope
near = write("near", np.concatenate([x1, [0.05, -0.05]]), np.concatenate([x2, [0, 0]]), np.concatenate([y, [0, 1]]))

def separated(df):
    """max t, s.t. (2y-1)(b0 + b1 x1 + b2 x2) >= t for every row... with |b| <= 1: t > 0 complete;
    t = 0 with some row > 0 at the LP optimum of a second LP: quasi-complete. Returns (t, rows strictly >0 of a
    quasi-complete direction, rows on it)."""
    A = np.column_stack([np.ones(len(df)), df.x1, df.x2]) * (2 * df.y.values - 1)[:, None]
    # complete: maximise t subject to A b >= t, -1 <= b <= 1
    res = linprog(c=[0, 0, 0, -1], A_ub=np.column_stack([-A, np.ones(len(df))]), b_ub=np.zeros(len(df)),
                  bounds=[(-1, 1)] * 3 + [(None, None)], method="highs")
    t = -res.fun
    # quasi-complete: maximise sum(min(A b, 1)) subject to A b >= 0 (slacks s_i <= A_i b, s_i <= 1)
    n = len(df)
    res2 = linprog(c=np.concatenate([np.zeros(3), -np.ones(n)]),
                   A_ub=np.vstack([np.column_stack([-A, np.zeros((n, n))]), np.column_stack([-A, np.eye(n)])]),
                   b_ub=np.zeros(2 * n), bounds=[(-10, 10)] * 3 + [(0, 1)] * n, method="highs")
    m = A @ res2.x[:3]
    b = res2.x[:3] / max(np.max(np.abs(res2.x[:3])), 1e-300)
    return t, b, int(np.sum(m > 1e-9)), int(np.sum(np.abs(m) <= 1e-9))

for name, df in [("complete", complete), ("quasi", quasi), ("oblique", oblique), ("near", near)]:
    t, b, pos, zero = separated(df)
    print("# %s: rows %d, LP max margin %.6g, quasi-complete direction (b0, b1, b2) = %s, rows > 0: %d, rows = 0: %d"
          % (name, len(df), t, np.round(b, 6), pos, zero))

r = sm.Logit(near.y.values, sm.add_constant(near[["x1", "x2"]])).fit(method="newton", tol=1e-12, maxiter=200, disp=0)
print("# near: statsmodels Logit(y, add_constant([x1, x2])).fit(method='newton', tol=1e-12)")
print("coef =", ", ".join(repr(float(a)) for a in r.params.values))
print("se =", ", ".join(repr(float(a)) for a in r.bse.values))
print("llf =", repr(float(r.llf)), "converged:", r.mle_retvals["converged"])
