package pg

// NoLandedLook makes b's appends that fail in a way that may have
// committed not look for their row, as when that look fails too: b is
// left unsure of them.
func NoLandedLook(b *Backend) { b.noLandedLook = true }
