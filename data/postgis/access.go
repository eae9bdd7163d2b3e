package postgis

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"lookout/layers"
	"lookout/layers/access"
)

// The store keeps access.Store, the API tokens and the audit trail, in two
// tables of migration 0002_access.sql:
//
//   - tokensTable holds one row per token: its ID, name, role, district
//     scope, the hex SHA-256 of its secret (never the secret), and when it
//     was created and revoked (NULL while it is valid).
//   - auditTable holds one row per audit entry, with an identity id in the
//     order the entries were appended, and batch, the random ID of the
//     Audit call that wrote it, by which a retry recognises a transaction
//     that committed though its acknowledgement was lost. Its indexes on
//     (at), (token, at) and (layer, at), each ending with at_ns and id,
//     serve AuditLog's window, newest first, alone or with a token or a
//     layer.
//
// Times have the store's *_ns companions, so they round-trip exactly.
//
// Locking: SaveToken and Audit take neither commitMu nor mu for their
// work (snapshot read-locks mu only to see whether the store is closed):
// the pool gives each write a connection of its own, so token and audit
// writes run beside the World's commits, and PostgreSQL orders them. They
// share the outage with Commit, so that during an outage they wait, and
// give up, as commits do.

// Names of the access tables.
const (
	tokensTable = "lookout_tokens"
	auditTable  = "lookout_audit"
)

var _ access.Store = (*Store)(nil)

// defaultAuditLimit is how many entries AuditLog returns when the query
// sets no limit.
const defaultAuditLimit = 100

// The statements of the token and audit methods.
const (
	tokenUpsertSQL = `INSERT INTO ` + tokensTable + ` (id, name, role, district, hash, created, created_ns, revoked, revoked_ns)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
	ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, district = excluded.district,
	  hash = excluded.hash, created = excluded.created, created_ns = excluded.created_ns,
	  revoked = excluded.revoked, revoked_ns = excluded.revoked_ns`
	tokensSQL = `SELECT id, name, role, district, hash, created, created_ns, revoked, revoked_ns
	FROM ` + tokensTable + ` ORDER BY created, created_ns, id`
	// auditDoneSQL looks for an attempt's batch by the time of its first
	// entry, through the index on at.
	auditDoneSQL = `SELECT EXISTS (SELECT 1 FROM ` + auditTable + ` WHERE at = $1 AND batch = $2)`
)

// auditColumns are the columns of the audit COPY, in the order of its rows'
// values.
var auditColumns = []string{"at", "at_ns", "token", "name", "role", "action", "layer", "feature_id",
	"count", "remote", "detail", "batch"}

// SaveToken creates or replaces a token, by ID, in one statement,
// committed when it returns. A token with the hash of another ID's is
// refused (the hash is UNIQUE). A lost connection is retried as Commit's
// is, up to the write timeout counted from the start of the outage; the
// upsert is idempotent, so an attempt that went through unacknowledged
// does no harm when made again.
func (s *Store) SaveToken(ctx context.Context, t access.Token) error {
	op := "save token " + t.ID
	if _, err := s.snapshot(); err != nil {
		return s.fail(op, err)
	}
	created, createdNS := splitTime(t.Created)
	var (
		revoked   pgtype.Timestamptz
		revokedNS int16
	)
	if !t.Revoked.IsZero() {
		revoked.Time, revokedNS = splitTime(t.Revoked)
		revoked.Valid = true
	}
	return s.retry(ctx, op, func(ctx context.Context) error {
		_, err := s.pool.Exec(ctx, tokenUpsertSQL, t.ID, t.Name, string(t.Role), t.District, t.Hash,
			created, createdNS, revoked, revokedNS)
		return err
	})
}

// Tokens returns every token, revoked ones too, by creation time, then ID.
// Like History, it makes a single attempt.
func (s *Store) Tokens(ctx context.Context) ([]access.Token, error) {
	if _, err := s.snapshot(); err != nil {
		return nil, s.fail("tokens", err)
	}
	rows, err := s.pool.Query(ctx, tokensSQL)
	if err != nil {
		return nil, s.fail("tokens", err)
	}
	var (
		out                  []access.Token
		t                    access.Token
		role                 string
		created              time.Time
		revoked              pgtype.Timestamptz
		createdNS, revokedNS int16
	)
	_, err = pgx.ForEachRow(rows, []any{&t.ID, &t.Name, &role, &t.District, &t.Hash, &created, &createdNS, &revoked, &revokedNS},
		func() error {
			t.Role, t.Created, t.Revoked = layers.Role(role), joinTime(created, createdNS), time.Time{}
			if revoked.Valid {
				t.Revoked = joinTime(revoked.Time, revokedNS)
			}
			out = append(out, t)
			return nil
		})
	if err != nil {
		return nil, s.fail("tokens", err)
	}
	return out, nil
}

// auditBatch is what one Audit call writes, encoded once so that retries
// only send it again.
type auditBatch struct {
	id    [16]byte  // the batch column of every row: a random UUID
	first time.Time // the at column of the first row
	rows  [][]any   // COPY rows, in auditColumns order
}

// newAuditBatch encodes entries under a new random batch ID.
func newAuditBatch(entries []access.Entry) *auditBatch {
	b := &auditBatch{rows: make([][]any, len(entries))}
	rand.Read(b.id[:])            // never fails (crypto/rand)
	b.id[6] = b.id[6]&0x0f | 0x40 // version 4
	b.id[8] = b.id[8]&0x3f | 0x80 // RFC 9562 variant
	batch := pgtype.UUID{Bytes: b.id, Valid: true}
	for i, e := range entries {
		at, ns := splitTime(e.At)
		if i == 0 {
			b.first = at
		}
		b.rows[i] = []any{at, ns, e.Token, e.Name, string(e.Role), e.Action, e.Layer, e.ID,
			int64(e.Count), e.Remote, e.Detail, batch}
	}
	return b
}

// Audit appends entries to the audit trail in one transaction, committed
// when it returns. A lost connection is retried as Commit's is, up to the
// write timeout counted from the start of the outage; every attempt after
// a failed one first looks for the batch's rows, so that a transaction
// that committed though its acknowledgement was lost is not written twice.
func (s *Store) Audit(ctx context.Context, entries []access.Entry) error {
	if _, err := s.snapshot(); err != nil || len(entries) == 0 {
		return s.failIf("audit", err)
	}
	b := newAuditBatch(entries)
	failed := false
	return s.retry(ctx, fmt.Sprintf("audit %d entries", len(entries)), func(ctx context.Context) error {
		err := s.auditOnce(ctx, b, failed)
		if errors.Is(err, errAlreadyCommitted) {
			s.log.Info("postgis: an audit write whose acknowledgement was lost had gone through", "db", s.name)
			return nil
		}
		failed = err != nil
		return err
	})
}

// auditOnce makes one attempt at appending b in a transaction; when unsure
// (an earlier attempt failed), it first looks whether b is there already,
// and if so returns errAlreadyCommitted.
func (s *Store) auditOnce(ctx context.Context, b *auditBatch, unsure bool) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if unsure {
			var done bool
			if err := tx.QueryRow(ctx, auditDoneSQL, b.first, pgtype.UUID{Bytes: b.id, Valid: true}).Scan(&done); err != nil {
				return err
			}
			if done {
				return errAlreadyCommitted
			}
		}
		_, err := tx.CopyFrom(ctx, pgx.Identifier{auditTable}, auditColumns, pgx.CopyFromRows(b.rows))
		return err
	})
}

// AuditLog returns the entries q selects, newest first (entries at the same
// time: the last appended first), at most q.Limit of them (100 when it is
// 0 or less). From and To bound At inclusively, to the nanosecond; a zero
// one leaves its side open. Like History, it makes a single attempt.
func (s *Store) AuditLog(ctx context.Context, q access.Query) ([]access.Entry, error) {
	if _, err := s.snapshot(); err != nil {
		return nil, s.fail("audit log", err)
	}
	query, args := auditLogQuery(q)
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, s.fail("audit log", err)
	}
	var (
		out   []access.Entry
		e     access.Entry
		at    time.Time
		ns    int16
		role  string
		count int64
	)
	_, err = pgx.ForEachRow(rows, []any{&at, &ns, &e.Token, &e.Name, &role, &e.Action, &e.Layer, &e.ID, &count, &e.Remote, &e.Detail},
		func() error {
			e.At, e.Role, e.Count = joinTime(at, ns), layers.Role(role), int(count)
			out = append(out, e)
			return nil
		})
	if err != nil {
		return nil, s.fail("audit log", err)
	}
	return out, nil
}

// auditLogQuery is the SQL of AuditLog and its arguments. A bound of the
// window matches the microseconds (at, which the indexes serve) and then
// the exact (at, at_ns) pair, as the track queries do.
func auditLogQuery(q access.Query) (string, []any) {
	var (
		where []string
		args  []any
	)
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if !q.From.IsZero() {
		t, ns := splitTime(q.From)
		p := arg(t)
		where = append(where, fmt.Sprintf("at >= %s AND (at, at_ns) >= (%s, %s)", p, p, arg(ns)))
	}
	if !q.To.IsZero() {
		t, ns := splitTime(q.To)
		p := arg(t)
		where = append(where, fmt.Sprintf("at <= %s AND (at, at_ns) <= (%s, %s)", p, p, arg(ns)))
	}
	for _, f := range []struct{ col, v string }{{"token", q.Token}, {"layer", q.Layer}, {"action", q.Action}} {
		if f.v != "" {
			where = append(where, f.col+" = "+arg(f.v))
		}
	}
	var b strings.Builder
	b.WriteString(`SELECT at, at_ns, token, name, role, action, layer, feature_id, count, remote, detail FROM ` + auditTable)
	if len(where) > 0 {
		b.WriteString(" WHERE " + strings.Join(where, " AND "))
	}
	limit := q.Limit
	if limit <= 0 {
		limit = defaultAuditLimit
	}
	b.WriteString(" ORDER BY at DESC, at_ns DESC, id DESC LIMIT " + arg(int64(limit)))
	return b.String(), args
}
