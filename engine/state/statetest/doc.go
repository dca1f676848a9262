// Package statetest is the conformance suite every state.Backend passes:
// reads and writes round-trip, writes are conditional (a stale writer, a
// foreign lineage and a lower serial are refused), exactly one of two
// clients gets the lock, a contended lock names its holder, leases expire
// and can be taken over unless renewed, and, for backends that keep them,
// earlier versions are retrievable.
//
// Backends call Run from their tests with a function that makes fresh
// storage and returns a factory of clients on it; each client stands for a
// separate process. The rules the suite checks are written down in
// docs/state.md.
//
// Checks that need more than a client factory are separate entry points,
// so that every backend runs the same code and passes in only what
// differs: RunTakeoverRace (two contenders for one expired lock),
// RunThroughFaults (a client on a faulty endpoint and its debug log),
// RunStateSurvivesRestart (a storage service stopped and started again)
// and the bad-input checks on a Storage (RunEveryCallIsNamed,
// RunReadIsNamed, RunInvalidDocumentIsRefusedAndKept,
// RunForeignLineageIsRefusedAndKept), RunJournal on a JournalStore (a
// journal kept as objects: appends replayed, folded by the whole write, a
// foreign write's journal set aside, stale and racing appends refused;
// faults injected by a FaultStore wrapping the journal's ObjectStore;
// RunJournalManyObjects: a journal of more objects than a LIST page),
// and RunWorkspaces on a state.Store
// (workspaces listed as Terraform lists them, separate states and locks,
// delete removes only that workspace, names validated). What cannot be reached through
// state.Backend (starting an emulator, a raw object, a log sink) comes in
// as a function. PassphraseCodec gives the backends' encrypted runs one
// codec (engine/encryption, pbkdf2 and AES-GCM).
//
// It imports only package state and the standard library's testing
// support: never a concrete backend, the engine, or a cloud SDK.
package statetest
