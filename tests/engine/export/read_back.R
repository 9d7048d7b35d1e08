# Reads every export of a fresh demo database back with R's read.csv and compares it to what
# the store says through the CLI: row counts, column names, numbers read as numbers, and no
# text cell starting like a formula unless prefixed with an apostrophe.
# Usage: Rscript read_back.R TESSERA_BINARY (registered with SKIP_RETURN_CODE 77).
args <- commandArgs(trailingOnly = TRUE)
binary <- args[1]
tmp <- tempfile("tessera-export-r")
dir.create(tmp)
db <- file.path(tmp, "demo.db")
failures <- character(0)
check <- function(ok, message) {
  if (!isTRUE(ok)) failures <<- c(failures, message)
}
run <- function(...) {
  out <- system2(binary, c(...), stdout = TRUE, stderr = TRUE)
  status <- attr(out, "status")
  if (!is.null(status) && status != 0) stop(paste(c(...), collapse = " "), ": ", out)
  out
}
json_number <- function(lines, key) {
  line <- grep(paste0('^  "', key, '": '), lines, value = TRUE)[1]
  as.numeric(sub(".*: ([0-9.]+),?$", "\\1", line))
}
# As CsvWriter::NeedsNeutralising: tab, CR or LF first, or after leading spaces and control
# characters one of = + - @ | % or their fullwidth forms.
formula_start <- "^([\t\r\n]|[ \u00a0\u3000[:cntrl:]]*[-=+@|%\uff1d\uff0b\uff0d\uff20\uff5c\uff05])"

invisible(run("demo", "--db", db))
for (campaign in 1:4) {
  name <- paste("campaign", campaign)
  info <- run("campaign", "show", campaign, "--db", db, "--json")
  responses_n <- json_number(info, "responses")
  files <- list()
  for (kind in c("responses", "scores", "summaries", "codebook")) {
    path <- file.path(tmp, paste0(campaign, "-", kind, ".csv"))
    invisible(run("export", kind, "--campaign", campaign, "--out", path, "--db", db))
    files[[kind]] <- path
  }
  read <- function(kind) {
    read.csv(files[[kind]], check.names = FALSE, fileEncoding = "UTF-8",
             stringsAsFactors = FALSE, na.strings = "")
  }
  codebook <- read("codebook")
  check(names(codebook)[1] == "item_id", paste(name, "codebook first column"))
  responses <- read("responses")
  check(nrow(responses) == responses_n,
        paste(name, "responses rows", nrow(responses), "store", responses_n))
  check(identical(names(responses)[1:3], c("response_id", "campaign", "instrument")),
        paste(name, "responses header"))
  check(!("submitted_on" %in% names(responses)), paste(name, "submitted_on exported"))
  exported <- codebook$item_id[codebook$responses_export %in% c("included", "merged")]
  check(setequal(names(responses), exported), paste(name, "responses columns vs codebook"))
  check(is.numeric(responses$response_id), paste(name, "response_id not numeric"))
  scores <- read("scores")
  for (column in c("n", "mean", "sd", "se", "ci_lower", "ci_upper", "index")) {
    check(is.numeric(scores[[column]]), paste(name, "scores", column, "not numeric"))
  }
  # R's read.csv reads only TRUE/FALSE as logical; the exports write true/false (RFC-style).
  check(all(scores$suppressed %in% c("true", "false")), paste(name, "suppressed not true/false"))
  scores$suppressed <- scores$suppressed == "true"
  check(all(is.na(scores$mean[scores$suppressed])), paste(name, "suppressed rows with a mean"))
  whole <- scores[is.na(scores$grouping), ]
  check(all(whole$n[!whole$suppressed] <= responses_n), paste(name, "whole-campaign n"))
  summaries <- read("summaries")
  for (column in grep("^count_", names(summaries), value = TRUE)) {
    check(is.numeric(summaries[[column]]), paste(name, "summaries", column, "not numeric"))
  }
  for (kind in names(files)) {
    frame <- read(kind)
    for (column in names(frame)) {
      cells <- frame[[column]]
      if (is.character(cells)) {
        bad <- cells[!is.na(cells) & grepl(formula_start, cells, perl = TRUE)]
        check(length(bad) == 0, paste(name, kind, column, "starts like a formula:", bad[1]))
      }
    }
  }
}
unlink(tmp, recursive = TRUE)
for (failure in failures) cat("FAIL:", failure, "\n")
cat("read_back.R:", length(failures), "failure(s)\n")
quit(status = if (length(failures) > 0) 1 else 0)
