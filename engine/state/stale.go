package state

import "fmt"

// StaleError is a refused write. errors.Is(err, ErrStale) holds for it.
type StaleError struct {
	// Backend names where the state is stored (Backend.String()).
	Backend string
	// Reason says why, naming lineages and serials.
	Reason string
}

// Error returns "BACKEND: refusing to write state: REASON".
func (e *StaleError) Error() string {
	return e.Backend + ": refusing to write state: " + e.Reason
}

// Is reports whether target is ErrStale.
func (e *StaleError) Is(target error) bool { return target == ErrStale }

// CheckSuccessionOver is CheckSuccession knowing whether the stored
// state is empty (no resources, no outputs): an empty stored state, such
// as the one `workspace new` leaves in S3 or GCS, may be replaced by a
// state of any lineage, as Terraform's CheckValidImport allows when state
// is migrated or pushed into a new workspace. Every backend applies it
// before its conditional write.
func CheckSuccessionOver(backend, storedLineage string, storedSerial uint64, storedEmpty bool, s *State) error {
	if storedEmpty && s.Lineage != storedLineage {
		return nil
	}
	return CheckSuccession(backend, storedLineage, storedSerial, s)
}

// CheckSuccession returns a *StaleError when s may not replace the stored
// state with storedLineage and storedSerial: another lineage, or a lower
// serial. The same serial is allowed (a write of unchanged content). Every
// backend applies it before its conditional write.
func CheckSuccession(backend, storedLineage string, storedSerial uint64, s *State) error {
	if s.Lineage != storedLineage {
		return &StaleError{Backend: backend, Reason: fmt.Sprintf(
			"the stored state has lineage %s, this state has lineage %s: they are different states (use state push -force to replace it)",
			storedLineage, s.Lineage)}
	}
	if s.Serial < storedSerial {
		return &StaleError{Backend: backend, Reason: fmt.Sprintf(
			"this state has serial %d, lower than the stored serial %d (lineage %s): it is older than what is stored",
			s.Serial, storedSerial, s.Lineage)}
	}
	return nil
}
