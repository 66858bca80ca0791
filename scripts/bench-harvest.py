#!/usr/bin/env python3
"""OAI-PMH harvest speed against a local fixture server, limiter at 0.

Serves the first N records of shared/data/arxiv-metadata/arxiv-cs-2025-2026_kaggle-format.jsonl.gz
as OAI-PMH ListRecords pages (arXiv metadata format, 1000 records a page like arXiv, resumption
tokens), then measures:
  baseline  Python fetching every page and parsing it with xml.etree (records/s, no store)
  harvest   `paperboy harvest oai --interval 0` into a fresh SQLite file (end to end)
and prints the ratio. Usage: scripts/bench-harvest.py [PAPERBOY_BINARY] [N]
"""
import gzip, json, os, re, subprocess, sys, tempfile, threading, time, urllib.parse, urllib.request
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
shared = os.environ.get("PAPERBOY_SHARED", os.path.join(root, "..", "shared"))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build/release/paperboy")
limit = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
PAGE = 1000

def record(o):
    days = [parsedate_to_datetime(v["created"]).strftime("%Y-%m-%d") for v in o.get("versions") or []]
    stamp = o.get("update_date") or days[-1]
    authors = "".join(
        "<author><keyname>%s</keyname>%s</author>" % (escape(p[0]), "<forenames>%s</forenames>" % escape(p[1]) if len(p) > 1 and p[1] else "")
        for p in o.get("authors_parsed") or [])
    opt = lambda tag, key: "<%s>%s</%s>" % (tag, escape(o[key]), tag) if o.get(key) else ""
    meta = ("<arXiv xmlns=\"http://arxiv.org/OAI/arXiv/\"><id>%s</id><created>%s</created>" % (o["id"], days[0] if days else stamp)
            + ("<updated>%s</updated>" % days[-1] if len(days) > 1 else "")
            + "<authors>%s</authors>" % authors + opt("title", "title") + opt("categories", "categories")
            + opt("comments", "comments") + opt("journal-ref", "journal-ref") + opt("doi", "doi")
            + opt("license", "license") + opt("abstract", "abstract") + "</arXiv>")
    return ("<record><header><identifier>oai:arXiv.org:%s</identifier><datestamp>%s</datestamp><setSpec>cs</setSpec></header>"
            "<metadata>%s</metadata></record>" % (o["id"], stamp, meta))

records = []
with gzip.open(os.path.join(shared, "data/arxiv-metadata/arxiv-cs-2025-2026_kaggle-format.jsonl.gz")) as fh:
    for line in fh:
        records.append(record(json.loads(line)))
        if len(records) == limit:
            break

def page(offset):
    body = "\n".join(records[offset:offset + PAGE])
    if offset + PAGE < len(records):
        body += '<resumptionToken cursor="%d" completeListSize="%d">%d|x</resumptionToken>' % (offset, len(records), offset + PAGE)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
            "<responseDate>2026-11-23T00:00:00Z</responseDate><request verb=\"ListRecords\">http://bench/oai</request>"
            "<ListRecords>%s</ListRecords></OAI-PMH>\n" % body).encode()

pages = {o: page(o) for o in range(0, len(records), PAGE)}

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        q = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
        offset = int(q["resumptionToken"][0].split("|")[0]) if "resumptionToken" in q else 0
        body = pages[offset]
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
base = "http://127.0.0.1:%d/oai" % server.server_port

t = time.perf_counter(); n = 0; url = base + "?verb=ListRecords&metadataPrefix=arXiv&from=2000-01-01"
ns = "{http://www.openarchives.org/OAI/2.0/}"
while url:
    doc = ET.fromstring(urllib.request.urlopen(url).read())
    n += len(doc.findall(".//%srecord" % ns))
    tok = doc.find(".//%sresumptionToken" % ns)
    url = base + "?verb=ListRecords&resumptionToken=" + urllib.parse.quote(tok.text, safe="") if tok is not None and tok.text else None
baseline = n / (time.perf_counter() - t)

with tempfile.TemporaryDirectory() as tmp:
    t = time.perf_counter()
    out = subprocess.run([binary, "harvest", "oai", "--from", "2000-01-01", "--interval", "0", "--base-url", base,
                          "--db", os.path.join(tmp, "bench.sqlite")], capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if out.returncode != 0:
        sys.exit("paperboy failed: " + out.stderr.strip().splitlines()[-1])
    summary = out.stdout.strip().splitlines()[-1]
    m = re.search(r"Harvested \S+: (\d+) pages?, ([\d,]+) new", summary)
    harvested = int(m.group(2).replace(",", ""))
server.shutdown()
print("records: %d in %d pages of %d" % (len(records), len(pages), PAGE))
print("baseline (Python fetch + ElementTree parse, no store): %d records/s" % baseline)
print("paperboy harvest oai --interval 0 (fetch + parse + SQLite, process start included): %d records/s (%d stored)" % (harvested / seconds, harvested))
print("ratio paperboy/baseline: %.2f" % (harvested / seconds / baseline))
