package meaning_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/devicecode/devicecode/internal/meaning"
)

var (
	errOwn     = errors.New("own meaning")
	errMeaning = errors.New("given meaning")
)

type answer struct{ code int }

func (a *answer) Error() string { return fmt.Sprint("answer ", a.code) }
func (a *answer) Unwrap() error { return errOwn }

// The given meaning replaces the answer's own for errors.Is; errors.As
// still finds the answer; a nil meaning hides the answer's chain.
func TestError(t *testing.T) {
	a := &answer{503}
	e := error(&meaning.Error{Meaning: errMeaning, Err: a, Text: "worded"})
	var got *answer
	if !errors.Is(e, errMeaning) || errors.Is(e, errOwn) || !errors.As(e, &got) || got != a || e.Error() != "worded" {
		t.Errorf("Is meaning %t, Is own %t, As %v, text %q", errors.Is(e, errMeaning), errors.Is(e, errOwn), got, e)
	}
	hidden := &meaning.Error{Err: a, Text: "final"}
	if errors.Is(hidden, errOwn) || !errors.As(hidden, &got) {
		t.Errorf("nil meaning: Is own %t, As %t", errors.Is(hidden, errOwn), errors.As(hidden, &got))
	}
}
