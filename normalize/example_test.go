package normalize_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/devicecode/devicecode/normalize"
)

func ExampleDecode() {
	body := []byte(`{"userCode":"KR8MZ3TWQ","verificationUrl":"https://microsoft.com/devicelogin","expiresIn":899}`)
	issued := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	dc, err := normalize.Decode(normalize.Veeam, body, normalize.WithIssuedAt(issued))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(dc.UserCode, dc.VerificationURI, dc.ExpiresIn, dc.Interval)
	// Output: KR8MZ3TWQ https://microsoft.com/devicelogin 14m59s 5s
}

func ExampleError() {
	body := []byte(`{"device_code":"x","user_code":"AB\u001b[2J","verification_uri":"http://evil.example","expires_in":-5,"interval":5}`)
	_, err := normalize.Decode(normalize.GitLab, body)
	var ne *normalize.Error
	if errors.As(err, &ne) {
		for _, p := range ne.Problems {
			fmt.Println(p.Field, "-", p.Reason)
		}
	}
	// Output:
	// /expires_in - lifetime must be positive
	// /user_code - contains a terminal escape sequence
	// /verification_uri - must use https (plain http only for loopback hosts)
}

func ExampleDeviceCode_String() {
	body := []byte(`{"device_code":"do-not-log-me","user_code":"WDJB-MJHT","verification_uri":"https://gitlab.example.com/oauth/device","expires_in":300,"interval":5}`)
	issued := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	dc, _ := normalize.Decode(normalize.GitLab, body, normalize.WithIssuedAt(issued))
	fmt.Printf("%v\n", dc)
	canonical, _ := json.Marshal(dc) // the explicit way to get the device code
	fmt.Println(string(canonical))
	// Output:
	// {Vendor:gitlab DeviceCode:[REDACTED] UserCode:WDJB-MJHT VerificationURI:https://gitlab.example.com/oauth/device ExpiresIn:5m0s ExpiresAt:2025-01-02T03:09:05Z Interval:5s}
	// {"vendor":"gitlab","device_code":"do-not-log-me","user_code":"WDJB-MJHT","verification_uri":"https://gitlab.example.com/oauth/device","expires_in":300,"expires_at":"2025-01-02T03:09:05Z","interval":5}
}
