package browsertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestBrowserReadsAndClicksARealPage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		if r.URL.Path == "/next" {
			fmt.Fprint(w, `<html><head><title>Next</title></head><body><p id="msg">clicked</p></body></html>`)
			return
		}
		fmt.Fprint(w, `<html><head><title>Home</title></head><body>
<ul><li class="item">one</li><li class="item">two</li></ul><a id="go" href="/next">go</a></body></html>`)
	}))
	defer srv.Close()

	b := Start(t)
	b.Open(srv.URL)
	if got := b.Title(); got != "Home" {
		t.Fatalf("title = %q", got)
	}
	var texts []string
	for _, e := range b.FindAll("li.item") {
		texts = append(texts, e.Text())
	}
	if strings.Join(texts, ",") != "one,two" {
		t.Fatalf("items = %v", texts)
	}
	b.Find("#go").Click()
	if got := b.Find("#msg").Text(); got != "clicked" {
		t.Fatalf("after the click the page says %q", got)
	}
}
