# Regenerates the fixtures of the descriptive-results tests (tests/scoring/dimension_summary_test.cc,
# favourability_test.cc, agreement_test.cc, wave_comparison_test.cc, distributions_test.cc).
# The C++ tests only read the JSON files written here; they never need R.
#
#   cd tests/data/scoring/summaries && Rscript generate.R
#
# Written with R 4.2 and jsonlite; every expected value is computed here from the raw values
# written beside it, in base R (t.test, qt, pt, var), independently of the C++ code.

suppressPackageStartupMessages(library(jsonlite))
set.seed(20240611)

write_fixture <- function(x, file) {
  write_json(x, file, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null")
}

# ---------------------------------------------------------------------------------------------
# distributions.json: Student t quantiles and two-sided p values, including fractional df.
dfs <- c(1, 2, 3.5, 9, 29, 41.37, 120, 1000)
ps <- c(0.975, 0.995, 0.9, 0.6, 0.025)
quantiles <- list()
for (df in dfs) for (p in ps) quantiles[[length(quantiles) + 1]] <- list(p = p, df = df, q = qt(p, df))
ts <- c(0, 0.5, -1.96, 2.2, 4, -7.5)
two_sided <- list()
for (df in dfs) for (t in ts) {
  two_sided[[length(two_sided) + 1]] <- list(t = t, df = df, p = 2 * pt(-abs(t), df))
}
write_fixture(list(quantiles = quantiles, two_sided = two_sided,
                   normal = list(p = 0.975, q = qnorm(0.975))), "distributions.json")

# ---------------------------------------------------------------------------------------------
# groups.json: answers to two dimensions of staff-attitudes@1.1.0 from three groups, with the
# expected dimension summaries, favourability, within-group agreement and perspective gaps.
instrument <- "staff-attitudes@1.1.0"
dimensions <- list(
  "risk-taking" = list(items = c("RSK-01", "RSK-02", "RSK-04"), reverse = c(FALSE, FALSE, TRUE)),
  "outreach-support" = list(items = c("SUP-01", "SUP-02", "SUP-03", "SUP-04", "SUP-05"),
                            reverse = c(FALSE, FALSE, FALSE, TRUE, FALSE)))
range_min <- 1
range_max <- 5
min_share <- 0.5
bands <- data.frame(id = c("concern", "mixed", "strength"), from = c(1, 2.5, 3.5),
                    to = c(2.5, 3.5, 5))

# Answers: a value 1..5, "dk" (don't know) or NA (unanswered). `lean` shifts a group's answers.
answer <- function(lean, reverse, dk, missing, polarised) {
  u <- runif(1)
  if (u < missing) return(NA)
  if (u < missing + dk) return("dk")
  if (polarised) return(sample(c(1, 5), 1))
  probs <- exp(-0.8 * abs(1:5 - lean))
  x <- sample(1:5, 1, prob = probs)
  if (reverse) 6 - x else x  # respondents answer reverse-keyed statements the other way round
}
groups <- list(frontline = list(n = 24, lean = 3.6, dk = 0.08, missing = 0.05, polarised = FALSE),
               managers = list(n = 14, lean = 2.4, dk = 0.12, missing = 0.03, polarised = FALSE),
               polarised = list(n = 9, lean = 3, dk = 0.05, missing = 0.0, polarised = TRUE))
respondents <- list()
for (g in names(groups)) {
  spec <- groups[[g]]
  for (r in seq_len(spec$n)) {
    answers <- list()
    for (d in dimensions) for (i in seq_along(d$items)) {
      a <- answer(spec$lean, d$reverse[i], spec$dk, spec$missing, spec$polarised)
      if (!identical(a, NA)) answers[[d$items[i]]] <- a
    }
    respondents[[length(respondents) + 1]] <- list(group = g, answers = answers)
  }
}
# Two respondents who answer too little to be scored on risk-taking (1 of 3), one on both.
respondents[[length(respondents) + 1]] <- list(group = "frontline",
  answers = list("RSK-01" = 4, "RSK-02" = "dk", "SUP-01" = 2, "SUP-02" = 3, "SUP-03" = "dk"))
respondents[[length(respondents) + 1]] <- list(group = "managers",
  answers = list("RSK-04" = 2, "SUP-05" = "dk"))

value_of <- function(a) if (is.null(a) || identical(a, "dk")) NA else as.numeric(a)

band_of <- function(score) {
  if (is.na(score)) return(NA)
  for (b in seq_len(nrow(bands))) {
    if (score >= bands$from[b] && (score < bands$to[b] || b == nrow(bands))) return(bands$id[b])
  }
  NA
}
to_index <- function(x) 100 * (x - range_min) / (range_max - range_min)
clip <- function(x) pmin(pmax(x, range_min), range_max)

summarise_group <- function(members) {
  out <- list()
  for (dname in names(dimensions)) {
    d <- dimensions[[dname]]
    raw <- sapply(d$items, function(it) sapply(members, function(m) value_of(m$answers[[it]])))
    raw <- matrix(raw, ncol = length(d$items))
    recoded <- raw
    for (i in seq_along(d$items)) if (d$reverse[i]) recoded[, i] <- 6 - raw[, i]
    answered <- rowSums(!is.na(recoded))
    scored <- answered > 0 & answered + 1e-9 >= min_share * length(d$items)
    scores <- rowMeans(recoded, na.rm = TRUE)[scored]
    n <- length(scores)
    s <- list(n = n, excluded = sum(!scored), mean = mean(scores), sd = sd(scores))
    s$se <- s$sd / sqrt(n)
    tt <- t.test(scores, conf.level = 0.95)
    # the same interval from qt, as the C++ computes it
    q <- qt(0.975, n - 1)
    stopifnot(abs(tt$conf.int[1] - (s$mean - q * s$se)) < 1e-12)
    s$ci <- clip(as.numeric(tt$conf.int))
    s$index <- to_index(s$mean)
    s$index_ci <- to_index(s$ci)
    s$band <- band_of(s$mean)
    codes <- sapply(d$items, function(it) sum(sapply(members, function(m) identical(m$answers[[it]], "dk"))))
    values <- colSums(!is.na(raw))
    s$dont_know <- sum(codes)
    s$answers <- sum(codes) + sum(values)
    s$dont_know_share <- s$dont_know / s$answers

    items <- list()
    fav <- c(favourable = 0, neutral = 0, unfavourable = 0)
    pooled <- c()
    for (i in seq_along(d$items)) {
      x <- raw[, i]
      x <- x[!is.na(x)]
      r <- if (d$reverse[i]) 6 - x else x
      f <- c(favourable = sum(r >= 4), neutral = sum(r == 3), unfavourable = sum(r <= 2))
      fav <- fav + f
      pooled <- c(pooled, r)
      v <- var(x)
      items[[d$items[i]]] <- list(
        counts = as.list(tabulate(x, nbins = 5)), dk = codes[[i]],
        missing = length(members) - length(x) - codes[[i]],
        n = length(x), mean = mean(r), sd = sd(r),
        favourable = f[["favourable"]], neutral = f[["neutral"]], unfavourable = f[["unfavourable"]],
        favourable_share = f[["favourable"]] / length(x),
        unfavourable_share = f[["unfavourable"]] / length(x),
        variance = v, rwg = if (v > 2) 0 else 1 - v / 2)
    }
    s$items <- items
    s$favourability <- list(n = length(pooled), favourable = fav[["favourable"]],
                            neutral = fav[["neutral"]], unfavourable = fav[["unfavourable"]],
                            favourable_share = fav[["favourable"]] / length(pooled),
                            neutral_share = fav[["neutral"]] / length(pooled),
                            unfavourable_share = fav[["unfavourable"]] / length(pooled),
                            mean = mean(pooled), sd = sd(pooled),
                            distribution = as.list(tabulate(pooled, nbins = 5)))
    # r_wg(j) against the uniform null (James, Demaree & Wolf 1984), base R.
    A <- 5
    sigma_eu <- (A^2 - 1) / 12
    item_var <- apply(raw, 2, var, na.rm = TRUE)
    J <- length(item_var)
    s_bar <- mean(item_var)
    ratio <- s_bar / sigma_eu
    rwg_j <- if (ratio > 1) 0 else J * (1 - ratio) / (J * (1 - ratio) + ratio)
    s$agreement <- list(null_variance = sigma_eu, items = J, mean_item_variance = s_bar,
                        rwg_j = rwg_j, truncated = ratio > 1)
    out[[dname]] <- s
  }
  out
}

expected <- list()
for (g in c("all", names(groups))) {
  members <- if (g == "all") respondents else Filter(function(m) m$group == g, respondents)
  expected[[g]] <- summarise_group(members)
}
gaps <- list()
for (dname in names(dimensions)) {
  f <- expected$frontline[[dname]]$mean
  m <- expected$managers[[dname]]$mean
  p <- expected$polarised[[dname]]$mean
  means <- c(frontline = f, managers = m, polarised = p)
  gaps[[dname]] <- list(frontline_minus_managers = f - m,
                        frontline_minus_managers_index = to_index(f) - to_index(m),
                        largest_high = names(which.max(means)), largest_low = names(which.min(means)),
                        largest_index = to_index(max(means)) - to_index(min(means)))
}
write_fixture(list(instrument = instrument, respondents = respondents, expected = expected,
                   gaps = gaps), "groups.json")

# ---------------------------------------------------------------------------------------------
# waves.json: two samples of respondent scores per case (means of four items on 1..5) and
# R's Welch t-test of later against earlier, with Hedges' g (exact correction).
score_sample <- function(n, centre, spread) {
  x <- round(rnorm(n, centre, spread) * 4) / 4
  pmin(pmax(x, 1), 5)
}
hedges_g <- function(later, earlier) {
  n1 <- length(earlier)
  n2 <- length(later)
  m <- n1 + n2 - 2
  sp <- sqrt(((n1 - 1) * var(earlier) + (n2 - 1) * var(later)) / m)
  J <- exp(lgamma(m / 2) - lgamma((m - 1) / 2)) / sqrt(m / 2)
  (mean(later) - mean(earlier)) / sp * J
}
cases <- list(
  list(name = "improvement", earlier = score_sample(31, 2.9, 0.7), later = score_sample(27, 3.4, 0.45)),
  list(name = "decline", earlier = score_sample(60, 3.8, 0.5), later = score_sample(45, 3.5, 0.9)),
  list(name = "tiny", earlier = c(2.5, 3.75), later = c(3, 4.25, 4.5)),
  list(name = "large", earlier = score_sample(220, 3.1, 0.8), later = score_sample(180, 3.15, 0.8)))
waves <- list()
for (case in cases) {
  tt <- t.test(case$later, case$earlier, var.equal = FALSE, conf.level = 0.95)
  waves[[length(waves) + 1]] <- list(
    name = case$name, earlier = case$earlier, later = case$later,
    expected = list(earlier_mean = mean(case$earlier), later_mean = mean(case$later),
                    earlier_sd = sd(case$earlier), later_sd = sd(case$later),
                    difference = mean(case$later) - mean(case$earlier),
                    standard_error = tt$stderr, df = unname(tt$parameter),
                    t = unname(tt$statistic), p_value = tt$p.value,
                    ci = as.numeric(tt$conf.int), hedges_g = hedges_g(case$later, case$earlier)))
}
write_fixture(list(range = c(range_min, range_max), cases = waves), "waves.json")
