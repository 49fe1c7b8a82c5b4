# Called by fetch-data.sh: turns modeldata's small_fine_foods (Amazon Fine Foods reviews) into the Amazon
# review JSON-lines format that ingest reads (reviewerID, asin, overall, unixReviewTime, reviewText).
# Usage: Rscript --vanilla modeldata-amazon.R MODELDATA_LIBRARY_DIR OUT_FILE
#
# The package data has no reviewer ids and no times, so both are GENERATED here, and every line says so in
# its "generated" field: reviewerID is "generated-reviewer-NNNNN" (one per review, in row order) and
# unixReviewTime is 2010-01-01T00:00:00Z plus one hour per row. score "great" (a 5-star review) becomes
# overall 5 and "other" (1 to 4 stars; the package does not say which) becomes overall 1, so great means
# overall >= 4.5 and a rating model's (overall - 1) / 4 is the probability of great. Rows: training_data
# (4,000) then testing_data (1,000); "source" names the object each came from, "score" keeps the label.
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: modeldata-amazon.R MODELDATA_LIBRARY_DIR OUT_FILE")
data <- new.env()
# Read the lazy-load data base directly: no need to install the package or its dependencies (dplyr, tibble).
invisible(lazyLoad(file.path(args[[1]], "data", "Rdata"), envir = data))
for (name in c("training_data", "testing_data")) {
  if (!exists(name, envir = data, inherits = FALSE)) stop("modeldata has no object ", name)
  if (!identical(names(data[[name]]), c("product", "review", "score"))) {
    stop(name, " has columns ", paste(names(data[[name]]), collapse = ", "), ", expected product, review, score")
  }
}
reviews <- rbind(
  data.frame(source = "modeldata::training_data", as.data.frame(data$training_data), stringsAsFactors = FALSE),
  data.frame(source = "modeldata::testing_data", as.data.frame(data$testing_data), stringsAsFactors = FALSE))
score <- as.character(reviews$score)
if (!all(score %in% c("great", "other"))) stop("score has values other than great/other: ", unique(score))

json_string <- function(s) {
  s <- enc2utf8(s)
  s <- gsub("\\", "\\\\", s, fixed = TRUE)
  s <- gsub("\"", "\\\"", s, fixed = TRUE)
  s <- gsub("\n", "\\n", s, fixed = TRUE)
  s <- gsub("\r", "\\r", s, fixed = TRUE)
  s <- gsub("\t", "\\t", s, fixed = TRUE)
  if (any(grepl("[\x01-\x1f]", s, useBytes = TRUE))) stop("a review holds a control character this writer cannot escape")
  paste0("\"", s, "\"")
}

n <- nrow(reviews)
row <- seq_len(n)
start <- 1262304000  # 2010-01-01T00:00:00Z
lines <- paste0(
  "{\"reviewerID\":", json_string(sprintf("generated-reviewer-%05d", row)),
  ",\"asin\":", json_string(reviews$product),
  ",\"overall\":", ifelse(score == "great", "5.0", "1.0"),
  ",\"unixReviewTime\":", format(start + (row - 1) * 3600, scientific = FALSE),
  ",\"reviewText\":", json_string(reviews$review),
  ",\"score\":", json_string(score),
  ",\"source\":", json_string(reviews$source),
  ",\"generated\":[\"reviewerID\",\"unixReviewTime\"]}")
out <- file(args[[2]], open = "wb")
writeLines(lines, out, useBytes = TRUE)
close(out)
