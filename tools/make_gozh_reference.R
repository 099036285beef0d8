# Reference leaves of R rpart's regression trees (the zones of GOZH / LESH).
#
# Run from the repository root (Debian: r-base-core, which ships rpart; r-cran-jsonlite):
#
#     Rscript tools/make_gozh_reference.R
#
# Writes tests/reference/gozh.json and tests/reference/data/tree_cases.csv. R is never a
# test dependency: the tests read these files.
#
# Cases
#   ndvi      gdverse 1.7 'ndvi' (tests/reference/data/ndvi_40.csv; text columns become
#             factors with alphabetical levels, as read.csv + rpart do): NDVIchange on every
#             non-empty subset of the six factors with rpart.control() defaults (cp 0.01,
#             minsplit 20, minbucket 7), as gdverse's rpart_disc calls it: the node number of
#             each row's leaf (rownames(frame)[where]) for the single factors, the pairs
#             and all six; q of the leaves for every subset.
#   tree_*    a seeded table (tree_cases.csv, 600 rows): continuous factors with many ties,
#             a categorical factor with 7 levels (two of them with equal means by
#             construction), under several rules (cp, minsplit, minbucket, maxdepth).
suppressPackageStartupMessages({library(rpart); library(jsonlite)})

leaves <- function(formula, data, ...) {
  fit <- rpart(formula, data = data, method = "anova", ...)
  as.integer(rownames(fit$frame))[fit$where]
}
qval <- function(y, z) {
  m <- tapply(y, z, mean); n <- tapply(y, z, length)
  sum(n * (m - mean(y))^2) / sum((y - mean(y))^2)
}
prov <- sprintf("R %s rpart %s, tools/make_gozh_reference.R", getRversion(),
                packageVersion("rpart"))

ndvi <- read.csv("tests/reference/data/ndvi_40.csv", stringsAsFactors = TRUE)
xs <- setdiff(names(ndvi), "NDVIchange")
subsets <- unlist(lapply(seq_along(xs), function(k) combn(xs, k, simplify = FALSE)),
                  recursive = FALSE)
out <- list()
out$ndvi <- list(provenance = paste(prov, "on gdverse 1.7 ndvi (GD 10.8 ndvi_40)"),
                 subsets = lapply(subsets, function(s) {
                   z <- leaves(reformulate(s, "NDVIchange"), ndvi)
                   case <- list(factors = s, q = qval(ndvi$NDVIchange, z))
                   if (length(s) <= 2 || length(s) == length(xs)) case$leaf <- z
                   case
                 }))

set.seed(20261203)
n <- 600
x1 <- round(runif(n, 0, 10), 1)                   # many ties
x2 <- factor(sample(LETTERS[1:7], n, replace = TRUE))
x3 <- rnorm(n)
x4 <- sample(1:5, n, replace = TRUE)              # few distinct values
eff <- c(A = 0, B = 1, C = 1, D = 2, E = 0.5, F = -1, G = 1)  # B, C, G: equal effects
y <- sin(x1) + eff[as.character(x2)] + 0.5 * x3 * (x4 > 2) + rnorm(n, 0, 0.7)
cases <- data.frame(y = round(y, 6), x1 = x1, x2 = x2, x3 = round(x3, 6), x4 = x4)
write.csv(cases, "tests/reference/data/tree_cases.csv", row.names = FALSE)
cases <- read.csv("tests/reference/data/tree_cases.csv", stringsAsFactors = TRUE)

rules <- list(
  default = list(),
  cp001 = list(cp = 0.001),
  cp0 = list(cp = 0, minsplit = 40, minbucket = 15),
  small = list(cp = 0.002, minsplit = 6, minbucket = 2),
  depth2 = list(cp = 0.001, maxdepth = 2),
  cp05 = list(cp = 0.05)
)
forms <- list(all = y ~ x1 + x2 + x3 + x4, x1 = y ~ x1, x2 = y ~ x2, x2x4 = y ~ x2 + x4,
              x4x1 = y ~ x4 + x1)
for (r in names(rules)) for (f in names(forms)) {
  ctrl <- do.call(rpart.control, c(rules[[r]], list(xval = 0)))
  out[[paste("tree", r, f, sep = "_")]] <- list(
    provenance = paste(prov, "on tests/reference/data/tree_cases.csv"),
    formula = deparse(forms[[f]]), control = rules[[r]],
    leaf = leaves(forms[[f]], cases, control = ctrl))
}
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA), "tests/reference/gozh.json")
cat("wrote tests/reference/gozh.json\n")
