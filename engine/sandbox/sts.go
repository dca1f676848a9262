package sandbox

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// AccountID is the AWS account the sandbox's STS reports for any
// credentials (the account moto uses too).
const AccountID = "123456789012"

// stsNamespace is the XML namespace of STS answers.
const stsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/"

// maxQueryBody bounds the form body read from a query-protocol call.
const maxQueryBody = 64 << 10

// withSTS answers AWS query-protocol calls (a form POST to "/" with an
// Action, which S3 never sends) in front of the S3 emulator: STS
// GetCallerIdentity with the sandbox's identity, so that the aws provider
// and SDKs validate credentials against AWS_ENDPOINT_URL, and any other
// action with the query protocol's InvalidAction error rather than an S3
// answer the SDK cannot read. Like S3 here, it does not check signatures.
func withSTS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if r.Method != http.MethodPost || r.URL.Path != "/" || mt != "application/x-www-form-urlencoded" {
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, maxQueryBody))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		form, err := url.ParseQuery(string(body))
		if err != nil || form.Get("Action") == "" {
			r.Body = io.NopCloser(bytes.NewReader(body))
			next.ServeHTTP(w, r)
			return
		}
		serveQueryAction(w, form)
	})
}

// callerIdentity is GetCallerIdentity's answer.
type callerIdentity struct {
	XMLName xml.Name `xml:"GetCallerIdentityResponse"`
	Xmlns   string   `xml:"xmlns,attr"`
	Result  struct {
		Arn     string `xml:"Arn"`
		UserID  string `xml:"UserId"`
		Account string `xml:"Account"`
	} `xml:"GetCallerIdentityResult"`
	RequestID string `xml:"ResponseMetadata>RequestId"`
}

// queryError is the query protocol's error document.
type queryError struct {
	XMLName xml.Name `xml:"ErrorResponse"`
	Xmlns   string   `xml:"xmlns,attr"`
	Error   struct {
		Type    string `xml:"Type"`
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	} `xml:"Error"`
	RequestID string `xml:"RequestId"`
}

const sandboxRequestID = "00000000-0000-4000-8000-000000000000"

func serveQueryAction(w http.ResponseWriter, form url.Values) {
	action := form.Get("Action")
	if action == "AssumeRole" {
		serveAssumeRole(w, form)
		return
	}
	if action == "GetCallerIdentity" {
		var out callerIdentity
		out.Xmlns = stsNamespace
		out.Result.Arn = "arn:aws:iam::" + AccountID + ":user/" + AccessKeyID
		out.Result.UserID = "AIDASANDBOX0000000000"
		out.Result.Account = AccountID
		out.RequestID = sandboxRequestID
		writeXML(w, http.StatusOK, out)
		return
	}
	var e queryError
	e.Xmlns = stsNamespace
	e.Error.Type, e.Error.Code = "Sender", "InvalidAction"
	e.Error.Message = fmt.Sprintf("The sandbox serves S3 and STS GetCallerIdentity and AssumeRole; %s is not available.", action)
	e.RequestID = sandboxRequestID
	writeXML(w, http.StatusBadRequest, e)
}

func writeXML(w http.ResponseWriter, status int, v any) {
	b, err := xml.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	_, _ = w.Write(append([]byte(xml.Header), b...))
}

// assumedRole is AssumeRole's answer.
type assumedRole struct {
	XMLName xml.Name `xml:"AssumeRoleResponse"`
	Xmlns   string   `xml:"xmlns,attr"`
	Result  struct {
		Credentials struct {
			AccessKeyID     string `xml:"AccessKeyId"`
			SecretAccessKey string `xml:"SecretAccessKey"`
			SessionToken    string `xml:"SessionToken"`
			Expiration      string `xml:"Expiration"`
		} `xml:"Credentials"`
		AssumedRoleUser struct {
			Arn           string `xml:"Arn"`
			AssumedRoleID string `xml:"AssumedRoleId"`
		} `xml:"AssumedRoleUser"`
	} `xml:"AssumeRoleResult"`
	RequestID string `xml:"ResponseMetadata>RequestId"`
}

// serveAssumeRole answers STS AssumeRole with credentials for a role of
// the sandbox's account (arn:aws:iam::123456789012:role/NAME), valid for
// an hour, and with AccessDenied for any other role, as AWS answers a
// role the caller may not assume: clients can be tested both ways.
func serveAssumeRole(w http.ResponseWriter, form url.Values) {
	role, session := form.Get("RoleArn"), form.Get("RoleSessionName")
	name, ok := strings.CutPrefix(role, "arn:aws:iam::"+AccountID+":role/")
	if !ok || name == "" || session == "" {
		var e queryError
		e.Xmlns = stsNamespace
		e.Error.Type, e.Error.Code = "Sender", "AccessDenied"
		e.Error.Message = fmt.Sprintf("User: arn:aws:iam::%s:user/%s is not authorized to perform: sts:AssumeRole on resource: %s", AccountID, AccessKeyID, role)
		e.RequestID = sandboxRequestID
		writeXML(w, http.StatusForbidden, e)
		return
	}
	var out assumedRole
	out.Xmlns = stsNamespace
	c := &out.Result.Credentials
	c.AccessKeyID, c.SecretAccessKey, c.SessionToken = "ASIASANDBOXROLE00000", "sandbox-role-secret", "sandbox-session-token"
	c.Expiration = time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	out.Result.AssumedRoleUser.Arn = "arn:aws:sts::" + AccountID + ":assumed-role/" + name + "/" + session
	out.Result.AssumedRoleUser.AssumedRoleID = "AROASANDBOX000000000:" + session
	out.RequestID = sandboxRequestID
	writeXML(w, http.StatusOK, out)
}
