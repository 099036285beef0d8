/*
 * Exact 1-D k-means ("Jenks natural breaks") by dynamic programming, for every number of
 * classes k = 1..kmax in one pass.
 *
 * Input: n sorted distinct values x[0..n-1] with positive weights w (counts of ties).
 * D_k(i) = min over j of D_{k-1}(j-1) + SSQ(j, i): the least within-class weighted sum of
 * squares of x[0..i] in k classes; SSQ(j, i) is that of x[j..i] as one class. The optimal
 * start j of the last class is non-decreasing in i, so each row is filled by divide and
 * conquer in O(n log n) (Wang & Song 2011, Ckmeans.1d.dp). B[k*n + i] receives the start
 * index of the last class; the caller backtracks the breaks for each k.
 *
 * Loaded with ctypes (ccdkit.geodetector._natural); the module init below only exists
 * so that setuptools can build this file as an extension module on every platform.
 */
#include <Python.h>
#include <stdlib.h>

typedef struct {
    const double *s0, *s1, *s2; /* prefix sums of w, w*x, w*x^2 (length n+1) */
} prefix_t;

static double ssq(const prefix_t *p, long j, long i) {
    double w = p->s0[i + 1] - p->s0[j];
    double s = p->s1[i + 1] - p->s1[j];
    double v = (p->s2[i + 1] - p->s2[j]) - s * s / w;
    return v > 0.0 ? v : 0.0;
}

static void fill_row(const prefix_t *p, long k, const double *prev, double *cur, int *brow,
                     long ilo, long ihi, long jlo, long jhi) {
    while (ilo <= ihi) {
        long mid = ilo + (ihi - ilo) / 2;
        long lo = jlo > k ? jlo : k;
        long hi = jhi < mid ? jhi : mid;
        double best = -1.0;
        long bj = lo;
        const double w1 = p->s0[mid + 1], x1 = p->s1[mid + 1], q1 = p->s2[mid + 1];
        for (long j = lo; j <= hi; ++j) {
            double w = w1 - p->s0[j];
            double s = x1 - p->s1[j];
            double v = (q1 - p->s2[j]) - s * s / w;
            double c = prev[j - 1] + (v > 0.0 ? v : 0.0);
            if (best < 0.0 || c < best) {
                best = c;
                bj = j;
            }
        }
        cur[mid] = best;
        brow[mid] = (int)bj;
        /* recurse on the smaller half, loop on the other (bounded stack depth) */
        if (mid - ilo < ihi - mid) {
            fill_row(p, k, prev, cur, brow, ilo, mid - 1, jlo, bj);
            ilo = mid + 1;
            jlo = bj;
        } else {
            fill_row(p, k, prev, cur, brow, mid + 1, ihi, bj, jhi);
            ihi = mid - 1;
            jhi = bj;
        }
    }
}

/* Returns 0 on success, -1 on allocation failure. B has kmax*n ints; cost has kmax doubles
 * (the optimal within-class sum of squares of the whole data for each k). */
int ccdkit_jenks(const double *x, const double *w, long n, long kmax, int *B, double *cost) {
    double *buf = (double *)malloc(sizeof(double) * (3 * (n + 1) + 2 * n));
    if (buf == NULL) return -1;
    double *s0 = buf, *s1 = buf + (n + 1), *s2 = buf + 2 * (n + 1);
    double *prev = buf + 3 * (n + 1), *cur = prev + n;
    /* centre on the weighted mean to limit cancellation in the sums of squares */
    double tw = 0.0, tx = 0.0;
    for (long i = 0; i < n; ++i) { tw += w[i]; tx += w[i] * x[i]; }
    double c = tw > 0.0 ? tx / tw : 0.0;
    s0[0] = s1[0] = s2[0] = 0.0;
    for (long i = 0; i < n; ++i) {
        double d = x[i] - c;
        s0[i + 1] = s0[i] + w[i];
        s1[i + 1] = s1[i] + w[i] * d;
        s2[i + 1] = s2[i] + w[i] * d * d;
    }
    prefix_t p = {s0, s1, s2};
    for (long i = 0; i < n; ++i) { prev[i] = ssq(&p, 0, i); B[i] = 0; }
    cost[0] = prev[n - 1];
    for (long k = 1; k < kmax; ++k) {
        int *brow = B + k * n;
        for (long i = 0; i < k && i < n; ++i) { cur[i] = 0.0; brow[i] = (int)i; }
        if (k < n) fill_row(&p, k, prev, cur, brow, k, n - 1, k, n - 1);
        cost[k] = k < n ? cur[n - 1] : 0.0;
        double *t = prev; prev = cur; cur = t;
    }
    free(buf);
    return 0;
}

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_jenks", NULL, -1, NULL};

PyMODINIT_FUNC PyInit__jenks(void) { return PyModule_Create(&module); }
