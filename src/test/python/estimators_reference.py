"""Reference values for the small-sample entropy estimators and the two-sample tests (DESIGN.md §5).

Run with /usr/bin/python3 (scipy 1.10.1, numpy 1.24.2, mpmath 1.2.1, pandas 1.5.3) from the
repository root:  /usr/bin/python3 src/test/python/estimators_reference.py [section ...]
The numbers it prints are pasted into the Java tests (core.SmallSampleEntropyTest,
core.NsbTest, core.TwoSampleTestTest, ...); the test suite does not run Python.

Independent of the Java code: Grassberger from scipy's digamma on the per-value counts; James-Stein
from numpy on the full count vector (zeros for the unseen values of a known alphabet); NSB by
mpmath quadrature over beta of the textbook (Wolpert-Wolf) posterior moments, E[H^2] included
(not the centred form the Java code uses), at 30 digits; for A = 2 also by a double integral over
p and beta that uses only the Beta density and H(p); and a Monte Carlo of the NSB posterior.
"""
import sys
import numpy as np
import pandas as pd
import mpmath as mp
from scipy.special import digamma
from scipy.stats import chi2_contingency

mp.mp.dps = 30


def counts_of(path, column, head=None):
    # Spark's CSV reader: only the empty field is null ("None" is a value)
    d = pd.read_csv(path, keep_default_na=False, na_values=[''])
    if head is not None:
        d = d.head(head)
    return d[column].dropna().value_counts().values.astype(np.int64)


def fingerprint(c):
    v, f = np.unique(c[c > 0], return_counts=True)
    return dict(zip(v.tolist(), f.tolist()))


def grassberger(c):
    c = c[c > 0].astype(float)
    n = c.sum()
    g = digamma(c) + 0.5 * (-1) ** c * (digamma((c + 1) / 2) - digamma(c / 2))
    return np.log(n) - (c * g).sum() / n


def james_stein(c, alphabet=None):
    """Hausser-Strimmer on the count vector of the whole alphabet (zeros for unseen values)."""
    c = c[c > 0].astype(float)
    if alphabet is not None:
        c = np.concatenate([c, np.zeros(alphabet - len(c))])
    n = c.sum()
    u = c / n
    t = 1.0 / len(c)
    msp = ((t - u) ** 2).sum()
    lam = 1.0 if msp == 0 else (1 - (u ** 2).sum()) / ((n - 1) * msp)
    lam = max(0.0, min(1.0, lam))
    p = lam * t + (1 - lam) * u
    p = p[p > 0]
    return -(p * np.log(p)).sum(), lam


def nsb(fp, A, verbose=False):
    """NSB posterior mean and sd by mpmath quadrature over t = ln(beta); textbook moments."""
    N = sum(c * f for c, f in fp.items())
    K = sum(fp.values())
    A = mp.mpf(A)

    def logev(b):
        return (mp.loggamma(A * b) - mp.loggamma(N + A * b)
                + sum(f * (mp.loggamma(c + b) - mp.loggamma(b)) for c, f in fp.items()))

    def dxi(b):
        return A * mp.polygamma(1, A * b + 1) - mp.polygamma(1, b + 1)

    def moments(b):
        a = N + A * b
        cells = [(c + b, f) for c, f in fp.items()]
        if A - K > 0:
            cells.append((b, A - K))
        m = mp.digamma(a + 1) - sum(f * ai / a * mp.digamma(ai + 1) for ai, f in cells)
        x = [(ai, f, mp.digamma(ai + 1) - mp.digamma(a + 2)) for ai, f in cells]
        s1 = sum(f * ai * xi for ai, f, xi in x)
        s2 = sum(f * ai ** 2 * xi ** 2 for ai, f, xi in x)
        sq = sum(f * ai ** 2 for ai, f in cells)
        cross = (s1 ** 2 - s2) - mp.polygamma(1, a + 2) * (a ** 2 - sq)
        diag = sum(f * ai * (ai + 1) * ((mp.digamma(ai + 2) - mp.digamma(a + 2)) ** 2
                                        + mp.polygamma(1, ai + 2) - mp.polygamma(1, a + 2)) for ai, f in cells)
        return m, (cross + diag) / (a * (a + 1))  # E[H], E[H^2]

    def g(t):
        b = mp.exp(t)
        return logev(b) + t + mp.log(dxi(b))

    # mode on a grid, then refined
    grid = [mp.mpf(t) for t in range(-50, 51)]
    vals = [g(t) for t in grid]
    i = max(range(len(vals)), key=lambda j: vals[j])
    tm = mp.findroot(lambda t: mp.diff(g, t), grid[i]) if 0 < i < len(grid) - 1 else grid[i]
    gm = g(tm)
    lo = min(t for t, v in zip(grid, vals) if v > gm - 70) - 1
    hi = max(t for t, v in zip(grid, vals) if v > gm - 70) + 1
    w = 1 / mp.sqrt(-mp.diff(g, tm, 2))
    pts = sorted(set([lo, hi] + [tm + k * w for k in (-16, -8, -4, -2, -1, 0, 1, 2, 4, 8, 16) if lo < tm + k * w < hi]))

    def weight(t):
        return mp.exp(g(t) - gm)

    z = mp.quad(weight, pts)
    e1 = mp.quad(lambda t: weight(t) * moments(mp.exp(t))[0], pts)
    e2 = mp.quad(lambda t: weight(t) * moments(mp.exp(t))[1], pts)
    mean = e1 / z
    sd = mp.sqrt(e2 / z - mean ** 2)
    if verbose:
        print('   mode t =', mp.nstr(tm, 10), 'width', mp.nstr(w, 5), 'range', lo, hi)
    return mean, sd


def nsb_two_values_direct(n1, n2):
    """A = 2: the NSB posterior by a double integral over p and beta, with the Beta density and H(p) only."""
    def H(p):
        return -(p * mp.log(p) + (1 - p) * mp.log(1 - p))

    def dxi(b):
        return 2 * mp.polygamma(1, 2 * b + 1) - mp.polygamma(1, b + 1)

    def ev(b):  # p(n | beta) up to the binomial coefficient: B(n1 + b, n2 + b) / B(b, b)
        return mp.exp(mp.log(mp.beta(n1 + b, n2 + b)) - mp.log(mp.beta(b, b)))

    def inner(b, k):
        # E[H(p)^k] under Beta(n1 + b, n2 + b), panels around the (possibly sharp) peak
        x, y = n1 + b, n2 + b
        mean, sd = x / (x + y), mp.sqrt(x * y / ((x + y) ** 2 * (x + y + 1)))
        pts = sorted(set([mp.mpf(0), mp.mpf(1)] + [mean + j * sd for j in (-16, -8, -4, -2, -1, 0, 1, 2, 4, 8, 16)
                                                   if 0 < mean + j * sd < 1]))
        lb = mp.log(mp.beta(x, y))
        return mp.quad(lambda p: H(p) ** k * mp.exp((x - 1) * mp.log(p) + (y - 1) * mp.log(1 - p) - lb), pts)

    pts = [0, mp.mpf('1e-3'), mp.mpf('1e-1'), 1, 10, 100, mp.inf]
    z = mp.quad(lambda b: ev(b) * dxi(b), pts)
    m1 = mp.quad(lambda b: ev(b) * dxi(b) * inner(b, 1), pts) / z
    m2 = mp.quad(lambda b: ev(b) * dxi(b) * inner(b, 2), pts) / z
    return m1, mp.sqrt(m2 - m1 ** 2)


def nsb_monte_carlo(fp, A, draws, seed):
    """Samples beta from its NSB posterior (inverse CDF on a fine grid in t), then p ~ Dirichlet."""
    N = sum(c * f for c, f in fp.items())
    K = sum(fp.values())
    counts = np.concatenate([np.full(f, c, dtype=float) for c, f in fp.items()] + [np.zeros(A - K)])

    def g(t):
        b = mp.exp(t)
        lev = (mp.loggamma(A * b) - mp.loggamma(N + A * b)
               + sum(f * (mp.loggamma(c + b) - mp.loggamma(b)) for c, f in fp.items()))
        return float(lev + t + mp.log(A * mp.polygamma(1, A * b + 1) - mp.polygamma(1, b + 1)))

    ts = np.linspace(-30, 30, 6001)
    gs = np.array([g(t) for t in ts])
    w = np.exp(gs - gs.max())
    cdf = np.concatenate([[0], np.cumsum((w[1:] + w[:-1]) / 2)])
    cdf /= cdf[-1]
    rng = np.random.default_rng(seed)
    hs = np.empty(draws)
    for i in range(draws):
        t = np.interp(rng.random(), cdf, ts)
        p = rng.dirichlet(counts + np.exp(t))
        p = p[p > 0]
        hs[i] = -(p * np.log(p)).sum()
    return hs.mean(), hs.std(), hs.std() / np.sqrt(draws), hs.std() / np.sqrt(2 * draws)


def section_estimators():
    cases = [
        ('birdstrikes Wildlife Size', counts_of('data/birdstrikes.csv', 'Wildlife Size'), 3),
        ('birdstrikes Time of day', counts_of('data/birdstrikes.csv', 'Time of day'), 4),
        ('birdstrikes Flight Date', counts_of('data/birdstrikes.csv', 'Flight Date'), 4583),
        ('birdstrikes Flight Date head 200', counts_of('data/birdstrikes.csv', 'Flight Date', 200), 4583),
        ('birdstrikes Aircraft Make Model', counts_of('data/birdstrikes.csv', 'Aircraft Make Model'), 1000),
        ('penguins Species', counts_of('data/penguins.csv', 'Species'), 3),
    ]
    for name, c, A in cases:
        fp = fingerprint(c)
        n = c.sum()
        f1 = (c == 1).sum()
        js_k, lam_k = james_stein(c)
        js_a, lam_a = james_stein(c, A)
        print(name, 'N', n, 'K', len(c), 'fingerprint', fp)
        print('   grassberger', repr(grassberger(c)), 'coverage', repr(1 - f1 / n))
        print('   james_stein K', repr(js_k), 'lambda', repr(lam_k), ' A', A, repr(js_a), 'lambda', repr(lam_a))


def section_nsb():
    cases = [
        ('birdstrikes Wildlife Size', fingerprint(counts_of('data/birdstrikes.csv', 'Wildlife Size')), 3),
        ('birdstrikes Time of day', fingerprint(counts_of('data/birdstrikes.csv', 'Time of day')), 4),
        ('penguins Species', fingerprint(counts_of('data/penguins.csv', 'Species')), 3),
        ('birdstrikes Flight Date head 200', fingerprint(counts_of('data/birdstrikes.csv', 'Flight Date', 200)), 4583),
        ('birdstrikes Flight Date', fingerprint(counts_of('data/birdstrikes.csv', 'Flight Date')), 4583),
        ('birdstrikes Aircraft Make Model', fingerprint(counts_of('data/birdstrikes.csv', 'Aircraft Make Model')), 1000),
        ('Flight Date head 200, A = 1e6', fingerprint(counts_of('data/birdstrikes.csv', 'Flight Date', 200)), 10 ** 6),
        ('Flight Date, A = 1e9', fingerprint(counts_of('data/birdstrikes.csv', 'Flight Date')), 10 ** 9),
        ('no coincidences: 50 singletons, A = 1e6', {1: 50}, 10 ** 6),
        ('one value seen 1e7 times, A = 1000', {10 ** 7: 1}, 1000),
    ]
    for name, fp, A in cases:
        m, s = nsb(fp, A, verbose=True)
        print(name, 'A', A, 'nsb', mp.nstr(m, 17), 'sd', mp.nstr(s, 17))


def section_nsb_large():
    # a Zipf-like column with N ~ 1.1e7: counts floor(1e6 / i), i = 1 .. 50000; A = 1e6
    c = np.floor(1e6 / np.arange(1, 50001)).astype(np.int64)
    fp = fingerprint(c)
    print('zipf N', c.sum(), 'K', len(c), 'distinct counts', len(fp))
    m, s = nsb(fp, 10 ** 6, verbose=True)
    print('   nsb', mp.nstr(m, 17), 'sd', mp.nstr(s, 17))


def section_two_values():
    for n1, n2 in [(3, 1), (7, 0), (1, 1), (20, 5)]:
        fp = fingerprint(np.array([n1, n2]))
        m, s = nsb(fp, 2)
        dm, ds = nsb_two_values_direct(n1, n2)
        print('A = 2, counts', (n1, n2), 'nsb', mp.nstr(m, 17), mp.nstr(s, 17), ' direct', mp.nstr(dm, 17),
              mp.nstr(ds, 17))
    for A in (2, 10, 1000):
        m, s = nsb({}, A)
        print('no data, A', A, 'mean', mp.nstr(m, 17), '= ln(A)/2', mp.nstr(mp.log(A) / 2, 17), 'sd', mp.nstr(s, 17))


def section_monte_carlo():
    cases = [
        ('birdstrikes Time of day', fingerprint(counts_of('data/birdstrikes.csv', 'Time of day', 40)), 4, 200000),
        ('birdstrikes Flight Date head 200, A = 4583',
         fingerprint(counts_of('data/birdstrikes.csv', 'Flight Date', 200)), 4583, 20000),
    ]
    for name, fp, A, draws in cases:
        mean, sd, se_mean, se_sd = nsb_monte_carlo(fp, A, draws, 7)
        print(name, 'fingerprint', fp, 'MC mean', repr(mean), '+-', repr(se_mean), 'sd', repr(sd), '+-', repr(se_sd))


def two_sample(a, b):
    """G-test of homogeneity (scipy), JS/KL/PSI/Hellinger (numpy) of two aligned count vectors."""
    keep = (a + b) > 0
    a, b = a[keep].astype(float), b[keep].astype(float)
    g, p, df, _ = chi2_contingency(np.vstack([a, b]), lambda_="log-likelihood", correction=False)
    pa, pb = a / a.sum(), b / b.sum()
    m = (pa + pb) / 2
    with np.errstate(divide='ignore', invalid='ignore'):
        js = 0.5 * np.nansum(np.where(pa > 0, pa * np.log(pa / m), 0)) + 0.5 * np.nansum(np.where(pb > 0, pb * np.log(pb / m), 0))
    hel = np.sqrt(max(0.0, 1 - np.sqrt(pa * pb).sum()))
    K = len(a)
    floor = (K - 1) * (1 / a.sum() + 1 / b.sum())
    return g, p, df, js, hel, floor / 8, floor / 2, floor


def aligned(path_p, path_q, column, rows_p=None, rows_q=None):
    dp = pd.read_csv(path_p, keep_default_na=False, na_values=[''])
    dq = pd.read_csv(path_q, keep_default_na=False, na_values=[''])
    if rows_p is not None:
        dp = dp.iloc[rows_p]
    if rows_q is not None:
        dq = dq.iloc[rows_q]
    vp, vq = dp[column].dropna().value_counts(), dq[column].dropna().value_counts()
    keys = sorted(set(vp.index) | set(vq.index), key=str)
    return (np.array([vp.get(k, 0) for k in keys]), np.array([vq.get(k, 0) for k in keys]), keys)


def section_two_sample():
    cases = [
        ('seattle weather 2015 vs 2012', 'data/seattle-weather-2015.csv', 'data/seattle-weather-2012.csv', 'weather',
         None, None),
        ('birdstrikes Phase of flight, rows 0-4999 vs 5000-9999', 'data/birdstrikes.csv', 'data/birdstrikes.csv',
         'Phase of flight', slice(0, 5000), slice(5000, 10000)),
        ('birdstrikes Wildlife Size, rows 0-199 vs all', 'data/birdstrikes.csv', 'data/birdstrikes.csv',
         'Wildlife Size', slice(0, 200), None),
        ('penguins Island vs itself', 'data/penguins.csv', 'data/penguins.csv', 'Island', None, None),
    ]
    for name, pp, pq, col, rp, rq in cases:
        a, b, keys = aligned(pp, pq, col, rp, rq)
        g, p, df, js, hel, jsn, kln, psin = two_sample(a, b)
        print(name, dict(zip(keys, zip(a.tolist(), b.tolist()))))
        print('   G', repr(g), 'p', repr(p), 'df', df, 'js', repr(js), 'hellinger', repr(hel))
        print('   js_null', repr(jsn), 'kl_null', repr(kln), 'psi_null', repr(psin))


def section_noise_floor():
    """Many pairs of samples from one distribution: the mean plug-in JS, KL and PSI vs the floors."""
    # the shares of birdstrikes "Phase of flight"
    c = counts_of('data/birdstrikes.csv', 'Phase of flight').astype(float)
    pr = c / c.sum()
    rng = np.random.default_rng(11)
    for n_p, n_q, reps in [(20000, 20000, 20000), (50000, 200000, 20000)]:
        js, kl, psi = [], [], []
        for _ in range(reps):
            a = rng.multinomial(n_p, pr) / n_p
            b = rng.multinomial(n_q, pr) / n_q
            m = (a + b) / 2
            js.append(0.5 * (a * np.log(a / m)).sum() + 0.5 * (b * np.log(b / m)).sum())
            kl.append((a * np.log(a / b)).sum())
            psi.append(((a - b) * np.log(a / b)).sum())
        K = len(pr)
        floor = (K - 1) * (1 / n_p + 1 / n_q)
        for name, v, f in [('js', js, floor / 8), ('kl', kl, floor / 2), ('psi', psi, floor)]:
            v = np.array(v)
            print('n_p', n_p, 'n_q', n_q, name, 'MC mean', repr(v.mean()), '+-', repr(v.std() / np.sqrt(reps)),
                  'floor', repr(f))


def section_mutual_information():
    """Grassberger and James-Stein plugged into I = H(X) + H(Y) - H(X,Y) for a pair of real columns."""
    for path, x, y, head in [('data/penguins.csv', 'Species', 'Island', None),
                             ('data/birdstrikes.csv', 'Wildlife Species', 'Phase of flight', 300)]:
        d = pd.read_csv(path, keep_default_na=False, na_values=[''])[[x, y]].dropna()
        if head is not None:
            d = d.head(head)
        cx = d[x].value_counts().values
        cy = d[y].value_counts().values
        cxy = d.groupby([x, y]).size().values
        g = grassberger(cx) + grassberger(cy) - grassberger(cxy)
        j = james_stein(cx)[0] + james_stein(cy)[0] - james_stein(cxy)[0]
        print(path, x, y, 'rows', len(d), 'mi_grassberger', repr(g), 'mi_james_stein', repr(j),
              'coverage_xy', repr(1 - (cxy == 1).sum() / cxy.sum()), 'pairs', fingerprint(cxy))


def section_profile_columns():
    """Columns whose alphabet the profile knows: a binned double (20 equal-width bins) and a boolean."""
    w = pd.read_csv('data/seattle-weather.csv', keep_default_na=False, na_values=[''])
    x = w['precipitation'].astype(float).values
    lo, hi = x.min(), x.max()
    n = 20
    step = (hi - lo) / n
    edges = np.array([lo + i * step for i in range(n)] + [hi])
    idx = np.clip(np.floor((x - lo) * (n / (hi - lo))).astype(int), 0, n - 1)
    idx = np.where((x < edges[idx]) & (idx > 0), idx - 1, idx)
    idx = np.where((idx < n - 1) & (x >= edges[np.minimum(idx + 1, n)]), idx + 1, idx)
    counts = np.bincount(idx, minlength=n)
    assert (counts == np.histogram(x, bins=edges)[0]).all()
    c = counts[counts > 0]
    m, s = nsb(fingerprint(c), n)
    print('seattle precipitation, 20 equal-width bins', counts.tolist())
    print('   grassberger', repr(grassberger(c)), 'james_stein A=20', repr(james_stein(c, 20)[0]),
          'coverage', repr(1 - (c == 1).sum() / c.sum()), 'nsb', mp.nstr(m, 17), 'sd', mp.nstr(s, 17))
    p = pd.read_csv('data/penguins.csv', keep_default_na=False, na_values=[''])
    male = p['Sex'].dropna().eq('MALE').value_counts().values
    m, s = nsb(fingerprint(male), 2)
    print('penguins Sex = MALE (boolean)', male.tolist(), 'grassberger', repr(grassberger(male)),
          'james_stein', repr(james_stein(male, 2)[0]), 'nsb', mp.nstr(m, 17), 'sd', mp.nstr(s, 17))


def contributions(a, b):
    """Each value's own terms of KL(p||q) (q*phi(p/q - 1) = p ln(p/q) - p + q) and JS, and their shares."""
    pa, pb = a / a.sum(), b / b.sum()
    m = (pa + pb) / 2
    with np.errstate(divide='ignore', invalid='ignore'):
        kl = np.where(pb > 0, np.where(pa > 0, pa * np.log(pa / pb), 0) - pa + pb, np.inf)
        js = 0.5 * (np.where(pa > 0, pa * np.log(pa / m), 0) + np.where(pb > 0, pb * np.log(pb / m), 0))
    return kl, js, kl / kl.sum(), js / js.sum()


def pooled_bins(x_p, x_q, bins):
    """numpy's default quantiles of the pooled finite values; bin i = [e_i, e_i+1), the last closed."""
    pooled = np.concatenate([x_p, x_q])
    pooled = pooled[np.isfinite(pooled)]
    edges = np.unique(np.quantile(pooled, np.linspace(0, 1, bins + 1)))
    return edges, np.histogram(x_p, edges)[0], np.histogram(x_q, edges)[0]


def section_compare_job():
    p = pd.read_csv('data/seattle-weather-2015.csv', keep_default_na=False, na_values=[''])
    q = pd.read_csv('data/seattle-weather-2012.csv', keep_default_na=False, na_values=[''])
    edges, a, b = pooled_bins(p['temp_max'].values, q['temp_max'].values, 10)
    g, pv, df, js, hel, jsn, kln, psin = two_sample(a, b)
    kl, jst, kls, jss = contributions(a.astype(float), b.astype(float))
    print('seattle temp_max, pooled quantiles, 10 bins: edges', edges.tolist())
    print('   counts p', a.tolist(), 'q', b.tolist())
    print('   G', repr(g), 'p', repr(pv), 'df', df, 'js', repr(js), 'hellinger', repr(hel), 'js_null', repr(jsn))
    top = np.argsort(-jst)[:3]
    for i in top:
        print('   bin', i, '[%s, %s)' % (edges[i], edges[i + 1]), 'kl_share', repr(kls[i]), 'js_share', repr(jss[i]),
              'js_term', repr(jst[i]))
    a, b, keys = aligned('data/seattle-weather-2015.csv', 'data/seattle-weather-2012.csv', 'weather')
    kl, jst, kls, jss = contributions(a.astype(float), b.astype(float))
    print('seattle weather contributions', dict(zip(keys, zip(jss.tolist(), jst.tolist()))))
    # an integer column binned by pooled quantiles: birdstrikes "Speed IAS in knots", rows 0-999 vs 1000-9999
    d = pd.read_csv('data/birdstrikes.csv', keep_default_na=False, na_values=[''])
    s = d['Speed IAS in knots'].astype(float).values
    edges, a, b = pooled_bins(s[:1000][~np.isnan(s[:1000])], s[1000:][~np.isnan(s[1000:])], 8)
    g, pv, df, js, hel, jsn, kln, psin = two_sample(a, b)
    print('birdstrikes Speed IAS in knots, rows 0-999 vs 1000-9999, pooled quantiles, 8 bins: edges', edges.tolist())
    print('   counts p', a.tolist(), 'q', b.tolist(), 'G', repr(g), 'p', repr(pv), 'df', df, 'js', repr(js),
          'js_null', repr(jsn))


def section_drift_example():
    """The README's drift example: "Time of day" after 1997-08-29 vs before, and March 1998 vs before."""
    d = pd.read_csv('data/birdstrikes.csv', keep_default_na=False, na_values=[''])
    before = d[d['Flight Date'] < '1997-08-29']
    after = d[d['Flight Date'] >= '1997-08-29']
    march = after[(after['Flight Date'] >= '1998-03-01') & (after['Flight Date'] <= '1998-03-31')]
    for name, seg in [('after vs before', after), ('March 1998 vs before', march)]:
        vp, vq = seg['Time of day'].value_counts(), before['Time of day'].value_counts()
        keys = sorted(set(vp.index) | set(vq.index))
        a, b = np.array([vp.get(k, 0) for k in keys]), np.array([vq.get(k, 0) for k in keys])
        g, p, df, js, hel, jsn, kln, psin = two_sample(a, b)
        print(name, 'n_p', a.sum(), 'n_q', b.sum(), 'G', repr(g), 'p', repr(p), 'js', repr(js), 'js_null', repr(jsn))


def nsb_float(fp, A):
    """NSB in float64 with scipy (for large fingerprints, where mpmath takes hours): the same textbook
    moments and evidence vectorised over the fingerprint, scipy.integrate.quad over t = ln(beta)."""
    from scipy.special import gammaln, polygamma
    from scipy.integrate import quad
    c = np.array(sorted(fp), dtype=float)
    f = np.array([fp[k] for k in sorted(fp)], dtype=float)
    N, K = (c * f).sum(), f.sum()

    def g(t):
        b = np.exp(t)
        lev = gammaln(A * b) - gammaln(N + A * b) + (f * (gammaln(c + b) - gammaln(b))).sum()
        return lev + t + np.log(A * polygamma(1, A * b + 1) - polygamma(1, b + 1))

    def moments(b):
        a = N + A * b
        ai = np.concatenate([c + b, [b]])
        fi = np.concatenate([f, [A - K]])
        m = digamma(a + 1) - (fi * ai / a * digamma(ai + 1)).sum()
        x = digamma(ai + 1) - digamma(a + 2)
        s1, s2 = (fi * ai * x).sum(), (fi * ai ** 2 * x ** 2).sum()
        cross = (s1 ** 2 - s2) - polygamma(1, a + 2) * (a ** 2 - (fi * ai ** 2).sum())
        diag = (fi * ai * (ai + 1) * ((digamma(ai + 2) - digamma(a + 2)) ** 2 + polygamma(1, ai + 2)
                                      - polygamma(1, a + 2))).sum()
        return m, (cross + diag) / (a * (a + 1))

    ts = np.arange(-40, 15, 0.25)  # beyond e^15 the float64 evidence is lost to cancellation
    with np.errstate(all='ignore'):
        gs = np.array([g(t) for t in ts])
    gs = np.where(np.isfinite(gs), gs, -np.inf)  # the prior density cancels to 0 in float for huge beta
    i = gs.argmax()
    from scipy.optimize import minimize_scalar
    tm = minimize_scalar(lambda t: -g(t), bounds=(ts[i - 1], ts[i + 1]), method='bounded',
                         options=dict(xatol=1e-10)).x
    gm = g(tm)
    print('   mode t', tm, 'log weight', gm)
    w = lambda t: np.exp(g(t) - gm)
    lo, hi = ts[gs > gm - 60].min() - 1, ts[gs > gm - 60].max() + 1
    opts = dict(limit=500, epsabs=0, epsrel=1e-13, points=[tm])
    z = quad(w, lo, hi, **opts)[0]
    m0 = moments(np.exp(tm))[0]
    e1 = quad(lambda t: w(t) * (moments(np.exp(t))[0] - m0), lo, hi, **opts)[0] / z
    e2 = quad(lambda t: w(t) * (moments(np.exp(t))[1] - m0 ** 2), lo, hi, **opts)[0] / z
    mean = m0 + e1
    return mean, np.sqrt(e2 + m0 ** 2 - mean ** 2)


def section_nsb_large_float():
    c = np.floor(1e6 / np.arange(1, 50001)).astype(np.int64)
    fp = fingerprint(c)
    print('zipf N', c.sum(), 'K', len(c), 'distinct counts', len(fp), 'A = 1e6')
    print('   nsb, sd (scipy, float64)', nsb_float(fp, 10 ** 6))
    fd = fingerprint(counts_of('data/birdstrikes.csv', 'Flight Date'))
    print('   check on Flight Date, A = 4583 (mpmath: 8.2522755205631062 0.0075643046770742422):', nsb_float(fd, 4583))


if __name__ == '__main__':
    sections = sys.argv[1:] or ['estimators', 'nsb', 'two_values', 'monte_carlo', 'two_sample', 'noise_floor', 'mutual_information',
                                 'profile_columns', 'compare_job', 'drift_example']
    for s in sections:
        print('==', s)
        globals()['section_' + s]()

