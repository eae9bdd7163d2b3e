package gpkg

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"lookout/layers"
	"lookout/layers/access"
)

// The store keeps access.Store, the API tokens and the audit trail, in the
// file beside the features (migration 4 makes the tables):
//
//   - TokensTable holds one row per token: its ID, name, role, district
//     scope, the hex SHA-256 of its secret (never the secret), and when it
//     was created and revoked (NULL while it is valid).
//   - AuditTable holds one row per audit entry, appended in the order the
//     entries came; id is AUTOINCREMENT, so an entry's id is never reused,
//     even after old entries are deleted. Its indexes on (at), (token, at)
//     and (layer, at) serve AuditLog's time window, newest first, alone or
//     with a token or layer.
//
// Both are registered in gpkg_contents as attributes tables, like the
// journal, so an analyst sees who read what in QGIS. Times are TEXT in
// timeLayout, to the nanosecond, which sorts as the time does.

// TokensTable is the name of the API token table.
const TokensTable = "lookout_tokens"

// AuditTable is the name of the audit trail table.
const AuditTable = "lookout_audit"

var _ access.Store = (*Store)(nil)

// accessMigration is migration 4 (schema.go's migrations): the token and
// audit tables, their indexes, and their gpkg_contents rows. Like every
// migration, it must never be edited once shipped; a change is a new one.
const accessMigration = `CREATE TABLE IF NOT EXISTS ` + TokensTable + ` (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  district TEXT NOT NULL DEFAULT '',
  hash TEXT NOT NULL UNIQUE,
  created TEXT NOT NULL,
  revoked TEXT
);
CREATE TABLE IF NOT EXISTS ` + AuditTable + ` (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  token TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  layer TEXT NOT NULL DEFAULT '',
  feature_id TEXT NOT NULL DEFAULT '',
  count INTEGER NOT NULL DEFAULT 0,
  remote TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS ` + AuditTable + `_at ON ` + AuditTable + ` (at);
CREATE INDEX IF NOT EXISTS ` + AuditTable + `_token ON ` + AuditTable + ` (token, at);
CREATE INDEX IF NOT EXISTS ` + AuditTable + `_layer ON ` + AuditTable + ` (layer, at);
INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description)
  VALUES ('` + TokensTable + `', 'attributes', '` + TokensTable + `',
  'Lookout API tokens: name, role and district scope; hash is the SHA-256 of the secret, which is never stored; revoked is NULL while the token is valid');
INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description)
  VALUES ('` + AuditTable + `', 'attributes', '` + AuditTable + `',
  'Lookout audit trail: reads of custody data, incident actions and token management; token is the token''s ID, feature_id what was acted on');`

// The statements of the token and audit methods.
const (
	tokenUpsertSQL = `INSERT INTO ` + TokensTable + ` (id, name, role, district, hash, created, revoked)
	VALUES (?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, district = excluded.district,
	  hash = excluded.hash, created = excluded.created, revoked = excluded.revoked`
	tokensSQL      = `SELECT id, name, role, district, hash, created, revoked FROM ` + TokensTable + ` ORDER BY created, id`
	auditInsertSQL = `INSERT INTO ` + AuditTable + ` (at, token, name, role, action, layer, feature_id, count, remote, detail)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
)

// defaultAuditLimit is how many entries AuditLog returns when the query
// sets no limit.
const defaultAuditLimit = 100

// SaveToken creates or replaces a token, by ID, in a transaction of its
// own, durable when it returns. A token with the hash of another ID's is
// refused (the hash is UNIQUE).
//
// Like every write, it holds s.mu for the transaction: the file has one
// writing connection, which Commit (from the World's committer, at any
// time) and Prune hold under s.mu too, so the lock orders the writers and
// keeps Close from closing the database under one. A token write thus
// waits at most for one commit's transaction, and delays the next by its
// own (one small row and an fsync).
func (s *Store) SaveToken(ctx context.Context, t access.Token) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return s.errClosed("save token")
	}
	return s.inTx(ctx, "save token "+t.ID, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, tokenUpsertSQL, t.ID, t.Name, string(t.Role), t.District, t.Hash,
			formatTime(t.Created), nullTime(t.Revoked))
		return err
	})
}

// Tokens returns every token, revoked ones too, by creation time, then ID.
// It takes s.mu only to see that the store is open, and reads through the
// query-only readers, which WAL lets read while the writer commits, so a
// read never holds up a commit.
func (s *Store) Tokens(ctx context.Context) ([]access.Token, error) {
	if err := s.checkOpen("tokens"); err != nil {
		return nil, err
	}
	rows, err := s.rdb.QueryContext(ctx, tokensSQL)
	if err != nil {
		return nil, fmt.Errorf("gpkg: tokens: %w", err)
	}
	defer rows.Close()
	var out []access.Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("gpkg: tokens: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("gpkg: tokens: %w", err)
	}
	return out, nil
}

// scanToken reads one token row.
func scanToken(rows *sql.Rows) (access.Token, error) {
	var (
		t             access.Token
		role, created string
		revoked       sql.NullString
	)
	if err := rows.Scan(&t.ID, &t.Name, &role, &t.District, &t.Hash, &created, &revoked); err != nil {
		return t, err
	}
	t.Role = layers.Role(role)
	var err error
	if t.Created, err = parseTime(created); err != nil {
		return t, fmt.Errorf("%s: created: %w", t.ID, err)
	}
	if revoked.Valid {
		if t.Revoked, err = parseTime(revoked.String); err != nil {
			return t, fmt.Errorf("%s: revoked: %w", t.ID, err)
		}
	}
	return t, nil
}

// Audit appends entries to the audit trail in one transaction, durable
// when it returns (synchronous=FULL). It holds s.mu for the transaction,
// as SaveToken does and for the same reason: the writing connection is
// shared with the World's committer. Each call costs an fsync, so a
// caller should hand it the entries of many requests at once rather than
// one call per request.
func (s *Store) Audit(ctx context.Context, entries []access.Entry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return s.errClosed("audit")
	}
	if len(entries) == 0 {
		return nil
	}
	return s.inTx(ctx, fmt.Sprintf("audit %d entries", len(entries)), func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, auditInsertSQL)
		if err != nil {
			return err
		}
		defer st.Close()
		for i, e := range entries {
			if _, err := st.ExecContext(ctx, formatTime(e.At), e.Token, e.Name, string(e.Role), e.Action,
				e.Layer, e.ID, int64(e.Count), e.Remote, e.Detail); err != nil {
				return fmt.Errorf("entry %d (%s by %s): %w", i, e.Action, e.Token, err)
			}
		}
		return nil
	})
}

// AuditLog returns the entries q selects, newest first (entries at the same
// time: the last appended first), at most q.Limit of them (100 when it is
// 0 or less). From and To bound At inclusively, to the nanosecond; a zero
// one leaves its side open. Like Tokens, it reads through the readers, not
// holding s.mu.
func (s *Store) AuditLog(ctx context.Context, q access.Query) ([]access.Entry, error) {
	if err := s.checkOpen("audit log"); err != nil {
		return nil, err
	}
	query, args := auditLogQuery(q)
	rows, err := s.rdb.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("gpkg: audit log: %w", err)
	}
	defer rows.Close()
	var out []access.Entry
	for rows.Next() {
		var (
			e        access.Entry
			at, role string
			count    int64
		)
		if err := rows.Scan(&at, &e.Token, &e.Name, &role, &e.Action, &e.Layer, &e.ID, &count, &e.Remote, &e.Detail); err != nil {
			return nil, fmt.Errorf("gpkg: audit log: %w", err)
		}
		if e.At, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("gpkg: audit log: at: %w", err)
		}
		e.Role, e.Count = layers.Role(role), int(count)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("gpkg: audit log: %w", err)
	}
	return out, nil
}

// auditLogQuery is the SQL of AuditLog and its arguments. The text times
// compare as the times do; ORDER BY at, id matches the indexes, whose
// entries end with the rowid, so SQLite walks one of them backwards and
// stops at the limit.
func auditLogQuery(q access.Query) (string, []any) {
	var (
		where []string
		args  []any
	)
	add := func(cond string, arg any) {
		where = append(where, cond)
		args = append(args, arg)
	}
	if !q.From.IsZero() {
		add("at >= ?", formatTime(q.From))
	}
	if !q.To.IsZero() {
		add("at <= ?", formatTime(q.To))
	}
	if q.Token != "" {
		add("token = ?", q.Token)
	}
	if q.Layer != "" {
		add("layer = ?", q.Layer)
	}
	if q.Action != "" {
		add("action = ?", q.Action)
	}
	var b strings.Builder
	b.WriteString(`SELECT at, token, name, role, action, layer, feature_id, count, remote, detail FROM ` + AuditTable)
	if len(where) > 0 {
		b.WriteString(" WHERE " + strings.Join(where, " AND "))
	}
	b.WriteString(" ORDER BY at DESC, id DESC LIMIT ?")
	limit := q.Limit
	if limit <= 0 {
		limit = defaultAuditLimit
	}
	return b.String(), append(args, limit)
}

// nullTime is t for a nullable time column: NULL when t is zero.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return formatTime(t)
}
