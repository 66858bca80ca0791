#!/usr/bin/env python3
"""Several instances behave as one hub: two `paperboy serve` processes on one database
behind nginx (deploy/nginx-paperboy.conf with its ports replaced).

    multi_instance.py BIN DB   # DB: a postgres:// URL (each run uses a schema of its own) or a SQLite path

Checks that API tokens and browser sessions work on both instances, that a vote and a new
paper written through one are read through the other within a second, that exactly one
instance harvests: killed mid-harvest (against a local OAI-PMH server), the other finishes
the run from the checkpoint, with no page fetched twice but the one in flight and no two
requests closer than the rate limit, that nginx keeps answering with one instance dead,
and that per-client limits see the client behind the proxy.
"""
import datetime
import http.client
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import threading
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

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


def failed_sign_ins(bases, source, times, login):
    """The statuses of `times` sign-ins with a wrong password from address `source`, made on
    each of `bases` in turn (each with its own login form, CSRF token and cookie)."""
    forms = []
    for base in bases:
        status, headers, page = request(base, "GET", "/login", source=source)
        cookie = "; ".join(v.split(";")[0] for k, v in headers if k.lower() == "set-cookie")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        forms.append((base, cookie, urllib.parse.urlencode({"csrf": csrf, "login": login, "password": "wrong password"})))
    codes = []
    for i in range(times):
        base, cookie, form = forms[i % len(forms)]
        codes.append(request(base, "POST", "/login", body=form, source=source,
                             headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})[0])
    return codes


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


PAGE = 25
INTERVAL = 1.0  # seconds between requests to arXiv (PAPERBOY_REQUEST_INTERVAL)


class OAIServer:
    """The bundled sample as OAI-PMH pages of PAGE records, served slowly enough to kill an
    instance mid-harvest; every request is recorded with its time."""

    def __init__(self, sample):
        with open(sample) as f:
            papers = [json.loads(line) for line in f]
        # New ids (0704.0001 → 2612.00001): papers the hub does not have yet.
        for paper in papers:
            paper["id"] = "2612." + paper["id"].split(".")[1].zfill(5)
        self.last_id = papers[-1]["id"]
        records = [self.record(paper) for paper in papers]
        self.count = len(records)
        self.pages = {}
        for offset in range(0, len(records), PAGE):
            body = "\n".join(records[offset:offset + PAGE])
            if offset + PAGE < len(records):
                body += f'<resumptionToken cursor="{offset}" completeListSize="{len(records)}">{offset + PAGE}|t</resumptionToken>'
            self.pages[offset] = ('<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
                                  "<responseDate>2026-12-02T00:00:00Z</responseDate><request verb=\"ListRecords\">http://test/oai</request>"
                                  f"<ListRecords>{body}</ListRecords></OAI-PMH>\n").encode()
        self.requests = []  # (monotonic time, offset)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
                offset = int(query["resumptionToken"][0].split("|")[0]) if "resumptionToken" in query else 0
                server.requests.append((time.monotonic(), offset))
                body = server.pages[offset]
                self.send_response(200)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.http.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.http.server_port}/oai"

    @staticmethod
    def record(o):
        days = [parsedate_to_datetime(v["created"]).strftime("%Y-%m-%d") for v in o.get("versions") or []]
        authors = "".join(f"<author><keyname>{escape(p[0])}</keyname><forenames>{escape(p[1])}</forenames></author>"
                          for p in o.get("authors_parsed") or [])
        return (f"<record><header><identifier>oai:arXiv.org:{o['id']}</identifier><datestamp>{o['update_date']}</datestamp></header>"
                f"<metadata><arXiv xmlns=\"http://arxiv.org/OAI/arXiv/\"><id>{o['id']}</id><created>{days[0]}</created>"
                f"<authors>{authors}</authors><title>{escape(o['title'])}</title><categories>{escape(o['categories'])}</categories>"
                f"<abstract>{escape(o['abstract'])}</abstract></arXiv></metadata></record>")


def lease_owner(db, name):
    """The holder of a job's lease, read from the database as an operator would."""
    if db.startswith("postgres"):
        url = urllib.parse.urlsplit(db)
        schema = urllib.parse.parse_qs(url.query)["schema"][0]
        conninfo = urllib.parse.urlunsplit((url.scheme, url.netloc, url.path, "", ""))
        out = subprocess.run(["psql", conninfo, "-At", "-c", f"SELECT owner FROM {schema}.jobLease WHERE name = '{name}'"],
                             capture_output=True, text=True, check=True)
        return out.stdout.strip() or None
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT owner FROM jobLease WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None


def next_harvest_minute():
    """HH:MM (UTC) of the next minute at least 15 s away: when both instances harvest."""
    at = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=75)
    return at.strftime("%H:%M")


def copied_elsewhere(bin_path, db, tmp, oai_last_id):
    """copy-db moves what the instances wrote (votes, sessions, harvested papers, leases,
    limits) to a SQLite file and, from PostgreSQL, on to a schema of its own: every count
    checked, the same papers and search answers, and a second run safe."""
    targets = [os.path.join(tmp, "copy.sqlite")]
    if db.startswith("postgres"):
        targets.append(re.sub(r"schema=multi_", "schema=multi_copy_", db))
    source = db
    for target in targets:
        for run in (1, 2):
            out = subprocess.run([bin_path, "copy-db", "--from", source, "--to", target], capture_output=True, text=True)
            summary = (out.stdout.splitlines() or [out.stderr.strip()])[0]
            check(out.returncode == 0 and "counts checked" in summary,
                  f"copy-db {'SQLite' if source.endswith('.sqlite') else 'PostgreSQL'} to "
                  f"{'SQLite' if target.endswith('.sqlite') else 'PostgreSQL'}, run {run}: {summary}")
        for args in (["stats", "--json"], ["show", "2612.99999", "--json"], ["show", oai_last_id, "--json"]):
            check(paperboy(bin_path, target, *args) == paperboy(bin_path, db, *args),
                  f"the copy answers 'paperboy {' '.join(args)}' as the original does")
        found = [hit["id"] for hit in json.loads(paperboy(bin_path, target, "search", "zyzzogeton", "--json"))]
        check(found == ["2612.99999"], f"the copy's full-text index finds the paper added last ({found})")
        source = target


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
        oai = OAIServer(os.path.join(ROOT, "sample/arxiv-0704-sample200.jsonl"))
        harvest_at = next_harvest_minute()
        env = dict(os.environ, PAPERBOY_DIGEST_POLL_SECONDS="0.5", PAPERBOY_LEASE_SECONDS="4", PAPERBOY_OAI_URL=oai.url,
                   PAPERBOY_HARVEST_AT=harvest_at, PAPERBOY_REQUEST_INTERVAL=str(INTERVAL), PAPERBOY_HARVEST_SETS="physics")
        for port in ports:
            procs.append(subprocess.Popen(
                [bin_path, "serve", "--db", db, "--port", str(port), "--model", os.path.join(tmp, "no-model"), "--harvest",
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

        # Limits are the hub's: failed sign-ins made alternately on A and B count together (5
        # are free), where counting per instance would let twice as many through.
        codes = failed_sign_ins(bases, "127.0.0.4", 8, "nobody-else")
        check(codes[:5] == [401] * 5 and 429 in codes, f"failed sign-ins on both instances count together ({codes})")

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

        statuses = [get(front, "/api/daily_papers?limit=5")[0] for _ in range(40)]
        check(statuses.count(200) == 40, "40 of 40 requests through nginx answered")

        # The day's harvest: one instance takes the lease and harvests; killed mid-run, the
        # other takes over once the lease runs out and finishes from the checkpoint.
        wait_for(lambda: len(oai.requests) >= 3, f"the harvest at {harvest_at} UTC to fetch 3 pages", seconds=120)
        owner = lease_owner(db, "harvest")
        check(owner is not None, f"one instance holds the harvest lease ({owner})")
        holder = next(p for p in procs[:2] if f"/{p.pid}/" in owner)
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        killed_after = len(oai.requests)
        check(True, f"killed the lease holder (pid {holder.pid}) after {killed_after} requests")
        statuses = [get(front, "/api/daily_papers?limit=5")[0] for _ in range(20)]
        check(statuses.count(200) == 20, "with the holder dead, nginx still answers 20 of 20 through the other")
        pages = len(oai.pages)
        wait_for(lambda: get(front, f"/api/papers/{oai.last_id}")[0] == 200, "the other instance to finish the harvest", seconds=60)
        offsets = [o for _, o in oai.requests]
        repeated = [o for o in set(offsets) if offsets.count(o) > 1]
        check(sorted(set(offsets)) == sorted(oai.pages) and len(repeated) <= 1,
              f"every page fetched, none twice but the one in flight at the kill ({len(offsets)} requests for {pages} pages; again: {repeated})")
        gaps = [b - a for (a, _), (b, _) in zip(oai.requests, oai.requests[1:])]
        check(min(gaps) >= INTERVAL * 0.95, f"no two requests closer than the rate limit (closest {min(gaps):.2f} s, limit {INTERVAL} s)")
        stats = json.loads(paperboy(bin_path, db, "stats", "--json"))
        check(stats["papers"] == 201 + oai.count,
              f"each harvested record stored once ({stats['papers']} papers: the sample, the extra one and {oai.count} harvested)")
        survivor = next(p for p in procs[:2] if p is not holder)
        check(survivor.poll() is None, "the other instance is still serving")

        # Per-client limits see the client's address behind nginx: a client that fails to sign
        # in again and again is slowed down; another client is not (sign-ins are also limited
        # per account, so it tries another).
        codes = failed_sign_ins([front], "127.0.0.2", 12, "nobody")
        check(codes[0] == 401 and 429 in codes, f"repeated failed sign-ins from one client are throttled ({codes})")
        codes = failed_sign_ins([front], "127.0.0.3", 1, "someone")
        check(codes == [401], f"another client behind the same proxy is not ({codes})")

        for p in procs:
            p.terminate()
            p.wait(10)
        copied_elsewhere(bin_path, db, tmp, oai.last_id)
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
