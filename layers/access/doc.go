// Package access says who may see and do what: API tokens (long random
// secrets, kept only as hashes) with a role and an optional district
// scope, the Principal a request acts as, and the audit trail of reads of
// custody data and of every incident action.
//
// It is pure: the stores keep tokens and audit entries (Store), the server
// asks a Principal at every door — REST, tiles, catalogue and style,
// WebSocket — and records what the trail needs.
package access
