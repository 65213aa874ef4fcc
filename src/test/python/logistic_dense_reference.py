"""Reference numbers for the 8-feature penguin fits (the dense-block path of LossAggregator: dense
blocks of >= 8 rows and >= 8 features). Run: /usr/bin/python3 src/test/python/logistic_dense_reference.py
(output in logistic_dense_reference.out). The test suite never runs this script.

Data: data/penguins.csv, rows with a null dropped and the one Sex "." row removed (333 rows);
y = Sex == MALE; X = Species one-hot (Adelie the reference), Island one-hot (Biscoe the reference),
Beak Length, Beak Depth, Flipper Length, Body Mass: 8 features, intercept flat.
  MLE:                statsmodels 0.13 Logit, Newton, tol 1e-12.
  Gaussian sd = 0.5:  scikit-learn 1.2 LogisticRegression(penalty="l2", C=sd**2, newton-cg, tol 1e-12), which
                      minimises sum(loss) + |w|^2 / (2C) = J; polished by Newton steps on the same J.
  Laplace b = 0.2:    scikit-learn LogisticRegression(penalty="l1", C=b, solver="saga") minimises the same J
                      but does not converge to 1e-6 on these unscaled features (max_iter reached), so:
                      scipy 1.10 L-BFGS-B on the smooth split beta = u - v (u, v >= 0), then Newton on the
                      support with the signs fixed; the KKT conditions, which prove the optimum of this
                      convex J, are checked and printed.
"""
import numpy as np, pandas as pd, statsmodels.api as sm
from scipy.optimize import minimize
from sklearn.linear_model import LogisticRegression
np.set_printoptions(precision=17)

df = pd.read_csv("data/penguins.csv").dropna(); df = df[df["Sex"] != "."]
X = pd.DataFrame({"Species=Chinstrap": (df.Species == "Chinstrap") * 1.0, "Species=Gentoo": (df.Species == "Gentoo") * 1.0,
                  "Island=Dream": (df.Island == "Dream") * 1.0, "Island=Torgersen": (df.Island == "Torgersen") * 1.0,
                  "Beak Length (mm)": df["Beak Length (mm)"], "Beak Depth (mm)": df["Beak Depth (mm)"],
                  "Flipper Length (mm)": df["Flipper Length (mm)"], "Body Mass (g)": df["Body Mass (g)"]})
Xv = X.values; y = (df.Sex == "MALE").values * 1.0; k = Xv.shape[1]; A = np.column_stack([np.ones(len(y)), Xv])
print("# rows", len(y), "features", k, list(X.columns))

def J(th, sd=None, b=None):
    z = A @ th; v = np.sum(np.logaddexp(0, z) - y * z)
    if sd is not None: v += np.sum(th[1:] ** 2) / (2 * sd * sd)
    if b is not None: v += np.sum(np.abs(th[1:])) / b
    return v

def show(name, v):
    print(name, "=", repr(float(v)) if np.isscalar(v) else ", ".join(repr(float(a)) for a in v))

r = sm.Logit(y, A).fit(method="newton", tol=1e-12, maxiter=100, disp=0)
print("# MLE statsmodels Logit"); show("coef", r.params); show("se", r.bse); show("J", -r.llf)

sd = 0.5
m = LogisticRegression(penalty="l2", C=sd * sd, solver="newton-cg", tol=1e-12, max_iter=100000).fit(Xv, y)
th = np.concatenate([m.intercept_, m.coef_[0]])
print("# Gaussian sd=0.5 sklearn newton-cg"); show("coef_sklearn", th); show("J_sklearn", J(th, sd=sd))
for _ in range(20):
    p = 1 / (1 + np.exp(-(A @ th))); g = A.T @ (p - y); H = A.T @ (A * (p * (1 - p))[:, None])
    g[1:] += th[1:] / sd ** 2; H[1:, 1:] += np.eye(k) / sd ** 2
    th = th - np.linalg.solve(H, g)
print("# polished by Newton (numpy)"); show("coef", th); show("J", J(th, sd=sd))
print("max |sklearn - polished| / |polished| =", np.max(np.abs(np.concatenate([m.intercept_, m.coef_[0]]) - th) / np.abs(th)))

b = 0.2
print("# Laplace b=0.2")
def split(w): return np.concatenate([[w[0]], w[1:k + 1] - w[k + 1:]])
def f(w):
    th = split(w); z = A @ th; p = 1 / (1 + np.exp(-z))
    val = np.sum(np.logaddexp(0, z) - y * z) + np.sum(w[1:]) / b
    gb = A.T @ (p - y)
    return val, np.concatenate([[gb[0]], gb[1:] + 1 / b, -gb[1:] + 1 / b])
m2 = LogisticRegression(penalty="l2", C=0.25, solver="newton-cg", tol=1e-12, max_iter=100000).fit(Xv, y)
x0 = np.concatenate([m2.intercept_, np.maximum(m2.coef_[0], 0), np.maximum(-m2.coef_[0], 0)])
for _ in range(3):
    res = minimize(f, x0, jac=True, method="L-BFGS-B", bounds=[(None, None)] + [(0, None)] * (2 * k),
                   options=dict(ftol=1e-16, gtol=1e-12, maxiter=100000, maxcor=50, maxfun=100000))
    x0 = res.x
th = split(res.x); show("coef_lbfgsb", th)
S = [0] + [j + 1 for j in range(k) if abs(th[j + 1]) > 1e-4]; s = np.sign(th)
for _ in range(30):
    p = 1 / (1 + np.exp(-(A @ th))); g = A.T @ (p - y) + np.concatenate([[0], s[1:] / b]); H = A.T @ (A * (p * (1 - p))[:, None])
    th[S] -= np.linalg.solve(H[np.ix_(S, S)], g[S]); th[[j for j in range(k + 1) if j not in S]] = 0
print("# polished by Newton on the support", S); show("coef", th); show("J", J(th, b=b))
p = 1 / (1 + np.exp(-(A @ th))); gl = A.T @ (p - y)
print("dL/db on the zeros (must be within +-1/b = +-%g):" % (1 / b), [float(gl[j]) for j in range(1, k + 1) if j not in S])
print("KKT: zeros |dL/db| <= 1/b:", all(abs(gl[j]) <= 1 / b for j in range(1, k + 1) if j not in S),
      "; support dL/db = -sign/b to", np.max(np.abs(gl[S[1:]] + s[S[1:]] / b)), "; intercept", gl[0])
