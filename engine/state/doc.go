// Package state is trueup's record of the objects it manages: the state
// document (laid out like Terraform's version 4 state), its JSON encoding,
// the Backend interface that stores it under a lock, Codec (the byte
// boundary every backend encodes and decodes through, where encryption
// plugs in: docs/encryption.md), the local backend,
// and the lock helpers every backend and the engine share (PrepareLock,
// CheckSuccession, LockWithRetry, Heartbeat), the journal's codec for
// backends that keep one (EncodeJournalEntries), and the journal in an
// object store that the S3 and GCS backends share (StoreJournal over their
// ObjectStore adapters; JournalObjectName). The rules a backend follows
// are in docs/state.md; package statetest checks them.
//
// Each decoded record carries its typed address (engine/addrs): a
// Resource its Addr (module instance, mode, type, name), an Instance its
// Key, so that the planner, apply and the CLI use them without
// converting (docs/state-addresses.md).
//
// It is vocabulary and storage: beside engine/addrs (the address
// vocabulary beneath it) it imports neither the planner, the
// executor, the CLI nor any provider or cloud SDK. Attribute values are
// kept as the JSON the state file holds and decoded by the engine with the
// provider schema's type, so that reading a large state stays cheap.
package state
