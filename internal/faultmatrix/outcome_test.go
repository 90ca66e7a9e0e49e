package faultmatrix

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/cohesity"
	"github.com/devicecode/devicecode/vendors/veeam"
)

// sentinels are the errors.Is outcomes the table names, in this order.
var sentinels = []struct {
	name string
	err  error
}{
	{"ErrAccessDenied", devicecode.ErrAccessDenied},
	{"ErrExpiredToken", devicecode.ErrExpiredToken},
	{"ErrInvalidDeviceCode", devicecode.ErrInvalidDeviceCode},
	{"ErrDeviceFlowUnsupported", devicecode.ErrDeviceFlowUnsupported},
	{"ErrTransient", devicecode.ErrTransient},
	{"ErrInvalidResponse", devicecode.ErrInvalidResponse},
	{"ErrResponseTooLarge", devicecode.ErrResponseTooLarge},
	{"devicecode.ErrUnauthorized", devicecode.ErrUnauthorized},
	{"devicecode.ErrForbidden", devicecode.ErrForbidden},
	{"devicecode.ErrNotFound", devicecode.ErrNotFound},
	{"devicecode.ErrUnauthorized", devicecode.ErrUnauthorized},
	{"devicecode.ErrForbidden", devicecode.ErrForbidden},
	{"devicecode.ErrNotFound", devicecode.ErrNotFound},
}

// describe names an error by what errors.Is and errors.As find in it, in
// a fixed order, never by its text (which carries ports and codes), and
// says whether the engine would retry it.
func describe(err error) string {
	var parts []string
	for _, s := range sentinels {
		if errors.Is(err, s.err) {
			parts = append(parts, s.name)
		}
	}
	parts = append(parts, types(err)...)
	parts = append(parts, transport(err)...)
	if devicecode.IsTransient(err) {
		parts = append(parts, "transient")
	} else {
		parts = append(parts, "terminal")
	}
	return strings.Join(parts, ", ")
}

// types are the typed errors errors.As finds.
func types(err error) []string {
	var out []string
	var oe *devicecode.OAuthError
	if errors.As(err, &oe) {
		out = append(out, fmt.Sprintf("*OAuthError %s/%d", oe.Code, oe.StatusCode))
	}
	var ce *cohesity.Error
	if errors.As(err, &ce) {
		out = append(out, fmt.Sprintf("*cohesity.Error %d", ce.StatusCode))
	}
	var ve *veeam.Error
	if errors.As(err, &ve) {
		out = append(out, fmt.Sprintf("*veeam.Error %d", ve.StatusCode))
	}
	var he *devicecode.HTTPError
	if errors.As(err, &he) && ce == nil && ve == nil {
		out = append(out, fmt.Sprintf("*HTTPError %d", he.StatusCode))
	}
	if errors.As(err, &he) && he.RetryAfter > 0 {
		out = append(out, fmt.Sprintf("Retry-After %s", he.RetryAfter))
	}
	var ne *normalize.Error
	if errors.As(err, &ne) {
		out = append(out, "*normalize.Error")
	}
	return out
}

// transport names a failure below HTTP.
func transport(err error) []string {
	var ua x509.UnknownAuthorityError
	var ne net.Error
	switch {
	case errors.As(err, &ua):
		return []string{"x509.UnknownAuthorityError"}
	case errors.Is(err, syscall.ECONNREFUSED):
		return []string{"ECONNREFUSED"}
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return []string{"connection dropped"}
	case errors.As(err, &ne) && ne.Timeout(), errors.Is(err, context.DeadlineExceeded):
		return []string{"timeout"}
	}
	return nil
}
