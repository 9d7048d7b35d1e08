# Regenerates the reliability fixtures and the expected values the C++ tests compare with.
#
#   cd tests/data/scoring/reliability && Rscript make_expected.R
#
# Needs R 4.x with psych (2.2.9 when written) and jsonlite. Writes, for each fixture, NAME.csv
# (the raw answers, reverse-keyed items NOT yet recoded, empty cell = missing) and
# NAME.expected.json: what psych::alpha reports with its defaults (use = "pairwise",
# check.keys = FALSE) on the recoded items, plus a few figures psych does not report (see
# below). The test suite reads the JSON files; it never runs R.
suppressPackageStartupMessages({
  library(psych)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
if (length(script) == 1) setwd(dirname(normalizePath(script)))

set.seed(20240611)

clamp <- function(x, lo, hi) pmin(pmax(x, lo), hi)

# Answers on a lo..hi scale driven by one latent trait: round(centre + loading * theta + noise).
likert <- function(theta, loading, noise, lo = 1, hi = 5) {
  centre <- (lo + hi) / 2
  clamp(round(centre + loading * theta + rnorm(length(theta), 0, noise)), lo, hi)
}

knock_out <- function(df, share) {
  m <- as.matrix(df)
  m[matrix(runif(length(m)) < share, nrow(m))] <- NA
  as.data.frame(m)
}

write_fixture <- function(name, df) {
  write.csv(df, paste0(name, ".csv"), row.names = FALSE, na = "", quote = FALSE)
}

fixtures <- list()

# 1. A realistic 6-item 5-point scale: 300 respondents, about 10% of answers missing, item eng4
#    negatively worded (reverse-keyed), and two respondents who skipped the whole scale. An extra
#    `team` column is not part of the scale.
n <- 300
theta <- rnorm(n)
eng <- data.frame(
  eng1 = likert(theta, 0.9, 0.8), eng2 = likert(theta, 1.0, 0.9),
  eng3 = likert(theta, 0.7, 1.0), eng4 = 6 - likert(theta, 0.8, 0.9),
  eng5 = likert(theta, 0.6, 1.1), eng6 = likert(theta, 0.9, 0.7))
eng <- knock_out(eng, 0.10)
eng <- rbind(eng, data.frame(eng1 = NA, eng2 = NA, eng3 = NA, eng4 = NA, eng5 = NA, eng6 = NA))
eng <- rbind(eng[1:150, ], eng[301, ], eng[151:300, ], eng[302, ])
eng <- cbind(team = sample(c("youth", "finance", "board"), nrow(eng), replace = TRUE), eng)
write_fixture("engagement6", eng)
fixtures$engagement6 <- list(items = paste0("eng", 1:6), reverse = "eng4", min = 1, max = 5)

# 2. Two items (psych's special case for alpha if an item is dropped), some answers missing.
n <- 120
theta <- rnorm(n)
two <- knock_out(data.frame(a = likert(theta, 0.8, 0.9), b = likert(theta, 0.7, 1.0)), 0.05)
write_fixture("two_items", two)
fixtures$two_items <- list(items = c("a", "b"), reverse = character(0), min = 1, max = 5)

# 3. Three items on a 0..4 scale, complete (so psych's raw.r is comparable too).
n <- 80
theta <- rnorm(n)
three <- data.frame(x1 = likert(theta, 0.9, 0.8, 0, 4), x2 = likert(theta, 0.8, 0.9, 0, 4),
                    x3 = likert(theta, 0.5, 1.0, 0, 4))
write_fixture("three_items", three)
fixtures$three_items <- list(items = c("x1", "x2", "x3"), reverse = character(0), min = 0,
                             max = 4)

# 4. Four items, one of them (n3) negatively worded but NOT reverse-keyed: a keying mistake, so
#    its corrected item-total correlation is negative. Complete.
n <- 150
theta <- rnorm(n)
neg <- data.frame(n1 = likert(theta, 0.9, 0.8), n2 = likert(theta, 0.8, 0.8),
                  n3 = 6 - likert(theta, 0.9, 0.8), n4 = likert(theta, 0.7, 0.9))
write_fixture("negative_item", neg)
fixtures$negative_item <- list(items = c("n1", "n2", "n3", "n4"), reverse = character(0),
                               min = 1, max = 5)

# 5. A tiny sample: five respondents, four items, complete; t2 reverse-keyed.
tiny <- data.frame(t1 = c(4, 5, 2, 3, 4), t2 = c(2, 1, 4, 3, 1), t3 = c(5, 5, 3, 2, 4),
                   t4 = c(3, 4, 2, 2, 5))
write_fixture("tiny", tiny)
fixtures$tiny <- list(items = c("t1", "t2", "t3", "t4"), reverse = "t2", min = 1, max = 5)

# 6. A zero-variance item: everyone who answered z3 gave 3. psych drops it from every figure
#    (with a warning) and computes alpha from the other three.
n <- 60
theta <- rnorm(n)
zero <- data.frame(z1 = likert(theta, 0.9, 0.8), z2 = likert(theta, 0.8, 0.9), z3 = 3,
                   z4 = likert(theta, 0.7, 0.9))
zero <- knock_out(zero, 0.08)
write_fixture("zero_variance", zero)
fixtures$zero_variance <- list(items = c("z1", "z2", "z3", "z4"), reverse = character(0),
                               min = 1, max = 5)

num <- function(x) {
  x <- unname(as.numeric(x))
  if (length(x) == 0) NA_real_ else x
}

for (name in names(fixtures)) {
  spec <- fixtures[[name]]
  raw <- read.csv(paste0(name, ".csv"), na.strings = c("", "NA"))
  x <- raw[, spec$items, drop = FALSE]
  for (item in spec$reverse) x[[item]] <- spec$min + spec$max - x[[item]]

  out <- NULL
  capture.output(out <- suppressWarnings(psych::alpha(x)))
  kept <- sub("-$", "", rownames(out$item.stats))
  deleted <- setdiff(spec$items, kept)

  total <- out$total
  drop <- out$alpha.drop
  stats <- out$item.stats
  alpha_drop <- list()
  item_stats <- list()
  for (k in seq_along(kept)) {
    se <- if ("alpha se" %in% colnames(drop)) drop[k, "alpha se"] else NA
    alpha_drop[[kept[k]]] <- list(
      raw_alpha = num(drop[k, "raw_alpha"]), std_alpha = num(drop[k, "std.alpha"]),
      g6 = num(drop[k, "G6(smc)"]), average_r = num(drop[k, "average_r"]),
      s_n = num(drop[k, "S/N"]), alpha_se = num(se), var_r = num(drop[k, "var.r"]),
      med_r = num(drop[k, "med.r"]))
    item_stats[[kept[k]]] <- list(
      n = num(stats[k, "n"]), raw_r = num(stats[k, "raw.r"]), std_r = num(stats[k, "std.r"]),
      r_cor = num(stats[k, "r.cor"]), r_drop = num(stats[k, "r.drop"]),
      mean = num(stats[k, "mean"]), sd = num(stats[k, "sd"]))
  }

  # Not reported by psych: the item-total correlation implied by the pairwise covariance matrix
  # (colSums(C) / sqrt(diag(C) * sum(C))). psych's raw.r correlates each item with the row mean
  # of the answered items, which needs the raw rows; the two agree when every respondent answered
  # every item. Also the number of complete respondents over all the scale's items, and the mean
  # and SD of every item (including a deleted one), which psych's item.stats gives for the
  # items it keeps.
  C <- cov(x[, kept, drop = FALSE], use = "pairwise")
  raw_r_cov <- as.list(setNames(colSums(C) / sqrt(diag(C) * sum(C)), kept))
  all_items <- list()
  for (item in spec$items) {
    v <- x[[item]]
    all_items[[item]] <- list(n = sum(!is.na(v)), mean = mean(v, na.rm = TRUE),
                              sd = sd(v, na.rm = TRUE))
  }

  expected <- list(
    psych_version = as.character(packageVersion("psych")),
    csv = paste0(name, ".csv"), items = I(spec$items), reverse = I(spec$reverse),
    min = spec$min, max = spec$max,
    n_rows = nrow(x), n_complete = sum(complete.cases(x)), nvar = out$nvar,
    deleted = I(deleted),
    total = list(raw_alpha = num(total$raw_alpha), std_alpha = num(total$std.alpha),
                 g6 = num(total[["G6(smc)"]]), average_r = num(total$average_r),
                 s_n = num(total[["S/N"]]), ase = num(total$ase),
                 median_r = num(total$median_r), var_r = num(out$var.r)),
    feldt = list(lower = num(out$feldt$lower.ci), upper = num(out$feldt$upper.ci)),
    alpha_drop = alpha_drop, item_stats = item_stats, raw_r_from_cov = raw_r_cov,
    all_items = all_items)
  writeLines(toJSON(expected, auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE),
             paste0(name, ".expected.json"))
  cat(name, ": raw_alpha", format(total$raw_alpha, digits = 4), "nvar", out$nvar, "\n")
}
