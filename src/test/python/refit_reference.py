"""Reference optima for fits whose prior means are far from zero and from the MLE (refits from a
saved model, setPriorMean, per-feature means), on the real tables in data/.
Run: /usr/bin/python3 src/test/python/refit_reference.py  (output: refit_reference.out)

Independent of infospark: J of DESIGN.md section 2 written out in numpy, minimised by scipy 1.10
(trust-exact with the exact gradient and Hessian; the Laplace cases by L-BFGS-B on the smooth split
beta - mu = u - v, u, v >= 0, then Newton on the support). Every optimum is checked: gradient
(KKT) norm printed, and a second scipy method (BFGS / Newton-CG) from another start must agree.
The test suite never runs this script; its numbers are pasted into the Java tests.
"""
import numpy as np, pandas as pd
from scipy.optimize import minimize

INF = np.inf

def sig(z):
    return 0.5 * (1 + np.tanh(z / 2))

def J(th, A, y, mu, sd, b):
    z = A @ th
    v = np.sum(np.logaddexp(0, z) - y * z)
    g = np.isfinite(sd); l = np.isfinite(b)
    return v + np.sum((th[g] - mu[g]) ** 2 / (2 * sd[g] ** 2)) + np.sum(np.abs(th[l] - mu[l]) / b[l])

def smooth_grad(th, A, y, mu, sd):
    g = A.T @ (sig(A @ th) - y); m = np.isfinite(sd); g[m] += (th[m] - mu[m]) / sd[m] ** 2
    return g

def smooth_hess(th, A, y, mu, sd):
    p = sig(A @ th); H = A.T @ (A * (p * (1 - p))[:, None]); m = np.isfinite(sd)
    H[np.diag_indices_from(H)] += np.where(m, 1 / np.where(m, sd, 1) ** 2, 0)
    return H

def gaussian_map(A, y, mu, sd, x0):
    b = np.full(len(mu), INF)
    f = lambda t: J(t, A, y, mu, sd, b)
    r = minimize(f, x0, jac=lambda t: smooth_grad(t, A, y, mu, sd), hess=lambda t: smooth_hess(t, A, y, mu, sd),
                 method="trust-exact", options={"gtol": 1e-10, "maxiter": 100000})
    th = r.x
    for _ in range(5):  # polish: full Newton steps at the optimum
        th = th - np.linalg.solve(smooth_hess(th, A, y, mu, sd), smooth_grad(th, A, y, mu, sd))
    # a second method from the prior means (or zero) must agree
    r2 = minimize(f, np.where(np.isfinite(mu), mu, 0.0) * 0, jac=lambda t: smooth_grad(t, A, y, mu, sd),
                  hess=lambda t: smooth_hess(t, A, y, mu, sd), method="Newton-CG", options={"xtol": 1e-14, "maxiter": 100000})
    return th, r2.x

def laplace_map(A, y, mu, b, x0):
    """J with Laplace(mu, b) on the features (flat intercept): L-BFGS-B on beta - mu = u - v."""
    p = len(mu); l = np.isfinite(b)
    def unpack(w):
        u, v = w[:p], w[p:]; return mu + u - v
    def f(w):
        th = unpack(w); z = A @ th
        return np.sum(np.logaddexp(0, z) - y * z) + np.sum((w[:p] + w[p:])[l] / b[l])
    def df(w):
        th = unpack(w); g = A.T @ (sig(A @ th) - y); pen = np.where(l, 1 / np.where(l, b, 1), 0)
        return np.concatenate([g + pen, -g + pen])
    d0 = x0 - mu
    w0 = np.concatenate([np.maximum(d0, 0), np.maximum(-d0, 0)])
    bounds = [(0, None) if l[j % p] else (None, None) for j in range(2 * p)]
    r = minimize(f, w0, jac=df, method="L-BFGS-B", bounds=bounds, options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 100000, "maxfun": 1000000})
    th = unpack(r.x)
    zero = l & (np.abs(th - mu) < 1e-7)
    th[zero] = mu[zero]
    free = ~zero
    s = np.sign(th - mu)
    for _ in range(30):  # Newton on the support, signs fixed
        g = A.T @ (sig(A @ th) - y) + np.where(l, s / np.where(l, b, 1), 0)
        pp = sig(A @ th); H = A.T @ (A * (pp * (1 - pp))[:, None])
        step = np.zeros(p); step[free] = np.linalg.solve(H[np.ix_(free, free)], g[free])
        th = th - step
    g = A.T @ (sig(A @ th) - y)
    kkt = np.where(zero, np.maximum(np.abs(g) - 1 / np.where(l, b, 1), 0), g + np.where(l, s / np.where(l, b, 1), 0))
    return th, np.max(np.abs(kkt))

def show(name, v):
    print(name, "=", repr(float(v)) if np.isscalar(v) else "{" + ", ".join(repr(float(a)) for a in v) + "}")

def report(name, A, y, mu, sd, x0):
    th, other = gaussian_map(A, y, mu, sd, x0)
    b = np.full(len(mu), INF)
    print("#", name, "rows", len(y))
    show("coef", th)
    show("J", J(th, A, y, mu, sd, b))
    z = A @ th; show("log_loss", np.mean(np.logaddexp(0, z) - y * z))
    print("#   gradient norm", np.max(np.abs(smooth_grad(th, A, y, mu, sd))),
          "Newton-CG from 0 agrees to", np.max(np.abs(other - th) / np.maximum(1, np.abs(th))))
    return th

def design(df, numeric, categorical=()):
    cols, names = [np.ones(len(df))], ["(intercept)"]
    for c in categorical:
        levels = sorted(df[c].unique())
        for v in levels[1:]:
            cols.append((df[c] == v).astype(float).values); names.append(c + "=" + v)
    for c in numeric:
        cols.append(df[c].astype(float).values); names.append(c)
    return np.column_stack(cols), names

np.set_printoptions(precision=17)

# ---- penguins: rows with a sex (MALE/FEMALE); 333 rows, no nulls in these columns
pg = pd.read_csv("data/penguins.csv")
pg = pg[pg["Sex"].isin(["MALE", "FEMALE"])]
A, names = design(pg, ["Beak Length (mm)", "Beak Depth (mm)", "Body Mass (g)"], ["Species"])
y = (pg["Sex"] == "MALE").astype(float).values
print("# penguins columns", names)
p = A.shape[1]
flat = np.full(p, INF); flat_mu = np.zeros(p)
# m1: --prior gaussian:10 (mean 0), flat intercept
sd = np.r_[INF, np.full(p - 1, 10.0)]
m1 = report("penguins m1: gaussian(0, 10)", A, y, np.zeros(p), sd, np.zeros(p))
se1 = np.sqrt(np.diag(np.linalg.inv(smooth_hess(m1, A, y, np.zeros(p), sd))))
show("m1 se", se1)
# refit: --prior-model m1 (each feature Gaussian(m1_j, se1_j), intercept flat)
mu = np.r_[0.0, m1[1:]]; sd2 = np.r_[INF, se1[1:]]
report("penguins refit from m1 (prior-model)", A, y, mu, sd2, np.zeros(p))
# Gaussian(mean 3, sd 1) on every feature: the prior mean of Body Mass (g) alone moves margins by ~12,600
report("penguins gaussian(3, 1)", A, y, np.r_[0.0, np.full(p - 1, 3.0)], np.r_[INF, np.ones(p - 1)], np.zeros(p))
# per-feature means far from zero and from the MLE, sd 2
mu = np.r_[0.0, -5.0, 5.0, -1.0, 4.0, -0.01]
report("penguins per-feature means -5,5,-1,4,-0.01, gaussian sd 2", A, y, mu, np.r_[INF, np.full(p - 1, 2.0)], np.zeros(p))

# ---- birdstrikes: damaged = damage is not None; Speed (knots, ~150), Wildlife Size (Large the
# reference), Cost Total $ (0 .. 7e6): scales from 1 to 1e5
bs = pd.read_csv("data/birdstrikes.csv")
bs = bs.dropna(subset=["Speed IAS in knots", "Wildlife Size"])
A, names = design(bs, ["Speed IAS in knots", "Cost Total $"], ["Wildlife Size"])
y = (bs["Effect Amount of damage"] != "None").astype(float).values
print("# birdstrikes columns", names, "positives", y.sum())
p = A.shape[1]
# gaussian(0.5, 0.1) on every feature: at the prior mean the cost term alone is up to 3.5e6
report("birdstrikes gaussian(0.5, 0.1)", A, y, np.r_[0.0, np.full(p - 1, 0.5)], np.r_[INF, np.full(p - 1, 0.1)], np.zeros(p))
sd = np.r_[INF, np.full(p - 1, 10.0)]
b1 = report("birdstrikes m1: gaussian(0, 10)", A, y, np.zeros(p), sd, np.zeros(p))
se1 = np.sqrt(np.diag(np.linalg.inv(smooth_hess(b1, A, y, np.zeros(p), sd))))
show("m1 se", se1)
report("birdstrikes refit from m1 (prior-model)", A, y, np.r_[0.0, b1[1:]], np.r_[INF, se1[1:]], np.zeros(p))

# ---- seattle-weather: rain = weather is rain; precipitation, temp_max, temp_min, wind
sw = pd.read_csv("data/seattle-weather.csv")
A, names = design(sw, ["precipitation", "temp_max", "temp_min", "wind"])
y = (sw["weather"] == "rain").astype(float).values
print("# seattle columns", names, "positives", y.sum())
p = A.shape[1]
report("seattle gaussian(-2, 0.5)", A, y, np.r_[0.0, np.full(p - 1, -2.0)], np.r_[INF, np.full(p - 1, 0.5)], np.zeros(p))
report("seattle gaussian(2, 1) (setPriorMean(2), priorSd 1)", A, y, np.r_[0.0, np.full(p - 1, 2.0)], np.r_[INF, np.ones(p - 1)], np.zeros(p))
b = np.r_[INF, np.full(p - 1, 0.2)]; mu = np.r_[0.0, np.full(p - 1, 1.0)]
th, kkt = laplace_map(A, y, mu, b, np.zeros(p))
print("# seattle laplace(1, 0.2): L-BFGS-B on the split, Newton on the support; KKT norm", kkt)
show("coef", th); show("J", J(th, A, y, mu, np.full(p, INF), b))

# ---- penguins, the four measurements only (the Spark ML test's VectorAssembler): setPriorMean(3), priorSd 1
A, names = design(pg, ["Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"])
y = (pg["Sex"] == "MALE").astype(float).values
print("# penguins measurements", names)
p = A.shape[1]
report("penguins measurements gaussian(3, 1) (setPriorMean(3), priorSd 1)", A, y, np.r_[0.0, np.full(p - 1, 3.0)],
       np.r_[INF, np.ones(p - 1)], np.zeros(p))
