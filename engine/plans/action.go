package plans

// Action is what the executor will do to one resource instance.
type Action int

const (
	// NoOp leaves the object as it is.
	NoOp Action = iota
	// Create makes a new object.
	Create
	// Read reads a data source during apply.
	Read
	// Update changes the object in place.
	Update
	// DeleteThenCreate replaces the object, deleting the old one first.
	DeleteThenCreate
	// CreateThenDelete replaces the object, creating the new one first
	// (lifecycle create_before_destroy).
	CreateThenDelete
	// Delete removes the object.
	Delete
	// Forget removes the object from state without destroying it (a
	// removed block with lifecycle { destroy = false }).
	Forget
)

var actionNames = [...]string{"no-op", "create", "read", "update", "delete-then-create", "create-then-delete", "delete", "forget"}

// String returns the action's name as in the JSON plan.
func (a Action) String() string {
	if int(a) < len(actionNames) {
		return actionNames[a]
	}
	return "invalid"
}

// ParseAction is the inverse of String.
func ParseAction(s string) (Action, bool) {
	for i, n := range actionNames {
		if n == s {
			return Action(i), true
		}
	}
	return NoOp, false
}

// IsReplace reports whether a is one of the two replace actions.
func (a Action) IsReplace() bool { return a == DeleteThenCreate || a == CreateThenDelete }

// Creates reports whether a makes a new object (create or replace).
func (a Action) Creates() bool { return a == Create || a.IsReplace() }

// Deletes reports whether a removes an object (delete or replace).
func (a Action) Deletes() bool { return a == Delete || a.IsReplace() }

// JSONActions returns the action as Terraform's JSON plan lists it.
func (a Action) JSONActions() []string {
	switch a {
	case NoOp:
		return []string{"no-op"}
	case Create:
		return []string{"create"}
	case Read:
		return []string{"read"}
	case Update:
		return []string{"update"}
	case DeleteThenCreate:
		return []string{"delete", "create"}
	case CreateThenDelete:
		return []string{"create", "delete"}
	case Delete:
		return []string{"delete"}
	case Forget:
		return []string{"forget"}
	}
	return nil
}
