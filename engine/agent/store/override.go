package store

import "time"

// MaxPolicyOverrides bounds the overrides a stack's status keeps: the
// newest are kept.
const MaxPolicyOverrides = 20

// PolicyOverride records that a policy owner approved the failing
// policies of one pull-request plan (`trueup approve_policies`), so that
// it may be applied.
type PolicyOverride struct {
	// Run is the plan run whose failures were approved.
	Run uint64 `json:"run"`
	PR  int    `json:"pr"`
	// By is the policy owner ("github:alice"), At when.
	By string    `json:"by"`
	At time.Time `json:"at"`
}

// AddPolicyOverride records o in the status, keeping the newest
// MaxPolicyOverrides.
func (st *StackStatus) AddPolicyOverride(o PolicyOverride) {
	st.PolicyOverrides = append(st.PolicyOverrides, o)
	if n := len(st.PolicyOverrides); n > MaxPolicyOverrides {
		st.PolicyOverrides = st.PolicyOverrides[n-MaxPolicyOverrides:]
	}
}

// PolicyOverride returns the override of plan run id, or nil.
func (st *StackStatus) PolicyOverride(run uint64) *PolicyOverride {
	for i := len(st.PolicyOverrides) - 1; i >= 0; i-- {
		if st.PolicyOverrides[i].Run == run {
			return &st.PolicyOverrides[i]
		}
	}
	return nil
}
