package layers

import (
	"errors"
	"fmt"
)

// Errors of the domain. The server maps each to one HTTP status.
var (
	ErrUnknownLayer = errors.New("layers: unknown layer")
	ErrNotFound     = errors.New("layers: feature not found")
	ErrInvalid      = errors.New("layers: invalid input")
	ErrConflict     = errors.New("layers: version conflict")
	ErrCommit       = errors.New("layers: commit failed")
	ErrClosed       = errors.New("layers: world closed")
)

// FieldError names the field of a change that is wrong and why. Field is a
// path such as "properties.speed" or "geometry.coordinates[0][3]".
type FieldError struct {
	Field  string
	Reason string
}

func (e *FieldError) Error() string { return fmt.Sprintf("%s: %s", e.Field, e.Reason) }

// Unwrap makes errors.Is(err, ErrInvalid) hold.
func (e *FieldError) Unwrap() error { return ErrInvalid }

func invalid(field, format string, args ...any) error {
	return &FieldError{Field: field, Reason: fmt.Sprintf(format, args...)}
}
