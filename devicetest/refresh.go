package devicetest

import "net/url"

// refreshGrant is RFC 6749 §6's grant type. specs/ describes only the
// device grant, so the fakes answer refreshes ahead of the generated
// handler, with the same token shape.
const refreshGrant = "refresh_token"

// newRefresh issues a refresh token.
func (fs *flows) newRefresh(prefix string) string {
	rt := prefix + random(24)
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.refresh[rt] = true
	return rt
}

// redeemRefresh spends a refresh token, reporting whether it was valid.
func (fs *flows) redeemRefresh(rt string) bool {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	ok := fs.refresh[rt]
	delete(fs.refresh, rt)
	return ok
}

// isRefresh tells a refresh request from a device-code poll.
func isRefresh(form url.Values) bool { return form.Get("grant_type") == refreshGrant }
