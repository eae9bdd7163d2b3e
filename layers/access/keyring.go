package access

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"lookout/layers"
)

// Keyring holds the tokens in memory, by hash, so that authenticating a
// request is a map lookup; creating and revoking write through to the
// store first, so a token the keyring knows is a token the store keeps.
// Tokens made or revoked by another process (`lookout token`, another
// instance on the same PostGIS) are read back at most every Reload: on a
// miss, and on the next lookup after Reload has passed.
//
// Locking: mu guards the maps; store writes and reads happen outside it,
// and a change is applied to the maps only once the store has it. loaded
// (Unix nanoseconds of the last read) is atomic, so that the check every
// request makes takes no lock: one caller claims a due reload with a
// compare-and-swap, the others go on with the tokens they have.
type Keyring struct {
	store Store

	mu     sync.RWMutex
	byHash map[string]Token
	byID   map[string]Token
	loaded atomic.Int64
}

// Reload is how stale the keyring may get: a token revoked by another
// process stops working within it.
const Reload = 10 * time.Second

// NewKeyring loads every token of store.
func NewKeyring(ctx context.Context, store Store) (*Keyring, error) {
	ts, err := store.Tokens(ctx)
	if err != nil {
		return nil, fmt.Errorf("access: load tokens: %w", err)
	}
	k := &Keyring{store: store}
	k.replace(ts, time.Now())
	return k, nil
}

// replace swaps in the tokens read from the store at now.
func (k *Keyring) replace(ts []Token, now time.Time) {
	byHash, byID := make(map[string]Token, len(ts)), make(map[string]Token, len(ts))
	for _, t := range ts {
		byHash[t.Hash], byID[t.ID] = t, t
	}
	k.mu.Lock()
	k.byHash, k.byID = byHash, byID
	k.mu.Unlock()
	k.loaded.Store(now.UnixNano())
}

// refresh reads the tokens again when the last read is older than Reload.
// A failed read keeps the tokens it has.
func (k *Keyring) refresh(now time.Time) {
	last := k.loaded.Load()
	if now.UnixNano()-last < int64(Reload) || !k.loaded.CompareAndSwap(last, now.UnixNano()) {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if ts, err := k.store.Tokens(ctx); err == nil {
		k.replace(ts, now)
	}
}

// Authenticate returns the principal of a secret, or ErrUnauthenticated
// for an unknown or revoked one (the same error: a caller cannot tell
// which).
func (k *Keyring) Authenticate(secret string) (Principal, error) {
	if !strings.HasPrefix(secret, SecretPrefix) {
		return Principal{}, ErrUnauthenticated
	}
	k.refresh(time.Now())
	h := Hash(secret)
	k.mu.RLock()
	t, ok := k.byHash[h]
	k.mu.RUnlock()
	if !ok || !t.Valid() {
		return Principal{}, ErrUnauthenticated
	}
	return Of(t), nil
}

// Create makes, stores and returns a new token and its secret.
func (k *Keyring) Create(ctx context.Context, name string, role layers.Role, district string, now time.Time) (Token, string, error) {
	t, secret, err := New(name, role, district, now)
	if err != nil {
		return Token{}, "", err
	}
	if err := k.store.SaveToken(ctx, t); err != nil {
		return Token{}, "", fmt.Errorf("access: save token: %w", err)
	}
	k.mu.Lock()
	k.byHash[t.Hash], k.byID[t.ID] = t, t
	k.mu.Unlock()
	return t, secret, nil
}

// Revoke revokes a token by ID; revoking twice keeps the first time.
func (k *Keyring) Revoke(ctx context.Context, id string, now time.Time) (Token, error) {
	k.mu.RLock()
	t, ok := k.byID[id]
	k.mu.RUnlock()
	if !ok {
		return Token{}, fmt.Errorf("%w: no token %q", layers.ErrNotFound, id)
	}
	if !t.Valid() {
		return t, nil
	}
	t.Revoked = now.UTC()
	if err := k.store.SaveToken(ctx, t); err != nil {
		return Token{}, fmt.Errorf("access: revoke token: %w", err)
	}
	k.mu.Lock()
	k.byHash[t.Hash], k.byID[t.ID] = t, t
	k.mu.Unlock()
	return t, nil
}

// List returns every token, oldest first.
func (k *Keyring) List() []Token {
	k.mu.RLock()
	out := make([]Token, 0, len(k.byID))
	for _, t := range k.byID {
		out = append(out, t)
	}
	k.mu.RUnlock()
	slices.SortFunc(out, func(a, b Token) int { return a.Created.Compare(b.Created) })
	return out
}
