package access

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"lookout/layers"
)

// Errors of access.
var (
	// ErrUnauthenticated: no token, or one that is unknown or revoked.
	ErrUnauthenticated = errors.New("access: a valid API token is required")
	// ErrForbidden: the token's role or scope does not allow it.
	ErrForbidden = errors.New("access: not allowed for this token")
	// ErrInvalid: a token to create is malformed (role, district, name).
	ErrInvalid = errors.New("access: invalid token")
)

// SecretPrefix starts every secret, so that a leaked one is recognisable
// (secret scanners, logs).
const SecretPrefix = "lk_"

// Token is an API token as the store keeps it: never the secret, only its
// SHA-256 (a secret has 256 random bits, so a plain hash cannot be turned
// back into it).
type Token struct {
	// ID names the token publicly (in the audit trail, for revocation): "tok-"
	// and the first 12 hex digits of the hash.
	ID   string      `json:"id"`
	Name string      `json:"name"` // whom it was issued to
	Role layers.Role `json:"role"`
	// District, when set, scopes the token to one district code: features
	// with another district are invisible to it.
	District string    `json:"district,omitempty"`
	Hash     string    `json:"-"` // hex SHA-256 of the secret
	Created  time.Time `json:"created"`
	Revoked  time.Time `json:"revoked,omitzero"`
}

// Roles are the roles a token may have.
var Roles = []layers.Role{layers.RoleForest, layers.RoleFleet, layers.RoleMarket, layers.RoleCustody,
	layers.RoleCommand, layers.RoleAdmin}

// New makes a token for name with role and district scope (checked by the
// caller against the districts it knows), and returns it with its secret:
// shown once, never stored.
func New(name string, role layers.Role, district string, now time.Time) (Token, string, error) {
	if err := check(name, role, district); err != nil {
		return Token{}, "", err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return Token{}, "", fmt.Errorf("access: new token: %w", err)
	}
	secret := SecretPrefix + base64.RawURLEncoding.EncodeToString(b)
	h := Hash(secret)
	return Token{ID: "tok-" + h[:12], Name: name, Role: role, District: district, Hash: h, Created: now.UTC()}, secret, nil
}

func check(name string, role layers.Role, district string) error {
	if name == "" || len(name) > 128 || strings.ContainsAny(name, "\x00\r\n") {
		return fmt.Errorf("%w: name: 1 to 128 characters on one line", ErrInvalid)
	}
	ok := false
	for _, r := range Roles {
		ok = ok || r == role
	}
	if !ok {
		return fmt.Errorf("%w: role %q: one of forest, fleet, market, custody, command, admin", ErrInvalid, role)
	}
	if district != "" && (len(district) != 6 || strings.Trim(district, "0123456789") != "") {
		return fmt.Errorf("%w: district %q: a 6-digit district code", ErrInvalid, district)
	}
	return nil
}

// Hash returns the hex SHA-256 of a secret, the form the store keeps.
func Hash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// Valid reports whether the token may be used at now.
func (t Token) Valid() bool { return t.Revoked.IsZero() }
