package cohesity

import (
	"io"
	"net/http"
	"strings"

	cohesitygen "github.com/devicecode/devicecode/gen/cohesity"
)

// relogin is the generated client's doer for a username/password client:
// a login lasts 24 hours (the cluster then answers 401 "Token expired"),
// so a 401 to a request sent with the cached login logs in once more and
// repeats the request once. Other credentials cannot be renewed here, and
// a 401 to the fresh login is the answer.
type relogin struct {
	c    *Client
	next cohesitygen.HttpRequestDoer
}

func (d relogin) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.next.Do(req)
	used := req.Header.Get("Authorization")
	if err != nil || resp.StatusCode != http.StatusUnauthorized || used == "" || req.GetBody == nil ||
		strings.HasSuffix(req.URL.Path, "/access-tokens") {
		return resp, err
	}
	d.c.forgetLogin(used)
	auth, lerr := d.c.authorization(req.Context())
	if lerr != nil {
		return resp, nil //nolint:nilerr // the original 401 tells the caller enough
	}
	body, berr := req.GetBody()
	if berr != nil {
		return resp, nil //nolint:nilerr // as above: the 401 stands
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	again := req.Clone(req.Context())
	again.Body = body
	again.Header.Set("Authorization", auth)
	return d.next.Do(again)
}

// forgetLogin drops the cached login if it is still the one that was
// refused (a concurrent call may have renewed it already).
func (c *Client) forgetLogin(used string) {
	c.st.mu.Lock()
	defer c.st.mu.Unlock()
	if c.st.login == used {
		c.st.login = ""
	}
}
