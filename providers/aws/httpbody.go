package aws

import (
	"bytes"
	"fmt"
	"io"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// maxBufferedBody is the largest request body that inMemoryBodies reads
// into memory before sending (an S3 object's content is in memory
// already: its configuration holds it).
const maxBufferedBody = 64 << 10

// inMemoryBodies is an S3 client's HTTP client that hands net/http small
// request bodies as a bytes.Reader. The SDK wraps every body in its own
// reader, and net/http flushes the headers of a request whose body it
// does not know to be in memory before the body: two socket writes, and
// two reads at the server, for each PutObject of a few bytes.
type inMemoryBodies struct{ s3.HTTPClient }

// Do sends req, with its body read into memory first when it is small.
func (c inMemoryBodies) Do(req *http.Request) (*http.Response, error) {
	if req.Body == nil || req.Body == http.NoBody || req.ContentLength <= 0 || req.ContentLength > maxBufferedBody {
		return c.HTTPClient.Do(req)
	}
	body := make([]byte, req.ContentLength)
	_, err := io.ReadFull(req.Body, body)
	req.Body.Close()
	if err != nil {
		// What net/http says of a body shorter than its ContentLength.
		return nil, fmt.Errorf("http: ContentLength=%d with Body length shorter: %v", req.ContentLength, err)
	}
	sent := *req
	sent.Body = io.NopCloser(bytes.NewReader(body))
	return c.HTTPClient.Do(&sent)
}
