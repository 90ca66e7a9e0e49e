package normalize

import (
	"io/fs"
	"testing/fstest"
)

// mapFS builds an fs.FS from path → content.
func mapFS(files map[string]string) fs.FS {
	m := fstest.MapFS{}
	for p, c := range files {
		m[p] = &fstest.MapFile{Data: []byte(c)}
	}
	return m
}
