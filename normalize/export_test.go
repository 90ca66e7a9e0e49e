package normalize

// CheckFastPaths lets the fuzz targets (package normalize_test) compare the
// fast paths with the libraries they stand in for; see checkFastPaths.
var CheckFastPaths = checkFastPaths
