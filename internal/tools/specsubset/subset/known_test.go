package subset

import (
	"strings"
	"testing"
)

func TestParseKnown(t *testing.T) {
	got, err := ParseKnown(strings.NewReader("# c\n\n/paths/~1a/post/responses/201/content/application~1json/schema/$ref  ours: our name (#/components/schemas/X)\n"))
	if err != nil || got["/paths/~1a/post/responses/201/content/application~1json/schema/$ref"] != "ours: our name (#/components/schemas/X)" {
		t.Errorf("ParseKnown = %v, %v", got, err)
	}
	for _, bad := range []string{"/a\n", "a reason\n", "/a one\n/a two\n"} {
		if _, err := ParseKnown(strings.NewReader(bad)); err == nil {
			t.Errorf("ParseKnown(%q) accepted it", bad)
		}
	}
}
