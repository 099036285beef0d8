# Reference values of the spatial regression models (ccdkit.econometrics) from R.
#
# Run from the repository root (Debian: r-base-core r-cran-spatialreg r-cran-spdep
# r-cran-plm r-cran-jsonlite):
#
#     Rscript tools/make_econometrics_reference.R
#
# Writes tests/reference/econometrics.json and the data the cases use under
# tests/reference/data/ (columbus.csv, columbus_edges.csv, produc.csv, us_states_edges.csv,
# torus_panel.csv). R is never a test dependency: the tests read these files.
#
# Cases
#   columbus   spData 'columbus' (Anselin 1988; N = 49), CRIME ~ INC + HOVAL, col.gal.nb
#              row-standardised: OLS, SLX, SAR, SEM, SDM, SDEM, SAC (spatialreg, eigen), the
#              LM tests (spdep lm.LMtests), impacts and simulated impact SEs.
#   produc     plm 'Produc' (Munnell 1990; 48 US states x 17 years), log(gsp) ~ log(pcap) +
#              log(pc) + log(emp) + unemp, queen contiguity of spData 'us_states'
#              (row-standardised). Individual fixed effects, direct approach: the
#              within-transformed data stacked by year with the block-diagonal W (exact,
#              as the lag of the demeaned variable equals the demeaned lag). Lee-Yu two-way
#              fixed effects: the data transformed by (F_T x F_N)' (orthonormal
#              complements of the constant) with W* = F_N' W F_N (Lee and Yu 2010).
#   torus      a simulated two-way panel on a 7 x 7 rook torus (every unit 4 neighbours, so
#              the row-standardised W is doubly stochastic and the demeaned lag equals the
#              lag of the demeaned data for every fixed effect): two-way and time fixed
#              effects, direct approach.
suppressPackageStartupMessages({
  library(spatialreg); library(spdep); library(spData); library(plm); library(jsonlite)
})
stopifnot(packageVersion("spatialreg") >= "1.2")
out_dir <- "tests/reference"
versions <- sprintf("R %s, spatialreg %s, spdep %s, spData %s, plm %s",
                    getRversion(), packageVersion("spatialreg"), packageVersion("spdep"),
                    packageVersion("spData"), packageVersion("plm"))
tight <- list(tol.opt = 1e-12)

sar_info <- function(fit) {
  s <- summary(fit)
  out <- list(coef = as.list(fit$coefficients), se = as.list(fit$rest.se),
              sigma2 = fit$s2, loglik = as.numeric(logLik(fit)), aic = AIC(fit),
              n = length(fit$residuals))
  if (!is.null(fit$rho)) { out$rho <- unname(fit$rho); out$rho_se <- unname(fit$rho.se) }
  if (!is.null(fit$lambda)) {
    out$lambda <- unname(fit$lambda); out$lambda_se <- unname(fit$lambda.se)
  }
  out
}

lm_info <- function(fit) {
  ct <- coef(summary(fit))
  n <- length(residuals(fit))
  list(coef = as.list(ct[, 1]), se = as.list(ct[, 2]),
       sigma2 = sum(residuals(fit)^2) / n, loglik = as.numeric(logLik(fit)),
       aic = AIC(fit), r2 = summary(fit)$r.squared, n = n)
}

impacts_info <- function(fit, lw, tr = NULL, R = 0) {
  imp <- if (is.null(tr)) impacts(fit, listw = lw) else impacts(fit, tr = tr)
  if (!is.null(imp$impacts)) {  # SLX and SDEM: linear in the coefficients, exact SEs
    return(list(direct = as.list(imp$impacts$direct), indirect = as.list(imp$impacts$indirect),
                total = as.list(imp$impacts$total), se = lapply(imp$se, as.list)))
  }
  out <- list(direct = as.list(setNames(imp$direct, attr(imp, "bnames"))),
              indirect = as.list(setNames(imp$indirect, attr(imp, "bnames"))),
              total = as.list(setNames(imp$total, attr(imp, "bnames"))))
  if (R > 0) {
    set.seed(1)
    sim <- if (is.null(tr)) impacts(fit, listw = lw, R = R) else impacts(fit, tr = tr, R = R)
    sd_of <- function(m) as.list(setNames(apply(as.matrix(m), 2, sd), attr(imp, "bnames")))
    out$sim_R <- R
    out$sim_se <- list(direct = sd_of(sim$sres$direct), indirect = sd_of(sim$sres$indirect),
                       total = sd_of(sim$sres$total))
  }
  out
}

lm_tests <- function(fit, lw) {
  t <- lm.LMtests(fit, lw, test = c("LMerr", "LMlag", "RLMerr", "RLMlag", "SARMA"))
  lapply(t, function(x) list(statistic = unname(x$statistic), df = unname(x$parameter),
                             p = unname(x$p.value)))
}

write_edges <- function(nb, ids, path) {
  e <- do.call(rbind, lapply(seq_along(nb), function(i)
    if (nb[[i]][1] == 0) NULL else data.frame(region = ids[i], neighbor = ids[nb[[i]]])))
  write.csv(e, path, row.names = FALSE, quote = TRUE)
}

# --- columbus (cross-section) -------------------------------------------------------------
data(columbus, package = "spData")
col_nb <- col.gal.nb
col_ids <- as.character(columbus$POLYID)
lw <- nb2listw(col_nb, style = "W")
f <- CRIME ~ INC + HOVAL
write.csv(data.frame(region = col_ids, CRIME = columbus$CRIME, INC = columbus$INC,
                     HOVAL = columbus$HOVAL), file.path(out_dir, "data/columbus.csv"),
          row.names = FALSE)
write_edges(col_nb, col_ids, file.path(out_dir, "data/columbus_edges.csv"))
ols <- lm(f, data = columbus)
sar <- lagsarlm(f, data = columbus, listw = lw, control = tight)
sem <- errorsarlm(f, data = columbus, listw = lw, control = tight)
sdm <- lagsarlm(f, data = columbus, listw = lw, Durbin = TRUE, control = tight)
sdem <- errorsarlm(f, data = columbus, listw = lw, Durbin = TRUE, control = tight)
sac <- sacsarlm(f, data = columbus, listw = lw)
slx <- lmSLX(f, data = columbus, listw = lw)
columbus_case <- list(
  provenance = paste0("spData columbus (Anselin 1988, N = 49), col.gal.nb row-standardised; ",
                      "spatialreg lagsarlm/errorsarlm/sacsarlm (method eigen), lmSLX, ",
                      "impacts; spdep lm.LMtests; ", versions),
  formula = "CRIME ~ INC + HOVAL",
  ols = lm_info(ols), slx = lm_info(slx), sar = sar_info(sar), sem = sar_info(sem),
  sdm = sar_info(sdm), sdem = sar_info(sdem), sac = sar_info(sac),
  lm_tests = lm_tests(ols, lw),
  impacts = list(sar = impacts_info(sar, lw, R = 20000), sdm = impacts_info(sdm, lw, R = 20000),
                 sac = impacts_info(sac, lw), sdem = impacts_info(sdem, lw),
                 slx = impacts_info(slx, lw)),
  lr = list(sdm_sar = as.numeric(LR.Sarlm(sdm, sar)$statistic),
            sdm_sem = as.numeric(LR.Sarlm(sdm, sem)$statistic))
)

# --- produc (panel) ------------------------------------------------------------------------
data(Produc, package = "plm")
data(us_states, package = "spData")
st <- us_states[us_states$NAME != "District of Columbia", ]
st_nb <- poly2nb(st, queen = TRUE)
st_ids <- gsub(" ", "_", toupper(st$NAME))
st_ids[st_ids == "TENNESSEE"] <- "TENNESSE"  # as spelt in Produc
ord <- match(levels(Produc$state), st_ids)
stopifnot(!anyNA(ord))
st_nb <- subset(st_nb, rep(TRUE, length(st_nb)))  # keep
Wst <- nb2mat(st_nb, style = "W")[ord, ord]
st_ids <- st_ids[ord]
write_edges(mat2listw(Wst, row.names = st_ids, style = "W")$neighbours, st_ids,
            file.path(out_dir, "data/us_states_edges.csv"))
pr <- data.frame(region = as.character(Produc$state), year = Produc$year,
                 gsp = log(Produc$gsp), pcap = log(Produc$pcap), pc = log(Produc$pc),
                 emp = log(Produc$emp), unemp = Produc$unemp)
write.csv(pr, file.path(out_dir, "data/produc.csv"), row.names = FALSE)
N <- length(st_ids); TT <- length(unique(pr$year))
vars <- c("gsp", "pcap", "pc", "emp", "unemp")
# N x T matrices per variable, regions in st_ids order, years ascending
mats <- lapply(vars, function(v) {
  m <- matrix(NA_real_, N, TT)
  m[cbind(match(pr$region, st_ids), pr$year - min(pr$year) + 1)] <- pr[[v]]
  m
})
names(mats) <- vars
stacked <- function(fun) as.data.frame(lapply(mats, function(m) as.vector(fun(m))))
ind_demean <- function(m) m - rowMeans(m)
two_demean <- function(m) m - rowMeans(m) - rep(colMeans(m), each = nrow(m)) + mean(m)
pf <- gsp ~ pcap + pc + emp + unemp - 1
d_ind <- stacked(ind_demean)
lw_ind <- mat2listw(kronecker(diag(TT), Wst), style = "W")
ind_sar <- lagsarlm(pf, data = d_ind, listw = lw_ind, control = tight)
ind_sdm <- lagsarlm(pf, data = d_ind, listw = lw_ind, Durbin = TRUE, control = tight)
ind_sem <- errorsarlm(pf, data = d_ind, listw = lw_ind, control = tight)
ind_ols <- lm(pf, data = d_ind)
orth <- function(n) eigen(diag(n) - matrix(1 / n, n, n), symmetric = TRUE)$vectors[, 1:(n - 1)]
FN <- orth(N); FT <- orth(TT)
d_ly <- stacked(function(m) t(FN) %*% m %*% FT)
Wstar <- t(FN) %*% Wst %*% FN
# spatialreg refuses weights < 0 (W* has them), so the Lee-Yu likelihood of the transformed
# data is maximised here directly: Lee and Yu (2010), eq. for the transformed SAR panel,
# log|I - rho W*| from eigen(W*); SEs from optimHess of the full log-likelihood.
leeyu_sar <- function(d, W, T, durbin = FALSE) {
  n1 <- nrow(W); n <- n1 * T
  lagm <- function(v) as.vector(W %*% matrix(v, n1, T))
  X <- as.matrix(d[, c("pcap", "pc", "emp", "unemp")])
  if (durbin) { WX <- apply(X, 2, lagm); colnames(WX) <- paste0("lag.", colnames(X)); X <- cbind(X, WX) }
  y <- d$gsp; wy <- lagm(y)
  om <- Re(eigen(W, only.values = TRUE)$values)
  conc <- function(rho) {
    e <- lm.fit(X, y - rho * wy)$residuals
    -n / 2 * (log(2 * pi * sum(e^2) / n) + 1) + T * sum(log(1 - rho * om))
  }
  rho <- optimize(conc, c(1 / min(om), 1 / max(om)) * 0.999999, maximum = TRUE, tol = 1e-12)$maximum
  fit <- lm.fit(X, y - rho * wy)
  s2 <- sum(fit$residuals^2) / n
  full <- function(p) {
    b <- p[seq_len(ncol(X))]; r <- p[ncol(X) + 1]; s <- p[ncol(X) + 2]
    e <- y - r * wy - X %*% b
    -n / 2 * log(2 * pi * s) + T * sum(log(1 - r * om)) - sum(e^2) / (2 * s)
  }
  par <- c(fit$coefficients, rho, s2)
  V <- solve(-optimHess(par, full, control = list(parscale = abs(par),
                                                   ndeps = rep(1e-4, length(par)))))
  se <- sqrt(diag(V))
  k <- ncol(X)
  list(coef = as.list(setNames(fit$coefficients, colnames(X))),
       se = as.list(setNames(se[1:k], colnames(X))), rho = rho, rho_se = se[k + 1],
       sigma2 = s2, loglik = full(par), n = n)
}
ly_sar <- leeyu_sar(d_ly, Wstar, TT - 1)
ly_sdm <- leeyu_sar(d_ly, Wstar, TT - 1, durbin = TRUE)
produc_case <- list(
  provenance = paste0("plm Produc (Munnell 1990; 48 US states, 1970-1986), queen contiguity ",
                      "of spData us_states (row-standardised); spatialreg on the stacked ",
                      "within-transformed data with the block-diagonal W; ", versions),
  formula = "log gsp ~ log pcap + log pc + log emp + unemp",
  individual = list(ols = lm_info(ind_ols), sar = sar_info(ind_sar), sdm = sar_info(ind_sdm),
                    sem = sar_info(ind_sem),
                    lm_tests = lm_tests(ind_ols, lw_ind),
                    impacts = list(sdm = impacts_info(ind_sdm, lw_ind),
                                   sar = impacts_info(ind_sar, lw_ind))),
  twoway_leeyu = list(
    provenance = paste0("Lee-Yu (2010) transformation approach: the data transformed by ",
                        "(F_T x F_N)', W* = F_N' W F_N; R optimize() of the concentrated ",
                        "log-likelihood (tol 1e-12), SEs from optimHess (relative step 1e-4); ", versions),
    sar = ly_sar, sdm = ly_sdm)
)

# --- torus (simulated panel, doubly stochastic W) --------------------------------------------
side <- 7; Nt <- side * side; Tt <- 6
cell <- function(r, c) ((r - 1) %% side) * side + ((c - 1) %% side) + 1
Wt <- matrix(0, Nt, Nt)
for (r in 1:side) for (c in 1:side) {
  i <- cell(r, c)
  for (j in c(cell(r - 1, c), cell(r + 1, c), cell(r, c - 1), cell(r, c + 1))) Wt[i, j] <- 0.25
}
set.seed(20261202)
x1 <- matrix(rnorm(Nt * Tt), Nt, Tt); x2 <- matrix(rnorm(Nt * Tt), Nt, Tt)
mu <- rnorm(Nt); al <- rnorm(Tt)
Ai <- solve(diag(Nt) - 0.4 * Wt)
ym <- sapply(1:Tt, function(t) Ai %*% (1 * x1[, t] - 0.5 * x2[, t] + Wt %*% (0.6 * x1[, t]) +
                                         mu + al[t] + rnorm(Nt, sd = 0.5)))
tor <- data.frame(region = sprintf("u%02d", rep(1:Nt, Tt)), year = rep(2001:(2000 + Tt), each = Nt),
                  y = as.vector(ym), x1 = as.vector(x1), x2 = as.vector(x2))
write.csv(tor, file.path(out_dir, "data/torus_panel.csv"), row.names = FALSE)
tm <- list(y = ym, x1 = x1, x2 = x2)
tstack <- function(fun) as.data.frame(lapply(tm, function(m) as.vector(fun(m))))
time_demean <- function(m) m - rep(colMeans(m), each = nrow(m))
lw_t <- mat2listw(kronecker(diag(Tt), Wt), style = "W")
tf <- y ~ x1 + x2 - 1
d_two <- tstack(two_demean); d_time <- tstack(time_demean)
two_sdm <- lagsarlm(tf, data = d_two, listw = lw_t, Durbin = TRUE, control = tight)
two_sem <- errorsarlm(tf, data = d_two, listw = lw_t, control = tight)
two_sac <- sacsarlm(tf, data = d_two, listw = lw_t)
two_ols <- lm(tf, data = d_two)
time_sar <- lagsarlm(tf, data = d_time, listw = lw_t, control = tight)
torus_case <- list(
  provenance = paste0("simulated in this script (set.seed(20261202); rho 0.4, beta (1, -0.5), ",
                      "theta (0.6, 0), two-way effects) on a 7 x 7 rook torus; spatialreg on ",
                      "the stacked within-transformed data; ", versions),
  twoway = list(sdm = sar_info(two_sdm), sem = sar_info(two_sem), sac = sar_info(two_sac),
                ols = lm_info(two_ols), lm_tests = lm_tests(two_ols, lw_t),
                impacts = list(sdm = impacts_info(two_sdm, lw_t))),
  time = list(sar = sar_info(time_sar))
)

# --- splm (optional: R splm 1.6-5, not in Debian; e.g. R_LIBS=<a library with splm>) -----
# usaww (splm's weights of the 48 states) has exactly the queen contiguity used above.
splm_case <- NULL
if (requireNamespace("splm", quietly = TRUE)) {
  ww <- get(load(system.file("data/usaww.rda", package = "splm")))
  stopifnot(all((ww[st_ids, st_ids] > 0) == (Wst > 0)))
  Pr <- Produc
  fmp <- log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp
  lwu <- mat2listw(ww, style = "W")
  re <- splm::spml(fmp, data = Pr, listw = lwu, model = "random", lag = TRUE,
                   spatial.error = "none")
  ind <- splm::spml(fmp, data = Pr, listw = lwu, model = "within", effect = "individual",
                    lag = TRUE, spatial.error = "none", LeeYu = TRUE, Hess = FALSE)
  two <- splm::spml(fmp, data = Pr, listw = lwu, model = "within", effect = "twoways",
                    lag = TRUE, spatial.error = "none", LeeYu = TRUE, Hess = FALSE)
  nm <- function(x) gsub("log\\((.*)\\)", "\\1", x)
  splm_case <- list(
    provenance = sprintf(paste0("R splm %s spml() on plm Produc with splm usaww (Millo & ",
                                "Piras 2012's example); %s"), packageVersion("splm"), versions),
    random_lag = list(coef = as.list(setNames(re$coefficients, nm(names(re$coefficients)))),
                      rho = unname(re$arcoef["lambda"]),
                      rho_se = sqrt(re$vcov.arcoef[1, 1]),
                      phi = unname(re$errcomp["phi"]), loglik = re$logLik),
    individual_leeyu = list(coef = as.list(setNames(coef(ind)[-1], nm(names(coef(ind))[-1]))),
                            rho = unname(coef(ind)["lambda"]), sigma2 = ind$sigma2),
    twoway_leeyu_analytic = list(coef = as.list(setNames(coef(two)[-1], nm(names(coef(two))[-1]))),
                                 rho = unname(coef(two)["lambda"]))
  )
}

ref <- list(columbus = columbus_case, produc = produc_case, torus = torus_case)
if (!is.null(splm_case)) ref$splm <- splm_case
writeLines(toJSON(ref, auto_unbox = TRUE, digits = NA, pretty = TRUE),
           file.path(out_dir, "econometrics.json"))
cat("wrote", file.path(out_dir, "econometrics.json"), "\n")
