package normalize

// A shape is one vendor response layout: the schema in specs/ that describes
// it and which wire property feeds which canonical field. Every vendor quirk
// lives here, in one table, with the vendor and the source named beside it;
// decode.go only follows the table.
type shape struct {
	vendor Vendor
	name   string // short label for tests and benchmarks
	schema string // a name understood by compileOne
	fields map[string]target
	// kept lists schema properties deliberately left in Extra; with fields
	// it must cover the schema (TestMappingComplete).
	kept []string
	// stringNumbers accepts whole seconds written as JSON strings.
	stringNumbers bool
	// aliases maps other spellings of a wire key onto the key itself.
	aliases map[string]string
	// errorKeys are members that mark the vendor's error body (errorbody.go).
	errorKeys []string
	// vendorErrors: a body with only a message and no device-code field is
	// the vendor's error body (Cohesity Error, Veeam RESTExceptionInfo).
	vendorErrors bool
}

// veeamErrorKeys mark Veeam's RESTExceptionInfo (v7 errorCode, v8
// stackTrace) [vb365_rest_v7.json, vb365_rest_v8.json].
var veeamErrorKeys = []string{"errorCode", "stackTrace"}

// oauthErrorKeys mark an RFC 6749 §5.2 error body.
var oauthErrorKeys = []string{"error"}

// target is the canonical field a wire property feeds.
type target int

const (
	toDeviceCode target = iota + 1
	toUserCode
	toVerificationURI
	toVerificationURIComplete
	toExpiresIn // seconds from now
	toExpiresAt // an absolute date-time
	toInterval
	toMessage
)

// pointer is the canonical JSON pointer of the field.
func (t target) pointer() string {
	return [...]string{
		toDeviceCode:              "/device_code",
		toUserCode:                "/user_code",
		toVerificationURI:         "/verification_uri",
		toVerificationURIComplete: "/verification_uri_complete",
		toExpiresIn:               "/expires_in",
		toExpiresAt:               "/expires_at",
		toInterval:                "/interval",
		toMessage:                 "/message",
	}[t]
}

var (
	// GitLab ≥ 17.3 answers in the RFC 8628 §3.2 shape [gitlabhq
	// doc/api/oauth2.md, "Device authorization grant flow"].
	gitlabShape = shape{
		vendor: GitLab, name: "gitlab", errorKeys: oauthErrorKeys,
		schema: "gitlab/device-authorization-response.schema.json",
		fields: map[string]target{
			"device_code":               toDeviceCode,
			"user_code":                 toUserCode,
			"verification_uri":          toVerificationURI,
			"verification_uri_complete": toVerificationURIComplete,
			"expires_in":                toExpiresIn,
			"interval":                  toInterval,
		},
	}

	// Entra ID v2.0 (/oauth2/v2.0/devicecode): RFC names plus a localized
	// `message`; no complete URI [learn.microsoft.com, "OAuth 2.0 device
	// authorization grant"].
	microsoftShape = shape{
		vendor: Microsoft, name: "microsoft-v2", errorKeys: oauthErrorKeys,
		schema: "microsoft/openapi.json#/components/schemas/DeviceCodeResponse",
		fields: map[string]target{
			"device_code":      toDeviceCode,
			"user_code":        toUserCode,
			"verification_uri": toVerificationURI,
			"expires_in":       toExpiresIn,
			"interval":         toInterval,
			"message":          toMessage,
		},
	}

	// Entra ID v1 (/oauth2/devicecode?api-version=1.0) predates the RFC: it
	// spells `verification_url` and sends the numbers as strings
	// ("expires_in":"900") [VENDORS.md; x/oauth2 deviceauth.go works around
	// the same misspelling].
	microsoftV1Shape = shape{
		vendor: Microsoft, name: "microsoft-v1", errorKeys: oauthErrorKeys,
		schema: "microsoft/openapi.json#/components/schemas/DeviceCodeResponseV1",
		fields: map[string]target{
			"device_code":      toDeviceCode,
			"user_code":        toUserCode,
			"verification_url": toVerificationURI,
			"expires_in":       toExpiresIn,
			"interval":         toInterval,
			"message":          toMessage,
		},
		stringNumbers: true,
	}

	// Cohesity GenerateM365DeviceCodeResponseParams: camelCase on the wire,
	// every property nullable [cohesity/go-sdk 7.2.1 v2/models]. JSON
	// written by python tools uses the SDK's snake_case attribute names
	// instead [cohesity_sdk docs/GenerateM365DeviceCodeResponseParams.md];
	// both spellings normalize.
	cohesityShape = shape{
		// Error {errorCode, message, taskLogId} [cohesity_sdk models/error.py].
		vendor: Cohesity, name: "cohesity", errorKeys: []string{"errorCode"}, vendorErrors: true,
		schema: "cohesity/openapi.json#/components/schemas/GenerateM365DeviceCodeResponseParams",
		fields: map[string]target{
			"deviceCode":      toDeviceCode,
			"userCode":        toUserCode,
			"verificationUri": toVerificationURI,
			"expiresInSecs":   toExpiresIn,
			"intervalSecs":    toInterval,
		},
		aliases: map[string]string{
			"device_code":      "deviceCode",
			"user_code":        "userCode",
			"verification_uri": "verificationUri",
			"expires_in_secs":  "expiresInSecs",
			"interval_secs":    "intervalSecs",
		},
	}

	// Veeam VB365 RESTDeviceCodeResponse (POST /v6/DeviceCode): no device
	// code (the VB365 server polls Microsoft itself) and no interval;
	// `verificationUrl`; `expiresIn` in seconds — old v4/v5 pages say
	// milliseconds, but their own example (899) is seconds, and a
	// millisecond value would fail the 24 h bound rather than pass silently
	// [vb365_rest_v6.json; VENDORS.md].
	veeamShape = shape{
		// RESTExceptionInfo {message; v7+ errorCode; v8 stackTrace}.
		vendor: Veeam, name: "veeam", errorKeys: veeamErrorKeys, vendorErrors: true,
		schema: "veeam/openapi.json#/components/schemas/RESTDeviceCodeResponse",
		fields: map[string]target{
			"userCode":        toUserCode,
			"verificationUrl": toVerificationURI,
			"expiresIn":       toExpiresIn,
			"message":         toMessage,
		},
	}

	// Veeam VB365 RESTDeviceCodeInfo (POST /v6/AzureServiceAccounts/
	// DeviceCode): `verificationUri` with an i, and an absolute
	// `expiresOnUtc` instead of a lifetime [vb365_rest_v6.json].
	veeamInfoShape = shape{
		vendor: Veeam, name: "veeam-info", errorKeys: veeamErrorKeys, vendorErrors: true,
		schema: "veeam/openapi.json#/components/schemas/RESTDeviceCodeInfo",
		fields: map[string]target{
			"userCode":        toUserCode,
			"verificationUri": toVerificationURI,
			"expiresOnUtc":    toExpiresAt,
			"message":         toMessage,
		},
	}
)

// shapes lists every shape; schemaNames compiles their schemas.
var shapes = []*shape{&gitlabShape, &microsoftShape, &microsoftV1Shape, &cohesityShape, &veeamShape, &veeamInfoShape}

// pick chooses the shape of a decoded response body.
func pick(v Vendor, obj map[string]any) *shape {
	switch v {
	case GitLab:
		return &gitlabShape
	case Microsoft:
		if _, v1 := obj["verification_url"]; v1 || isString(obj["expires_in"]) || isString(obj["interval"]) {
			return &microsoftV1Shape
		}
		return &microsoftShape
	case Cohesity:
		return &cohesityShape
	case Veeam:
		_, uri := obj["verificationUri"]
		_, at := obj["expiresOnUtc"]
		if uri || at {
			return &veeamInfoShape
		}
		return &veeamShape
	}
	return nil
}

// keepsDeviceCode reports a vendor that never hands out the device code:
// the Veeam VB365 server polls Microsoft itself and the client only asks
// POST /v6/DeviceCode/check whether the user signed in [VENDORS.md].
func (v Vendor) keepsDeviceCode() bool { return v == Veeam }

func isString(v any) bool { _, ok := v.(string); return ok }

// wirePointer translates a canonical JSON pointer into the key this shape
// uses, so that a problem names the field as the vendor spelled it; fields
// the vendor does not send keep their canonical pointer.
func (sh *shape) wirePointer(canonical string, spelled map[string]string) string {
	if rest, ok := cutPointer(canonical, "/extra/"); ok {
		return "/" + rest
	}
	for key, t := range sh.fields {
		// The lifetime and the absolute expiry derive from each other:
		// report either at the one the vendor sent.
		if canonical == t.pointer() ||
			(t == toExpiresAt && canonical == toExpiresIn.pointer()) ||
			(t == toExpiresIn && canonical == toExpiresAt.pointer()) {
			if s, ok := spelled[key]; ok {
				key = s
			}
			return "/" + escapePointer(key)
		}
	}
	return canonical
}

func cutPointer(p, prefix string) (string, bool) {
	if len(p) > len(prefix) && p[:len(prefix)] == prefix {
		return p[len(prefix):], true
	}
	return "", false
}

// fieldFor reports the wire key feeding t, if the shape has one.
func (sh *shape) fieldFor(t target) (string, bool) {
	for k, kt := range sh.fields {
		if kt == t {
			return k, true
		}
	}
	return "", false
}
