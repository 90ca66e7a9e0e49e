package deviceflow

// ParseRetryAfter is exported for the external tests only.
var ParseRetryAfter = parseRetryAfter
