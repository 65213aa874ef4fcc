"""Reference numbers for the logistic tests (run: /usr/bin/python3 src/test/python/logistic_reference.py).

Independent tools: statsmodels 0.13 Logit (MLE), scikit-learn 1.2 LogisticRegression (L2),
scipy 1.10 L-BFGS-B on the smooth split beta = u - v (L1), polished by Newton on the support.
The test suite never runs this script; its output is pasted into the Java tests.
"""
import numpy as np, pandas as pd, statsmodels.api as sm
from scipy.optimize import minimize
from sklearn.linear_model import LogisticRegression
np.set_printoptions(precision=17)

def penguins():
    df = pd.read_csv("data/penguins.csv").dropna()
    df = df[df["Sex"] != "."]  # one row has Sex "." (a third label value); the tests filter it too
    X = pd.DataFrame({
        "Species=Chinstrap": (df["Species"] == "Chinstrap").astype(float),
        "Species=Gentoo": (df["Species"] == "Gentoo").astype(float),
        "Beak Length (mm)": df["Beak Length (mm)"], "Beak Depth (mm)": df["Beak Depth (mm)"],
        "Flipper Length (mm)": df["Flipper Length (mm)"], "Body Mass (g)": df["Body Mass (g)"]})
    y = (df["Sex"] == "MALE").astype(float).values
    return X, y

def J(theta, X, y, sd=None, b=None):
    z = theta[0] + X @ theta[1:]
    v = np.sum(np.logaddexp(0, z) - y * z)
    if sd is not None: v += np.sum(theta[1:] ** 2) / (2 * sd * sd)
    if b is not None: v += np.sum(np.abs(theta[1:])) / b
    return v

def show(name, v):
    print(name, "=", repr(v) if np.isscalar(v) else "{" + ", ".join(repr(float(a)) for a in v) + "}")

# (a) MLE, spector
sp = sm.datasets.spector.load_pandas().data
pd.DataFrame(sp).to_csv("src/test/resources/spector.csv", index=False)
Xs = sp[["GPA", "TUCE", "PSI"]]; ys = sp["GRADE"].values
r = sm.Logit(ys, sm.add_constant(Xs)).fit(method="newton", tol=1e-10, maxiter=100, disp=0)
print("# spector MLE statsmodels")
show("coef", r.params.values); show("se", r.bse.values); show("llf", r.llf)
show("aic", r.aic); show("bic", r.bic)

# penguins MLE
X, y = penguins(); print("# penguins rows", len(y), "pos", y.sum())
r = sm.Logit(y, sm.add_constant(X)).fit(method="newton", tol=1e-10, maxiter=100, disp=0)
print("# penguins MLE statsmodels"); show("coef", r.params.values); show("se", r.bse.values); show("llf", r.llf)

# (b) Gaussian prior sd=0.5 on every coefficient, flat intercept: sklearn C = sd^2
sd = 0.5
m = LogisticRegression(penalty="l2", C=sd * sd, fit_intercept=True, solver="newton-cg", tol=1e-12, max_iter=100000).fit(X.values, y)
th = np.concatenate([m.intercept_, m.coef_[0]])
print("# penguins gaussian sd=0.5 sklearn newton-cg"); show("coef", th); show("J", J(th, X.values, y, sd=sd))
# polish with scipy trust-exact on the same J (same optimum, tighter)
def fgh(th, X, y, lam2):
    z = th[0] + X @ th[1:]; p = 1 / (1 + np.exp(-z)); A = np.column_stack([np.ones(len(y)), X])
    g = A.T @ (p - y); H = A.T @ (A * (p * (1 - p))[:, None])
    g[1:] += lam2 * th[1:]; H[1:, 1:] += lam2 * np.eye(len(th) - 1)
    return g, H
for _ in range(20):
    g, H = fgh(th, X.values, y, 1 / sd ** 2); th = th - np.linalg.solve(H, g)
print("# polished by Newton (numpy)"); show("coef", th); show("J", J(th, X.values, y, sd=sd))
g, H = fgh(th, X.values, y, 1 / sd ** 2); show("se", np.sqrt(np.diag(np.linalg.inv(H))))

# (c) Laplace prior b on every coefficient, flat intercept, on the penguins without Body Mass:
# scipy L-BFGS-B on the smooth split beta = u - v (u, v >= 0), then Newton on the support (signs fixed).
b = 0.2
X = X.drop(columns=["Body Mass (g)"]); Xv = X.values; k = Xv.shape[1]
def split(w): return np.concatenate([[w[0]], w[1:k + 1] - w[k + 1:]])
def f(w):
    th = split(w); z = th[0] + Xv @ th[1:]; p = 1 / (1 + np.exp(-z))
    val = np.sum(np.logaddexp(0, z) - y * z) + np.sum(w[1:]) / b
    gb = np.concatenate([[np.sum(p - y)], Xv.T @ (p - y)])
    return val, np.concatenate([[gb[0]], gb[1:] + 1 / b, -gb[1:] + 1 / b])
best = None
# start from the L2 (sd = 0.5) optimum: from zero, L-BFGS-B stalls on the badly scaled intercept
m2 = LogisticRegression(penalty="l2", C=0.25, solver="newton-cg", tol=1e-12, max_iter=100000).fit(Xv, y)
x0 = np.concatenate([m2.intercept_, np.maximum(m2.coef_[0], 0), np.maximum(-m2.coef_[0], 0)])
for _ in range(3):
    res = minimize(f, x0, jac=True, method="L-BFGS-B", bounds=[(None, None)] + [(0, None)] * (2 * k),
                   options=dict(ftol=1e-16, gtol=1e-12, maxiter=100000, maxcor=50, maxfun=100000))
    x0 = res.x
th = split(res.x); print("# penguins laplace b=%g scipy L-BFGS-B" % b, res.message, res.fun); show("coef_lbfgsb", th)
S = [0] + [j + 1 for j in range(k) if abs(th[j + 1]) > 1e-4]; s = np.sign(th)
for _ in range(30):
    z = th[0] + Xv @ th[1:]; p = 1 / (1 + np.exp(-z)); A = np.column_stack([np.ones(len(y)), Xv])
    g = A.T @ (p - y) + np.concatenate([[0], s[1:] / b]); H = A.T @ (A * (p * (1 - p))[:, None])
    th[S] -= np.linalg.solve(H[np.ix_(S, S)], g[S])
    th[[j for j in range(k + 1) if j not in S]] = 0
print("columns", list(X.columns)); show("coef", th); show("J", J(th, Xv, y, b=b))
z = th[0] + Xv @ th[1:]; p = 1 / (1 + np.exp(-z)); gl = np.concatenate([[np.sum(p - y)], Xv.T @ (p - y)])
show("grad_loss", gl); print("KKT zeros ok:", all(abs(gl[j]) <= 1 / b for j in range(1, k + 1) if j not in S), "signs ok:", all(np.sign(th[j]) == -np.sign(gl[j]) for j in S[1:]))
H = np.column_stack([np.ones(len(y)), Xv]); H = H.T @ (H * (p * (1 - p))[:, None])
show("se_support", np.sqrt(np.diag(np.linalg.inv(H[np.ix_(S, S)])))); print("support", S)

# scoring metrics of the penguins MLE on its training rows (sklearn.metrics)
from sklearn.metrics import roc_auc_score, log_loss, accuracy_score
X, y = penguins()
r = sm.Logit(y, sm.add_constant(X)).fit(method="newton", tol=1e-10, maxiter=100, disp=0)
p = r.predict(sm.add_constant(X))
print("# penguins MLE scored on its training rows")
show("auc", roc_auc_score(y, p)); show("log_loss", log_loss(y, p)); show("accuracy", accuracy_score(y, p >= 0.5))
