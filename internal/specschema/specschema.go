// Package specschema is devicecode's one set-up of jsonschema/v5: how
// package normalize compiles the schemas it validates responses with, and
// how the CLI's `conform --specs` compiles the specs whose examples it
// checks. Formats are asserted, and nothing is ever fetched: a reference
// resolves among the spec's own files or is refused.
package specschema

import (
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// Base prefixes the resource name of every spec document, so that a
// relative reference resolves among the document's siblings (a file of
// the fs.FS given to NewCompiler) and never reaches the network.
const Base = "https://devicecode.invalid/specs/"

// NewCompiler returns a compiler for documents of draft d (the default for
// a document that names none), with formats asserted. A reference outside
// the documents added to it loads from fsys, by its path below Base; nil
// fsys loads none. Any other reference is refused, naming it.
func NewCompiler(d *jsonschema.Draft, fsys fs.FS) *jsonschema.Compiler {
	c := jsonschema.NewCompiler()
	c.Draft = d
	c.AssertFormat = true
	c.LoadURL = func(u string) (io.ReadCloser, error) {
		name, ok := strings.CutPrefix(u, Base)
		name, err := url.PathUnescape(name)
		if fsys == nil || !ok || err != nil || !fs.ValidPath(name) {
			return nil, fmt.Errorf("remote schema %s refused: specs must be self-contained", u)
		}
		return fsys.Open(name)
	}
	return c
}

// Leaves calls visit on every leaf of ve, in order: the keywords that
// failed on their own, not those that failed because a subschema did.
func Leaves(ve *jsonschema.ValidationError, visit func(leaf *jsonschema.ValidationError)) {
	if len(ve.Causes) == 0 {
		visit(ve)
		return
	}
	for _, c := range ve.Causes {
		Leaves(c, visit)
	}
}

// Keyword is the keyword a leaf failed: the last token of its
// KeywordLocation ("format", "required", …).
func Keyword(leaf *jsonschema.ValidationError) string {
	return leaf.KeywordLocation[strings.LastIndexByte(leaf.KeywordLocation, '/')+1:]
}
