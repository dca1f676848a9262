package pg

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// undefinedTable is PostgreSQL's SQLSTATE for a missing table.
const undefinedTable = "42P01"

// uniqueViolation is PostgreSQL's SQLSTATE for a duplicate key.
const uniqueViolation = "23505"

// insufficientPrivilege is PostgreSQL's SQLSTATE for a permission denied.
const insufficientPrivilege = "42501"

// wrap names the store and what failed, and removes the connection's
// password from the error's text wherever a driver message repeated it.
func (s *Store) wrap(what string, err error) error {
	return &redactedError{msg: s.redact(fmt.Sprintf("%s: %s: %v", s, what, err)), err: err}
}

// redact replaces the configured password in msg.
func (s *Store) redact(msg string) string {
	if s.pool == nil {
		return msg
	}
	if pw := s.pool.Config().ConnConfig.Password; pw != "" {
		msg = strings.ReplaceAll(msg, pw, "xxxxx")
	}
	return msg
}

// redactedError is an error whose text has no secret; errors.Is and As
// still see the driver's error.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// isUndefinedTable reports whether err is PostgreSQL's "relation does not
// exist".
func isUndefinedTable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == undefinedTable
}
