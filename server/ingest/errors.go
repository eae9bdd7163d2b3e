package ingest

import "errors"

// Errors of ingest. The server's error table maps each to one HTTP status;
// the MQTT subscriber counts and logs them, and acknowledges the message,
// since a bad message will not get better by being delivered again.
var (
	// ErrInvalid is a malformed item, fix or batch: 400.
	ErrInvalid = errors.New("ingest: invalid input")
	// ErrUnknownDevice is a position from a device that is no feature of a
	// layer that reports positions: 404.
	ErrUnknownDevice = errors.New("ingest: unknown device")
)

// FieldError names the member of an item (a JSON member, a query
// parameter, a topic level) that is wrong and why. It wraps Err, or
// ErrInvalid when Err is nil, so errors.Is finds the kind of failure.
type FieldError struct {
	Field  string
	Reason string
	Err    error
}

func (e *FieldError) Error() string {
	if e.Field == "" {
		return e.Reason
	}
	return e.Field + ": " + e.Reason
}

// Unwrap returns the kind of failure: Err, or ErrInvalid.
func (e *FieldError) Unwrap() error {
	if e.Err != nil {
		return e.Err
	}
	return ErrInvalid
}

// invalid returns a FieldError of kind ErrInvalid.
func invalid(field, reason string) error { return &FieldError{Field: field, Reason: reason} }
