# Reference values of the size effects of spatial units (SESU) on the NDVI study at four
# unit sizes (R GD 10.8 ndvi_20, ndvi_30, ndvi_40, ndvi_50 = tests/reference/data/ndvi_*.csv).
#
# Run from the repository root (Debian: r-base-core, r-cran-jsonlite):
#
#     Rscript tools/make_sesu_reference.R
#
# Writes tests/reference/sesu.json. Per size: q of the categorical factors Climatezone and
# Mining, and of Tempchange, Precipitation and Popdensity cut at their type-7 quantiles into
# 6 classes (cut(..., include.lowest = TRUE)); the non-central F p (lambda with the
# population variance, as R GD); the mean and 90 % quantile (type 7) of the q with p <= 0.05;
# the size chosen by gdverse's loess rule (sdsfun::loess_optnum restated, R's loess).
suppressPackageStartupMessages(library(jsonlite))

qstat <- function(y, z) {
  z <- factor(z); N <- length(y); L <- nlevels(z)
  n <- tapply(y, z, length); m <- tapply(y, z, mean)
  q <- 1 - sum(tapply(y, z, function(v) sum((v - mean(v))^2))) / sum((y - mean(y))^2)
  Fv <- (N - L) / (L - 1) * q / (1 - q)
  lambda <- (sum(m^2) - sum(sqrt(n) * m)^2 / N) / (var(y) * (N - 1) / N)
  c(q = q, p = pf(Fv, L - 1, N - L, ncp = lambda, lower.tail = FALSE))
}
rule <- function(q, k, rate = 0.05) {
  f <- stats::loess(q ~ k)$fitted
  lr <- c(0, diff(f) / head(f, -1)); before <- c(0, head(lr, -1))
  i <- which(lr <= rate & before > rate)[1]
  if (is.na(i)) k[which.max(q)] else k[i]
}
sizes <- c(20, 30, 40, 50)
cont <- c("Tempchange", "Precipitation", "Popdensity")
out <- list(); mean_sig <- c(); q90_sig <- c()
for (s in sizes) {
  d <- read.csv(sprintf("tests/reference/data/ndvi_%d.csv", s))
  res <- list()
  for (f in c("Climatezone", "Mining"))
    res[[f]] <- as.list(qstat(d$NDVIchange, d[[f]]))
  for (f in cont) {
    b <- quantile(d[[f]], probs = (0:6) / 6, type = 7)  # i / 6 exactly (seq() is not)
    res[[f]] <- as.list(qstat(d$NDVIchange, cut(d[[f]], b, include.lowest = TRUE)))
  }
  qs <- sapply(res, function(r) r$q); ps <- sapply(res, function(r) r$p)
  sig <- qs[ps <= 0.05]
  mean_sig <- c(mean_sig, mean(sig)); q90_sig <- c(q90_sig, unname(quantile(sig, 0.9)))
  out[[as.character(s)]] <- list(N = nrow(d), factors = res)
}
ref <- list(provenance = sprintf("R %s base stats (quantile type 7, pf with ncp, loess) on R GD 10.8 ndvi_20..ndvi_50; tools/make_sesu_reference.R", getRversion()),
            sizes = sizes, by_size = out, mean = mean_sig, q90 = q90_sig,
            choice_mean_gdverse = rule(mean_sig, sizes), choice_q90_gdverse = rule(q90_sig, sizes))
writeLines(toJSON(ref, auto_unbox = TRUE, digits = NA), "tests/reference/sesu.json")
cat("wrote tests/reference/sesu.json\n")
