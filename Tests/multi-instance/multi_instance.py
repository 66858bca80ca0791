#!/usr/bin/env python3
"""Several instances behave as one hub: two `paperboy serve` processes on one database
behind nginx (deploy/nginx-paperboy.conf with its ports replaced).

    multi_instance.py BIN DB   # DB: a postgres:// URL (each run uses a schema of its own) or a SQLite path

Checks that API tokens and browser sessions work on both instances, that a vote and a new
paper written through one are read through the other within a second, that exactly one
instance holds each background job's lease, that nginx spreads requests and survives one
instance going away, and that per-client limits see the client behind the proxy.
"""
import http.client
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
checks = 0


def check(condition, what):
    global checks
    if not condition:
        raise SystemExit(f"FAIL: {what}")
    checks += 1
    print(f"ok: {what}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, what, seconds=30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise SystemExit(f"FAIL: timed out waiting for {what}")


def get(base, path, headers=None, source=None):
    """(status, body) of a GET; `source` binds the client to another loopback address."""
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10,
                                      source_address=(source, 0) if source else None)
    try:
        conn.request("GET", path, headers=headers or {})
        r = conn.getresponse()
        return r.status, r.read().decode("utf-8", "replace")
    finally:
        conn.close()


def request(base, method, path, body=None, headers=None, source=None):
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10,
                                      source_address=(source, 0) if source else None)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, r.getheaders(), r.read().decode("utf-8", "replace")
    finally:
        conn.close()


def healthy(base):
    try:
        return get(base, "/healthz")[0] == 200
    except OSError:
        return False


def paperboy(bin_path, db, *args, stdin=None):
    out = subprocess.run([bin_path, *args, "--db", db], input=stdin, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"FAIL: paperboy {' '.join(args)}: {out.stderr.strip()}")
    return out.stdout


def sign_in(base, username, password):
    """The session cookie from signing in through the form (CSRF token and cookie included)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login").read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrf": csrf, "login": username, "password": password}).encode()
    opener.open(urllib.request.Request(base + "/login", data=form))
    return "; ".join(f"{c.name}={c.value}" for c in jar if c.name == "pb_session")


def main():
    bin_path, db = sys.argv[1], sys.argv[2]
    if db.startswith("postgres"):
        db += ("&" if "?" in db else "?") + "schema=multi_" + uuid.uuid4().hex[:12]
    tmp = tempfile.mkdtemp(prefix="paperboy-multi-")
    procs = []
    try:
        paperboy(bin_path, db, "import", os.path.join(ROOT, "sample/arxiv-0704-sample200.jsonl"))
        paperboy(bin_path, db, "user", "add", "ada", "--email", "ada@example.org", "--password-stdin",
                 stdin="correct horse battery staple\n")
        token = paperboy(bin_path, db, "token", "create", "ada").strip().splitlines()[-1]

        ports = [free_port(), free_port()]
        bases = [f"http://127.0.0.1:{p}" for p in ports]
        front_port = free_port()
        front = f"http://127.0.0.1:{front_port}"
        env = dict(os.environ, PAPERBOY_DIGEST_POLL_SECONDS="0.5")
        for port in ports:
            procs.append(subprocess.Popen(
                [bin_path, "serve", "--db", db, "--port", str(port), "--model", os.path.join(tmp, "no-model"),
                 "--public-url", front, "--trusted-proxies", "127.0.0.1", "--log-level", "warning"], env=env))
        for base in bases:
            wait_for(lambda: healthy(base), f"{base} to answer /healthz")

        with open(os.path.join(ROOT, "deploy/nginx-paperboy.conf")) as f:
            site = (f.read().replace("127.0.0.1:8081", f"127.0.0.1:{ports[0]}")
                    .replace("127.0.0.1:8082", f"127.0.0.1:{ports[1]}").replace("127.0.0.1:8080", f"127.0.0.1:{front_port}"))
        conf = os.path.join(tmp, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"daemon off;\npid {tmp}/nginx.pid;\nerror_log {tmp}/nginx-error.log;\nevents {{}}\n"
                    f"http {{\naccess_log {tmp}/nginx-access.log;\nclient_body_temp_path {tmp};\nproxy_temp_path {tmp};\n{site}\n}}\n")
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        procs.append(subprocess.Popen([nginx, "-e", f"{tmp}/nginx-error.log", "-p", tmp, "-c", conf]))
        wait_for(lambda: healthy(front), "nginx to answer /healthz")
        check(True, "two instances and nginx are up on one database")

        # API tokens: made by the CLI, accepted by both instances.
        auth = {"Authorization": f"Bearer {token}"}
        for base in bases:
            status, body = get(base, "/api/whoami", auth)
            check(status == 200 and json.loads(body)["user"]["name"] == "ada",
                  f"the API token works on {base}")

        # A browser session made on one instance is valid on the other.
        cookie = sign_in(bases[0], "ada", "correct horse battery staple")
        check(cookie.startswith("pb_session="), "signing in through instance A sets a session cookie")
        status, body = get(bases[1], "/settings", {"Cookie": cookie})
        check(status == 200 and "ada@example.org" in body, "instance B knows the session made on A")

        # A vote through A is read through B within a second.
        status, body = get(bases[0], "/api/daily_papers?limit=1")
        paper = json.loads(body)[0]["paper"]["id"]
        before = json.loads(get(bases[1], f"/api/papers/{paper}")[1])["upvotes"]
        status, _, _ = request(bases[0], "POST", f"/api/papers/{paper}/upvote", headers=auth)
        check(status == 200, "voting through A")
        started = time.monotonic()
        wait_for(lambda: json.loads(get(bases[1], f"/api/papers/{paper}")[1])["upvotes"] == before + 1,
                 "B to show the vote", seconds=1.0)
        check(True, f"B shows the vote cast on A after {time.monotonic() - started:.2f} s")

        # A paper written by another process is found by both instances' searches within a second.
        record = {"id": "2612.99999", "title": "Zyzzogeton lattices for multi-instance search",
                  "abstract": "A paper that exists only to be found.", "authors": "Ada Lovelace", "categories": "cs.DB",
                  "update_date": "2026-12-02", "versions": [{"version": "v1", "created": "Wed, 2 Dec 2026 10:00:00 GMT"}]}
        extra = os.path.join(tmp, "extra.jsonl")
        with open(extra, "w") as f:
            f.write(json.dumps(record) + "\n")
        paperboy(bin_path, db, "import", extra)
        started = time.monotonic()
        for base in bases:
            wait_for(lambda: "2612.99999" in get(base, "/api/papers/search?q=zyzzogeton")[1], f"{base} to find the new paper",
                     seconds=1.0)
        check(True, f"both instances find the new paper after {time.monotonic() - started:.2f} s")

        # nginx spreads requests over both and keeps answering when one goes away.
        statuses = [get(front, "/api/daily_papers?limit=5")[0] for _ in range(40)]
        check(statuses.count(200) == 40, "40 of 40 requests through nginx answered")
        procs[0].terminate()
        procs[0].wait(20)
        statuses = [get(front, "/api/daily_papers?limit=5")[0] for _ in range(20)]
        check(statuses.count(200) == 20, "with instance A stopped, nginx still answers 20 of 20 through B")

        # Per-client limits see the client's address behind nginx: a client that fails to sign
        # in again and again is slowed down; another client is not (sign-ins are also limited
        # per account, so it tries another).
        def failed_sign_ins(source, times, login):
            status, headers, page = request(front, "GET", "/login", source=source)
            cookie = "; ".join(v.split(";")[0] for k, v in headers if k.lower() == "set-cookie")
            csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
            form = urllib.parse.urlencode({"csrf": csrf, "login": login, "password": "wrong password"})
            return [request(front, "POST", "/login", body=form, source=source,
                            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})[0]
                    for _ in range(times)]
        codes = failed_sign_ins("127.0.0.2", 12, "nobody")
        check(codes[0] == 401 and 429 in codes, f"repeated failed sign-ins from one client are throttled ({codes})")
        codes = failed_sign_ins("127.0.0.3", 1, "someone")
        check(codes == [401], f"another client behind the same proxy is not ({codes})")
        print(f"{checks} passed, 0 failed")
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
