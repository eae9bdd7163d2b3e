package access

import (
	"context"
	"time"

	"lookout/layers"
)

// Entry is one line of the audit trail: who did what, when, from where.
// Reads of custody data are recorded per request (the layer, the feature
// or the count returned), incident actions and token management per act.
type Entry struct {
	At     time.Time   `json:"at"`
	Token  string      `json:"token"` // the token's ID
	Name   string      `json:"name"`
	Role   layers.Role `json:"role"`
	Action string      `json:"action"` // "read", "tiles", "subscribe", "tracks", "incident.ack", "token.create", …
	Layer  string      `json:"layer,omitempty"`
	ID     string      `json:"id,omitempty"` // the feature, incident or token acted on
	Count  int         `json:"count,omitempty"`
	Remote string      `json:"remote"` // the client's address
	Detail string      `json:"detail,omitempty"`
}

// Query selects audit entries: newest first, at most Limit (0: 100).
type Query struct {
	From, To time.Time // zero: unbounded
	Token    string
	Layer    string
	Action   string
	Limit    int
}

// Store keeps tokens and the audit trail. Both stores implement it beside
// layers.Store; an audit write is durable when it returns.
type Store interface {
	// SaveToken creates or replaces a token, by ID.
	SaveToken(ctx context.Context, t Token) error
	// Tokens returns every token, revoked ones too.
	Tokens(ctx context.Context) ([]Token, error)
	// Audit appends entries.
	Audit(ctx context.Context, entries []Entry) error
	// AuditLog returns the entries q selects, newest first.
	AuditLog(ctx context.Context, q Query) ([]Entry, error)
}
