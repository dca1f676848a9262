package sandbox

import (
	"bytes"
	"fmt"
	"net/http"
)

// recorder keeps a response that the emulator served, so that the fault
// can send part of it.
type recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func newRecorder() *recorder { return &recorder{header: http.Header{}, code: http.StatusOK} }

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(code int)        { r.code = code }

// dropConnection closes the client's connection: at once when rec is nil
// (the request was never served), else after the status line, the
// headers (announcing the whole body) and half the body of rec, or, when
// the body is too short to halve, in the middle of the headers.
func dropConnection(w http.ResponseWriter, rec *recorder, code int) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // HTTP/2: the server resets the stream
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	if rec == nil {
		return
	}
	fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\n", code, http.StatusText(code))
	body := rec.body.Bytes()
	if len(body) < 2 {
		fmt.Fprintf(buf, "Content-Type: application/x")
		_ = buf.Flush()
		return
	}
	rec.header.Set("Content-Length", fmt.Sprint(len(body)))
	_ = rec.header.Write(buf)
	_, _ = buf.WriteString("\r\n")
	_, _ = buf.Write(body[:len(body)/2])
	_ = buf.Flush()
}
