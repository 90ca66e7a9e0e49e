package devicetest

import "errors"

// codeBooks is several fakes' codes as one: the sandbox's Microsoft page
// takes the codes of its Entra fake and of the Cohesity and Veeam fakes
// that relay it, and the sandbox's Approve takes any fake's. A code is
// the first book's that knows it (expired or used included), so that the
// person hears what became of it rather than that it is unknown.
type codeBooks []codeBook

func (bs codeBooks) look(userCode string) (CodeInfo, error) {
	var info CodeInfo
	err := bs.each(func(b codeBook) error {
		var err error
		info, err = b.look(userCode)
		return err
	})
	return info, err
}

func (bs codeBooks) decide(userCode string, d Decision) error {
	return bs.each(func(b codeBook) error { return b.decide(userCode, d) })
}

// each tries f on each book until one knows the code.
func (bs codeBooks) each(f func(codeBook) error) error {
	err := ErrUnknownUserCode
	for _, b := range bs {
		if err = f(b); !errors.Is(err, ErrUnknownUserCode) {
			return err
		}
	}
	return err
}

var _ codeBook = codeBooks(nil)
