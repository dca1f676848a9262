package google

import (
	"errors"
	"net/http"

	"cloud.google.com/go/storage"
	"github.com/zclconf/go-cty/cty"
	"google.golang.org/api/googleapi"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/trueup/trueup/schema"
)

// isNotFound reports whether err says the object does not exist, in any
// of the forms the Storage (JSON API) and Pub/Sub (gRPC) clients use.
func isNotFound(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, storage.ErrBucketNotExist) || errors.Is(err, storage.ErrObjectNotExist) {
		return true
	}
	var ge *googleapi.Error
	if errors.As(err, &ge) && ge.Code == http.StatusNotFound {
		return true
	}
	if s, ok := status.FromError(err); ok && s.Code() == codes.NotFound {
		return true
	}
	return false
}

// apiMessage is the cloud's own words for err.
func apiMessage(err error) string {
	var ge *googleapi.Error
	if errors.As(err, &ge) && ge.Message != "" {
		return http.StatusText(ge.Code) + ": " + ge.Message
	}
	if s, ok := status.FromError(err); ok && s.Code() != codes.Unknown {
		return s.Code().String() + ": " + s.Message()
	}
	return err.Error()
}

// apiDiag turns a failed call into an error diagnostic about what (the
// object's name) naming the attribute at fault (path may be nil), with the
// cloud's message. It returns nil for a nil err.
func apiDiag(err error, path cty.Path, summary, what string) schema.Diagnostics {
	if err == nil {
		return nil
	}
	return schema.Errorf(path, summary, what+": "+apiMessage(err))
}

// attrPath is the path of a top-level attribute.
func attrPath(name string) cty.Path { return cty.GetAttrPath(name) }
