package devicetest_test

import (
	"context"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
)

// waitToken is the token an approved flow yields.
func waitToken(ctx context.Context, fl *devicecode.Flow) (*oauth2.Token, error) {
	out, err := fl.Wait(ctx)
	if err != nil {
		return nil, err
	}
	return out.Token, nil
}
