package devicetest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"sync"
)

// signer is a fake's OpenID Connect signing key: one RSA key per Server,
// made when first needed (an id_token or the JWKS) so that the many fakes
// tests start without asking for openid pay nothing for it.
type signer struct {
	once sync.Once
	key  *rsa.PrivateKey
	kid  string
}

// load makes the key: 2048 bits, as GitLab's and Entra's keys are; its kid
// is the key's RFC 7638 thumbprint.
func (sg *signer) load() {
	sg.once.Do(func() {
		key, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic("devicetest: generating the signing key: " + err.Error())
		}
		sg.key = key
		n, e := jwkNumbers(&key.PublicKey)
		sum := sha256.Sum256([]byte(`{"e":"` + e + `","kty":"RSA","n":"` + n + `"}`))
		sg.kid = b64(sum[:])
	})
}

// sign is claims as a compact JWS signed with RS256 (RFC 7515 §7.1, RFC
// 7518 §3.3), the id_token format of OpenID Connect Core §2; the header
// names the key (kid) as both vendors' id_tokens do.
func (sg *signer) sign(claims map[string]any) string {
	sg.load()
	header, _ := json.Marshal(map[string]string{"alg": "RS256", "kid": sg.kid, "typ": "JWT"})
	payload, _ := json.Marshal(claims)
	input := b64(header) + "." + b64(payload)
	sum := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(rand.Reader, sg.key, crypto.SHA256, sum[:])
	if err != nil {
		panic("devicetest: signing an id_token: " + err.Error())
	}
	return input + "." + b64(sig)
}

// jwks is the key set (RFC 7517 §5) a jwks_uri serves, each key with the
// members extra adds (Entra adds its issuer).
func (sg *signer) jwks(extra map[string]string) map[string]any {
	sg.load()
	n, e := jwkNumbers(&sg.key.PublicKey)
	key := map[string]string{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": sg.kid, "n": n, "e": e}
	for k, v := range extra {
		key[k] = v
	}
	return map[string]any{"keys": []map[string]string{key}}
}

// jwkNumbers are the key's modulus and exponent as RFC 7518 §6.3.1 writes
// them: unsigned big-endian, base64url without padding.
func jwkNumbers(k *rsa.PublicKey) (n, e string) {
	return b64(k.N.Bytes()), b64(big.NewInt(int64(k.E)).Bytes())
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
