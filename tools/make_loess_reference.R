# Reference choices of gdverse's k / scale rule (sdsfun::loess_optnum) from R's own loess.
#
# Run from the repository root (Debian: r-base-core, r-cran-jsonlite):
#
#     Rscript tools/make_loess_reference.R
#
# Writes tests/reference/loess_rule.json. The rule, as sdsfun 0.2 R/loess.R documents and
# implements it (restated here, the peer package is not needed): fit stats::loess(q ~ k)
# with its defaults (span 0.75, degree 2, surface "interpolate"); the increase rate of the
# fitted curve at k_i is (f_i - f_{i-1}) / f_{i-1} (0 at the first k); the chosen k is the
# first whose rate is <= increase_rate while the previous rate is > increase_rate; when no
# k qualifies, the k of the largest q. Curves: seeded random concave and noisy curves over
# k = 3..8, 3..15 and the NDVI unit sizes 5, 10, 20, 30, 40, 50 km; rates 0.05 and 0.02.
suppressPackageStartupMessages(library(jsonlite))

rule <- function(q, k, rate) {
  f <- stats::loess(q ~ k)$fitted
  lr <- c(0, diff(f) / head(f, -1))
  before <- c(0, head(lr, -1))
  i <- which(lr <= rate & before > rate)[1]
  list(fitted = unname(f), choice = if (is.na(i)) k[which.max(q)] else k[i])
}
set.seed(20261204)
grids <- list(k3_8 = 3:8, k3_15 = 3:15, su = c(5, 10, 20, 30, 40, 50))
cases <- list()
for (g in names(grids)) for (j in 1:8) {
  k <- grids[[g]]
  top <- runif(1, 0.1, 0.9)
  speed <- runif(1, 0.1, 1.5)
  q <- top * (1 - exp(-speed * (k - min(k) + 1))) + rnorm(length(k), 0, 0.01 * top)
  for (rate in c(0.05, 0.02)) {
    r <- rule(q, k, rate)
    cases[[length(cases) + 1]] <- list(k = k, q = q, increase_rate = rate,
                                       fitted = r$fitted, choice = r$choice)
  }
}
out <- list(provenance = sprintf("R %s stats::loess (defaults), sdsfun 0.2 loess_optnum rule; tools/make_loess_reference.R", getRversion()),
            cases = cases)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA), "tests/reference/loess_rule.json")
cat("wrote tests/reference/loess_rule.json\n")
