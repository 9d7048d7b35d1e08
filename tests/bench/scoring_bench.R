# The R side of the scoring benchmark (tests/bench/scoring_bench.sh): the same data, written as
# CSV by `scoring_bench --csv PATH`, analysed the way an analyst would in R.
#
#   Rscript tests/bench/scoring_bench.R DATA.csv [REPEAT]
#
# Reading the CSV is not timed. Timed, REPEAT times (default 3): psych::alpha for every scale
# with its reverse-keyed items recoded (keys =), and aggregate() of every item's mean by each
# grouping column ("not stated" for unanswered and "prefer not to say"). Prints one JSON object
# per line: one per run, then a summary with the raw alphas (compared with the C++ ones by
# scoring_bench.sh). Needs R >= 4 and psych (2.2.9 was used).
suppressPackageStartupMessages(library(psych))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1) stop("usage: Rscript scoring_bench.R DATA.csv [REPEAT]")
path <- args[1]
repeats <- if (length(args) >= 2) as.integer(args[2]) else 3L

keys <- read.csv(paste0(path, ".keys.csv"), stringsAsFactors = FALSE)
items <- keys$item
header <- names(read.csv(path, nrows = 1, check.names = FALSE))
groupings <- setdiff(header, items)
classes <- ifelse(header %in% items, "integer", "character")

read_start <- proc.time()[["elapsed"]]
# "" is unanswered and "dk" is "don't know": both missing for scoring.
data <- read.csv(path, colClasses = classes, na.strings = c("", "dk"), check.names = FALSE)
for (g in groupings) {
  x <- data[[g]]
  x[is.na(x) | x == "pnts"] <- "not stated"
  data[[g]] <- factor(x)
}
read_seconds <- proc.time()[["elapsed"]] - read_start

compute <- function() {
  alphas <- c()
  for (s in unique(keys$scale)) {
    columns <- keys$item[keys$scale == s]
    reversed <- keys$item[keys$scale == s & keys$reverse]
    a <- psych::alpha(data[, columns], keys = reversed, warnings = FALSE)
    alphas[s] <- a$total$raw_alpha
  }
  means <- lapply(groupings, function(g) {
    aggregate(data[, items], by = list(group = data[[g]]), FUN = mean, na.rm = TRUE)
  })
  list(alphas = alphas, means = means)
}

times <- c()
cpus <- c()
for (run in seq_len(repeats)) {
  gc()
  timing <- system.time(result <- compute())
  seconds <- timing[["elapsed"]]
  cpu <- timing[["user.self"]] + timing[["sys.self"]]
  times <- c(times, seconds)
  cpus <- c(cpus, cpu)
  cat(sprintf('{"bench":"scoring_r","run":%d,"total_s":%.3f,"cpu_s":%.3f}\n', run, seconds, cpu))
}
cat(sprintf(paste0('{"bench":"scoring_r","summary":true,"respondents":%d,"items":%d,',
                   '"groupings":%d,"runs":%d,"read_s":%.3f,"best_total_s":%.3f,',
                   '"median_total_s":%.3f,"best_cpu_s":%.3f,"median_cpu_s":%.3f,',
                   '"raw_alpha":[%s],"r":"%s","psych":"%s"}\n'),
            nrow(data), length(items), length(groupings), repeats, read_seconds, min(times),
            median(times), min(cpus), median(cpus),
            paste(sprintf("%.17g", result$alphas), collapse = ","), R.version$version.string,
            as.character(packageVersion("psych"))))
