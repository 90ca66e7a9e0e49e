package durable

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/devicecode/devicecode/internal/safetext"
)

// Keyring holds the keys that seal what a flow keeps in the database (its
// device code, its outcome until delivered): AES-256-GCM, each key under
// an ID written beside what it sealed, so that keys rotate — seal with the
// new primary key, keep the old one until the flows it sealed have ended
// (a device code lives 15 minutes at most with Entra, 2 hours with GitLab).
type Keyring struct {
	primary string
	aeads   map[string]cipher.AEAD
}

// NewKeyring builds a keyring from 32-byte keys by ID; primary names the
// key that seals from now on. Every replica needs every key a live flow
// was sealed with.
func NewKeyring(primary string, keys map[string][]byte) (*Keyring, error) {
	if len(keys) == 0 {
		return nil, &KeyError{Reason: "no key given: sealing a device code needs one (32 random bytes)"}
	}
	k := &Keyring{primary: primary, aeads: make(map[string]cipher.AEAD, len(keys))}
	for _, id := range slices.Sorted(maps.Keys(keys)) {
		if err := checkKeyID(id); err != nil {
			return nil, err
		}
		if len(keys[id]) != 32 {
			return nil, &KeyError{KeyID: id, Reason: fmt.Sprintf("is %d bytes long; AES-256-GCM needs 32", len(keys[id]))}
		}
		block, err := aes.NewCipher(keys[id])
		if err != nil {
			return nil, &KeyError{KeyID: id, Reason: err.Error()}
		}
		if k.aeads[id], err = cipher.NewGCM(block); err != nil {
			return nil, &KeyError{KeyID: id, Reason: err.Error()}
		}
	}
	if _, ok := k.aeads[primary]; !ok {
		return nil, &KeyError{KeyID: primary, Reason: "is the primary key but is not among the keys"}
	}
	return k, nil
}

// checkKeyID keeps IDs short and printable: they are stored in plaintext
// and shown in errors.
func checkKeyID(id string) error {
	if id == "" || len(id) > 64 || safetext.Show(id) != id {
		return &KeyError{KeyID: safetext.Show(id), Reason: "is not a key ID: 1 to 64 printable characters"}
	}
	return nil
}

// KeyError is a keyring that cannot seal or open: a key missing, of the
// wrong size, or one that does not open what it is said to have sealed.
// It never holds key material.
type KeyError struct {
	KeyID  string
	Reason string
}

func (e *KeyError) Error() string {
	if e.KeyID == "" {
		return "durable: keyring: " + e.Reason
	}
	return fmt.Sprintf("durable: keyring: key %q %s", e.KeyID, e.Reason)
}

// ErrKey is what every *KeyError matches with errors.Is.
var ErrKey = errors.New("durable: keyring")

// Is makes errors.Is(err, ErrKey) hold.
func (e *KeyError) Is(target error) bool { return target == ErrKey }

// sealed is ciphertext as stored: the key's ID and nonce||ciphertext.
type sealed struct {
	Key  string `json:"key"`
	Data []byte `json:"data"`
}

// seal encrypts plain under the primary key, bound to aad (the flow and
// what the bytes are), so that a sealed value cannot be moved to another
// flow or field.
func (k *Keyring) seal(plain, aad []byte) (sealed, error) {
	aead := k.aeads[k.primary]
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return sealed{}, fmt.Errorf("durable: sealing: %w", err)
	}
	return sealed{Key: k.primary, Data: aead.Seal(nonce, nonce, plain, aad)}, nil
}

// open decrypts s, or says which key is missing or does not open it.
func (k *Keyring) open(s sealed, aad []byte) ([]byte, error) {
	aead, ok := k.aeads[s.Key]
	if !ok {
		return nil, &KeyError{KeyID: safetext.Show(s.Key), Reason: "sealed this flow but is not in this replica's keyring"}
	}
	n := aead.NonceSize()
	if len(s.Data) < n+aead.Overhead() {
		return nil, &KeyError{KeyID: s.Key, Reason: "sealed data too short to be what it sealed"}
	}
	plain, err := aead.Open(nil, s.Data[:n], s.Data[n:], aad)
	if err != nil {
		return nil, &KeyError{KeyID: s.Key, Reason: "does not open this flow's data: another key under that ID, or the data was altered"}
	}
	return plain, nil
}
