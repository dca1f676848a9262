#!/usr/bin/env python3
"""Helpers for scripts/demo-artifacts.sh, standard library only.

  push REGISTRY REPO TAG TEXT   push a one-layer OCI image (a file holding TEXT)
  forge PORT                    a GitHub stand-in on 127.0.0.1:PORT serving the
                                endpoints the agent calls (pull requests, issue
                                comments, commit statuses); GET /state dumps them
"""
import gzip, hashlib, io, json, sys, tarfile, time, urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def push(registry, repo, tag, text):
    data = text.encode()
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tar:
        info = tarfile.TarInfo("app/version.txt")
        info.size, info.mtime = len(data), int(time.time())
        tar.addfile(info, io.BytesIO(data))
    layer = gzip.compress(raw.getvalue())
    config = json.dumps({"architecture": "amd64", "os": "linux",
                         "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                         "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(raw.getvalue()).hexdigest()]}}).encode()
    base = "http://%s/v2/%s" % (registry, repo)

    def blob(content):
        digest = "sha256:" + hashlib.sha256(content).hexdigest()
        req = urllib.request.Request(base + "/blobs/uploads/", method="POST", data=b"")
        loc = urllib.request.urlopen(req).headers["Location"]
        if loc.startswith("/"):
            loc = "http://" + registry + loc
        sep = "&" if "?" in loc else "?"
        req = urllib.request.Request(loc + sep + "digest=" + digest, method="PUT", data=content,
                                     headers={"Content-Type": "application/octet-stream"})
        urllib.request.urlopen(req)
        return {"digest": digest, "size": len(content)}

    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "config": dict(blob(config), mediaType="application/vnd.oci.image.config.v1+json"),
                           "layers": [dict(blob(layer), mediaType="application/vnd.oci.image.layer.v1.tar+gzip")]}).encode()
    req = urllib.request.Request(base + "/manifests/" + tag, method="PUT", data=manifest,
                                 headers={"Content-Type": "application/vnd.oci.image.manifest.v1+json"})
    urllib.request.urlopen(req)
    print("pushed %s/%s:%s sha256:%s" % (registry, repo, tag, hashlib.sha256(manifest).hexdigest()))


STATE = {"pulls": [], "comments": {}, "statuses": []}


class Forge(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, code, body):
        out = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(n) or b"{}")

    def parts(self):
        path, _, query = self.path.partition("?")
        q = dict(p.split("=", 1) for p in query.split("&") if "=" in p)
        return path.strip("/").split("/"), {k: urllib.request.unquote(v) for k, v in q.items()}

    def do_GET(self):
        p, q = self.parts()
        if p == ["state"]:
            return self.reply(200, STATE)
        if p[-1] == "pulls":
            head = q.get("head", "").split(":")[-1]
            return self.reply(200, [x for x in STATE["pulls"] if x["state"] == "open" and x["head"]["ref"] == head])
        if p[-1] == "comments":
            return self.reply(200, STATE["comments"].get(p[-2], []))
        self.reply(404, {"message": "Not Found"})

    def do_POST(self):
        p, _ = self.parts()
        b = self.body()
        if p[-1] == "pulls":
            pr = {"number": len(STATE["pulls"]) + 1, "title": b["title"], "body": b.get("body", ""), "state": "open",
                  "head": {"ref": b["head"]}, "base": {"ref": b["base"]}}
            STATE["pulls"].append(pr)
            return self.reply(201, pr)
        if p[-1] == "comments":
            c = {"id": 1000 + sum(len(v) for v in STATE["comments"].values()), "body": b["body"]}
            STATE["comments"].setdefault(p[-2], []).append(c)
            return self.reply(201, c)
        if p[-2] == "statuses":
            STATE["statuses"].append(dict(b, sha=p[-1]))
            return self.reply(201, b)
        self.reply(404, {"message": "Not Found"})

    def do_PATCH(self):
        p, _ = self.parts()
        b = self.body()
        if p[-2] == "pulls":
            for pr in STATE["pulls"]:
                if str(pr["number"]) == p[-1]:
                    pr.update({k: v for k, v in b.items() if k in ("title", "body", "state")})
                    return self.reply(200, pr)
        if p[-2] == "comments":
            for cs in STATE["comments"].values():
                for c in cs:
                    if str(c["id"]) == p[-1]:
                        c["body"] = b["body"]
                        return self.reply(200, c)
        self.reply(404, {"message": "Not Found"})


if __name__ == "__main__":
    if sys.argv[1] == "push":
        push(*sys.argv[2:6])
    elif sys.argv[1] == "forge":
        ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), Forge).serve_forever()
