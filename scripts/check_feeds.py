"""Reads Paperboy's feeds with feedparser, the parser most feed readers' Python tools use, and
fails on any bozo (malformed feed), missing GUIDs or GUIDs that change between two fetches.
Usage: python3 scripts/check_feeds.py BASE_URL"""
import json
import sys
import urllib.request

import feedparser

base = sys.argv[1].rstrip("/")
paths = ["/feeds/daily.rss", "/feeds/daily.atom", "/feeds/daily.rss?cat=hep-ph&exclude=hep-th",
         "/search.rss?q=quantum", "/search.atom?q=%22dark+matter%22+-galaxy", "/search.rss?q=%3Cscript%3E%26"]
failures = 0
for path in paths:
    first, second = feedparser.parse(base + path), feedparser.parse(base + path)
    ids = [e.get("id") for e in first.entries]
    problems = []
    if first.bozo:
        problems.append(f"bozo: {first.bozo_exception}")
    if any(not i for i in ids):
        problems.append("an entry has no GUID")
    if ids != [e.get("id") for e in second.entries]:
        problems.append("GUIDs changed between two fetches")
    failures += bool(problems)
    print(f"{'FAIL' if problems else 'ok'}  {path}: {len(ids)} entries {'; '.join(problems)}")
for path in ["/feeds/daily.json", "/search.json?q=quantum"]:
    feed = json.load(urllib.request.urlopen(base + path))
    ok = feed.get("version", "").startswith("https://jsonfeed.org/version/1") and all(i.get("id") for i in feed["items"])
    failures += not ok
    print(f"{'ok' if ok else 'FAIL'}  {path}: {len(feed.get('items', []))} items")
sys.exit(1 if failures else 0)
