"""Reference numbers for PriorChoiceReferenceTest (paths, cross-validation, evidence, t priors).

Run: /usr/bin/python3 src/test/python/prior_choice_reference.py > src/test/python/prior_choice_reference.out
Data: data/penguins.csv rows with Sex MALE or FEMALE (333): y = MALE; Species one-hot (Adelie the
reference), Beak Length (mm), Beak Depth (mm), Body Mass (g). J in sum form (DESIGN.md §2).
"""
import csv
import numpy as np
import scipy.optimize
from sklearn.linear_model import LogisticRegression
import statsmodels.api as sm

rows = [r for r in csv.DictReader(open("data/penguins.csv", newline="")) if r["Sex"].strip() in ("MALE", "FEMALE")]
X = np.array([[r["Species"] == "Chinstrap", r["Species"] == "Gentoo", float(r["Beak Length (mm)"]),
               float(r["Beak Depth (mm)"]), float(r["Body Mass (g)"])] for r in rows], float)
y = np.array([r["Sex"].strip() == "MALE" for r in rows], float)
A = np.hstack([np.ones((len(y), 1)), X])
p = A.shape[1]
np.set_printoptions(precision=17)


def show(name, v):
    print(name, "=", "{" + ", ".join(repr(float(x)) for x in np.ravel(v)) + "}")


def loss(th, A=A, y=y):
    z = A @ th
    return np.sum(np.logaddexp(0, z) - y * z)


# ---- Gaussian path: scikit-learn, C = sigma^2 (intercept not penalised), polished by exact Newton
def gaussian_fit(s, A=A, y=y):
    m = LogisticRegression(C=s * s, solver="newton-cholesky", tol=1e-14, max_iter=10000).fit(A[:, 1:], y)
    th = np.r_[m.intercept_, m.coef_[0]]
    g = np.r_[0, np.ones(p - 1)] / s ** 2
    for _ in range(5):  # Newton on the exact J: the gradient to rounding level
        q = 1 / (1 + np.exp(-(A @ th)))
        th = th - np.linalg.solve((A.T * (q * (1 - q))) @ A + np.diag(g), A.T @ (q - y) + g * th)
    return th


for s in [0.01, 0.1, 1.0, 10.0]:
    show("gaussian path sd=%g" % s, gaussian_fit(s))

# ---- Laplace path: statsmodels fit_regularized (l1, alpha = 1/b, intercept unpenalised), then
# scipy L-BFGS-B on the split form beta = u - v polished on the support
for b in [0.001, 0.01, 0.1, 1.0]:
    alpha = np.r_[0, np.ones(p - 1) / b]
    r = sm.Logit(y, A).fit_regularized(method="l1", alpha=alpha, disp=0, acc=1e-14, trim_mode="size",
                                       size_trim_tol=1e-9, maxiter=10000)
    th = np.array(r.params)
    sup = [j for j in range(p) if j == 0 or th[j] != 0]
    for _ in range(20):  # Newton on the support: sign fixed, gradient of loss + alpha*sign = 0
        q = 1 / (1 + np.exp(-(A[:, sup] @ th[sup])))
        g = A[:, sup].T @ (q - y) + alpha[sup] * np.sign(th[sup])
        H = (A[:, sup].T * (q * (1 - q))) @ A[:, sup]
        th[sup] -= np.linalg.solve(H, g)
    show("laplace path b=%g" % b, th)


# ---- Cross-validation folds: DESIGN.md §5.3 / io.infospark.core.logistic.Folds, reimplemented
M = (1 << 64) - 1


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
    return z ^ (z >> 31)


def bits(v):
    return int(np.array([v], dtype=">f8").view(">u8")[0])


def fold(seed, K, x, yy, w):
    h = mix(seed & M)
    for j, v in enumerate(x):
        if v != 0:
            h = mix(h ^ j)
            h = mix(h ^ bits(v))
    h = mix(h ^ bits(yy))
    h = mix(h ^ bits(w))
    return h % K


K, seed = 5, 7
folds = np.array([fold(seed, K, X[i], y[i], 1.0) for i in range(len(y))])
print("folds seed=7 K=5 =", "".join(str(f) for f in folds))
for s in [0.01, 0.1, 1.0]:
    held = []
    for k in range(K):
        tr, te = folds != k, folds == k
        th = gaussian_fit(s, A[tr], y[tr])
        held.append(loss(th, A[te], y[te]))
    show("cv gaussian sd=%g held-out loss per fold" % s, held)


# ---- Evidence (DESIGN.md §5.3): numpy slogdet on the exact Hessian at the MAP, sigma* by scipy
def log_evidence(s):
    th = gaussian_fit(s)
    q = 1 / (1 + np.exp(-(A @ th)))
    H = (A.T * (q * (1 - q))) @ A + np.diag(np.r_[0, np.ones(p - 1)] / s ** 2)
    d = p - 1
    return (-loss(th) - np.sum(th[1:] ** 2) / (2 * s * s) - d / 2 * np.log(2 * np.pi * s * s)
            + (d + 1) / 2 * np.log(2 * np.pi) - 0.5 * np.linalg.slogdet(H)[1])


for s in [0.1, 1.0, 10.0]:
    print("log evidence sd=%g = %r" % (s, log_evidence(s)))
r = scipy.optimize.minimize_scalar(lambda t: -log_evidence(np.exp(t)), bounds=(np.log(0.1), np.log(100)),
                                   method="bounded", options={"xatol": 1e-10})
print("sigma* = %r, log evidence there = %r" % (float(np.exp(r.x)), -r.fun))


# ---- Student-t / Cauchy: scipy trust-exact on the exact objective from the Gaussian fit with sd = s
def t_fit(s, nu):
    g0 = gaussian_fit(s)

    def J(th):
        u = th[1:]
        return loss(th) + (nu + 1) / 2 * np.sum(np.log1p((u / s) ** 2 / nu))

    def grad(th):
        q = 1 / (1 + np.exp(-(A @ th)))
        u = th[1:]
        return A.T @ (q - y) + np.r_[0, (nu + 1) * u / (nu * s * s + u * u)]

    def hess(th):
        q = 1 / (1 + np.exp(-(A @ th)))
        u = th[1:]
        a = nu * s * s
        return (A.T * (q * (1 - q))) @ A + np.diag(np.r_[0, (nu + 1) * (a - u * u) / (a + u * u) ** 2])

    r = scipy.optimize.minimize(J, g0, jac=grad, hess=hess, method="trust-exact", options={"gtol": 1e-11})
    th = r.x
    for _ in range(3):
        th = th - np.linalg.solve(hess(th), grad(th))
    return th, np.sqrt(np.diag(np.linalg.inv(hess(th))))


for s, nu in [(2.5, 1.0), (1.0, 3.0)]:
    th, se = t_fit(s, nu)
    show("t s=%g nu=%g" % (s, nu), th)
    show("t s=%g nu=%g se" % (s, nu), se)
