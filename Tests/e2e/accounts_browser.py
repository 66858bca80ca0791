#!/usr/bin/python3
"""The account flow as a person clicks through it, in a real browser against the real binary.

Starts a real SMTP server (scripts/smtp-test-server.py, aiosmtpd) and `paperboy serve` on a
fresh database with the bundled sample, then drives headless Chromium (Debian's chromium and
chromium-driver, python3-selenium): sign up, read the confirmation mail from the SMTP server,
follow its link, confirm, sign in, open settings, make an API token and use it, submit a
paper, upvote it (in place, by app.js), find it in today's community view, comment on it with
math and reply as a second person, save it to a collection made public, read the collection's
BibTeX with bibtexparser, sign out. Screenshots of the sign-in, settings, paper (with its
discussion), community and collection pages, phone and desktop, light and dark, go to OUT
(default out/screenshots). Exits non-zero on the first failed check.

Usage: /usr/bin/python3 Tests/e2e/accounts_browser.py path/to/paperboy [OUT]
"""
import json, os, re, shutil, socket, sqlite3, subprocess, sys, tempfile, time, urllib.request

import bibtexparser

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/paperboy"))
OUT = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "out/screenshots"))
checks = 0


def check(condition, what, driver=None):
    """Counts a passed check; a failed one ends the run, showing the page's text if there is one."""
    global checks
    if not condition:
        page = driver.find_element(By.TAG_NAME, "main").text[:800] if driver else ""
        raise SystemExit(f"FAILED: {what}\n{page}")
    checks += 1
    print(f"ok - {what}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, what, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            value = predicate()
        except (StaleElementReferenceException, NoSuchElementException):
            value = None  # the page is being replaced; ask again once it has loaded
        if value:
            return value
        time.sleep(0.25)
    raise SystemExit(f"FAILED: timed out waiting for {what}")


def mails(folder):
    found = []
    for name in sorted(os.listdir(folder)):
        if name.endswith(".json"):
            with open(os.path.join(folder, name)) as f:
                found.append(json.load(f))
    return found


def main():
    tmp = tempfile.mkdtemp(prefix="paperboy-e2e-")
    procs = []
    try:
        maildir = os.path.join(tmp, "mail")
        smtp = subprocess.Popen(["/usr/bin/python3", os.path.join(ROOT, "scripts/smtp-test-server.py"), maildir],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        procs.append(smtp)
        smtp_port = int(smtp.stdout.readline())
        db = os.path.join(tmp, "hub.sqlite")
        subprocess.run([BIN, "import", "--db", db, os.path.join(ROOT, "sample/arxiv-0704-sample200.jsonl")], check=True,
                       stdout=subprocess.DEVNULL)
        # Embedded before serving, so "For you" ranks from the first page.
        model = os.path.join(ROOT, "models/all-MiniLM-L6-v2")
        subprocess.run([BIN, "embed", "--db", db, "--model", model], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        recommend(db, model)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = dict(os.environ, PAPERBOY_MAIL_POLL_SECONDS="0.5", PAPERBOY_DIGEST_POLL_SECONDS="1")
        hub = subprocess.Popen([BIN, "serve", "--db", db, "--port", str(port), "--model", model,
                                "--smtp", f"smtp://127.0.0.1:{smtp_port}?starttls=never", "--public-url", base, "--log-level", "warning"], env=env)
        procs.append(hub)
        wait_for(lambda: healthy(base), "the hub to answer /healthz")

        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
        try:
            run(driver, base, maildir)
        finally:
            driver.quit()
        print(f"{checks} passed, 0 failed")
    finally:
        for p in procs:
            if p.stdin:
                p.stdin.close()
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(tmp, ignore_errors=True)


def recommend(db, model):
    """`paperboy recommend` on the embedded sample: JSON rows, likes left out, errors named."""
    def run(*args):
        return subprocess.run([BIN, "recommend", "--db", db, "--model", model, *args], capture_output=True, text=True)
    liked = ["0704.0002", "0704.0001"]
    done = run("--like", ",".join(liked), "--limit", "5", "--json")
    rows = json.loads(done.stdout) if done.returncode == 0 else []
    check(len(rows) == 5 and all(set(r) == {"id", "title", "score"} for r in rows), "recommend --json prints five {id, title, score} rows")
    check(not set(liked) & {r["id"] for r in rows} and rows == sorted(rows, key=lambda r: -r["score"]),
          "the liked papers are left out and the rest come best first")
    since = run("--like", "0704.0002", "--since", "2007-04-02", "--limit", "50", "--json")
    ids = [r["id"] for r in json.loads(since.stdout or "[]")]
    with sqlite3.connect(db) as conn:
        days = {d for (d,) in conn.execute(f"SELECT feedDay FROM paper WHERE id IN ({','.join('?' * len(ids))})", ids)} if ids else set()
    check(since.returncode == 0 and ids and days == {"2007-04-02"}, "--since ranks only papers of that day and later", None)
    missing = run("--like", "2401.99999")
    check(missing.returncode == 1 and "no paper 2401.99999" in missing.stderr, "an unknown paper is named in the error")
    bad = run("--like", "not-an-id")
    check(bad.returncode == 2 and "not an arXiv id" in bad.stderr, "a malformed id is a usage error")


def healthy(base):
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def screenshots(driver, name, anchor=None):
    """The current page on a phone and a desktop, in light and dark; scrolled to the element
    with id `anchor` if given."""
    os.makedirs(OUT, exist_ok=True)
    for device, (width, height, mobile) in {"phone": (390, 844, True), "desktop": (1280, 900, False)}.items():
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
        for scheme in ["light", "dark"]:
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
            if anchor:
                driver.execute_script("document.getElementById(arguments[0]).scrollIntoView()", anchor)
            path = os.path.join(OUT, f"{name}-{device}-{scheme}.png")
            driver.save_screenshot(path)
            check(os.path.getsize(path) > 5000, f"screenshot {os.path.basename(path)}")
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def shows(driver, text):
    """Whether the page shows `text` within a few seconds (a click's navigation takes a moment)."""
    deadline = time.time() + 10
    while time.time() < deadline:
        if text in driver.page_source:
            return True
        time.sleep(0.1)
    return False


def fill(driver, fields, submit_text):
    for name, value in fields.items():
        box = driver.find_element(By.NAME, name)
        box.clear()
        box.send_keys(value)
    driver.find_element(By.XPATH, f"//button[normalize-space()='{submit_text}']").click()


def run(driver, base, maildir):
    username, email, password = "ada_lovelace", "ada@example.org", "analytical engine 1843"
    driver.get(base + "/")
    check("Sign up" in driver.page_source, "the anonymous home page offers sign-up")
    driver.find_element(By.LINK_TEXT, "Sign up").click()
    check(driver.current_url.endswith("/signup"), "the sign-up link opens /signup")
    fill(driver, {"username": username, "email": email, "password": password}, "Sign up")
    check(shows(driver, "Check your inbox"), "sign-up asks to check the inbox")

    mail = wait_for(lambda: next((m for m in mails(maildir) if m["rcpt_tos"] == [email]), None), "the confirmation mail")
    check(mail["subject"] == "Confirm your email address for Paperboy", "the confirmation mail arrived over SMTP")
    check(mail["html"] and mail["text"] and not mail["defects"], "it has text and HTML parts and no defects")
    link = re.search(re.escape(base) + r"/verify\?token=[A-Za-z0-9_-]+", mail["text"]).group(0)
    driver.get(link)
    driver.find_element(By.XPATH, "//button[normalize-space()='Confirm my address']").click()
    check(shows(driver, "is confirmed"), "following the link confirms the address", driver)

    driver.get(base + "/login")
    screenshots(driver, "signin")
    fill(driver, {"login": username, "password": "not the password"}, "Sign in")
    check(shows(driver, "Wrong username or password"), "a wrong password is refused")
    fill(driver, {"login": username, "password": password}, "Sign in")
    shows(driver, "Sign out")
    header = driver.find_element(By.CSS_SELECTOR, "nav.account").text
    check(username in header and "Sign out" in header, "signed in: the header shows the name and Sign out")
    session = driver.get_cookie("pb_session")
    check(session and session["httpOnly"] and session.get("sameSite") == "Lax", "the session cookie is HttpOnly and SameSite=Lax")

    driver.find_element(By.LINK_TEXT, "Settings").click()
    check(shows(driver, "Signed in as") and shows(driver, "verified"), "settings show the verified account")
    fill(driver, {"name": "e2e script"}, "Create token")
    shows(driver, "shown only once")
    token = driver.find_element(By.CSS_SELECTOR, "code.token").text
    check(token.startswith("pb_"), "a new API token is shown once")
    request = urllib.request.Request(base + "/api/whoami", headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request) as r:
        check(json.load(r) == {"user": {"name": username, "role": "user"}}, "the token works on /api/whoami")
    driver.get(base + "/settings")
    screenshots(driver, "settings")
    community(driver, base, username)

    driver.find_element(By.XPATH, "//button[normalize-space()='Sign out']").click()
    shows(driver, "Sign up")
    check("Sign in" in driver.find_element(By.CSS_SELECTOR, "nav.account").text, "signed out: the header offers sign-in again")
    driver.get(base + "/settings")
    check("/login" in driver.current_url, "settings need signing in again")
    digest(driver, base, maildir)


def digest(driver, base, maildir):
    """A visitor without an account: the feed page's link, the form, the confirmation mail over
    SMTP, the confirm page, the manage page and the preview of the digest."""
    email = "digest-reader@example.org"
    driver.get(base + "/papers/month/2007-04?cat=math.*")
    driver.find_element(By.LINK_TEXT, "Get trending papers in your inbox").click()
    check("/subscribe" in driver.current_url and driver.find_element(By.NAME, "categories").get_attribute("value") == "math.*",
          "a feed page links to the subscribe form, its category filled in", driver)
    driver.find_element(By.NAME, "categories").clear()
    screenshots(driver, "subscribe")
    fill(driver, {"email": email, "exclude": "cs.CV", "top": "5"}, "Subscribe")
    check(shows(driver, "Check your inbox"), "subscribing asks to check the inbox", driver)
    mail = wait_for(lambda: next((m for m in mails(maildir) if m["rcpt_tos"] == [email]), None), "the digest confirmation mail")
    check(mail["subject"] == "Confirm your Paperboy digest" and mail["text"] and mail["html"], "the double opt-in mail arrived over SMTP")
    link = re.search(re.escape(base) + r"/subscribe/confirm/[0-9a-f]{48}", mail["text"]).group(0)
    driver.get(link)
    check(shows(driver, "Confirm subscription"), "the mail's link opens the confirm page", driver)
    driver.find_element(By.XPATH, "//button[normalize-space()='Confirm subscription']").click()
    check(shows(driver, "Confirmed") and shows(driver, "Active: top 5"), "confirming opens the subscription's page, active", driver)
    screenshots(driver, "subscription")
    driver.find_element(By.LINK_TEXT, "Preview the latest digest").click()
    cards = driver.find_elements(By.CSS_SELECTOR, "h2 a[href*='/papers/']")
    check(1 <= len(cards) <= 5 and "Paperboy digest" in driver.page_source, "the preview shows the digest's papers", driver)
    screenshots(driver, "digest-preview")

    # The scheduler in serve sends the first digest at once: 07:00 UTC has passed today.
    digest = wait_for(lambda: next((m for m in mails(maildir) if m["rcpt_tos"] == [email] and "digest," in m["subject"]), None), "the first digest")
    headers = dict(digest["headers"])
    check(digest["html"] and digest["text"] and headers.get("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click",
          "the first digest arrives with both parts and one-click unsubscribe")
    one_click = re.search(r"<(https?://[^>]+/unsubscribe/[0-9a-f]{48})>", headers["List-Unsubscribe"]).group(1)
    request = urllib.request.Request(one_click, data=b"List-Unsubscribe=One-Click", method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request) as r:
        check(r.status == 200 and b"Unsubscribed" in r.read(), "a POST to the List-Unsubscribe link ends it, without cookies")
    driver.get(one_click)
    check(shows(driver, "Ended: nothing more is sent"), "the link opened in a browser shows it ended", driver)
    sent = len([m for m in mails(maildir) if m["rcpt_tos"] == [email]])
    time.sleep(2.5)
    check(len([m for m in mails(maildir) if m["rcpt_tos"] == [email]]) == sent == 2, "the confirmation and one digest, nothing after")


def community(driver, base, username):
    paper = "0704.0002"
    driver.find_element(By.LINK_TEXT, "Submit").click()
    check(driver.current_url.endswith("/submit"), "the header's Submit link opens /submit")
    fill(driver, {"paper": "not a paper"}, "Submit")
    check(shows(driver, "is not an arXiv id"), "a bad id is refused with a reason", driver)
    fill(driver, {"paper": f"https://arxiv.org/abs/{paper}v2"}, "Submit")
    check(shows(driver, "Submitted to the community list by"), "submitting an arXiv link opens the paper, submitted", driver)
    check(driver.current_url.endswith(f"/papers/{paper}"), "the paper page is the one submitted")

    button = driver.find_element(By.CSS_SELECTOR, "form[data-vote] button")
    count = driver.find_element(By.CSS_SELECTOR, "form[data-vote] .count")
    check(button.get_attribute("aria-pressed") == "false" and count.text == "0", "the vote button starts unpressed at 0")
    url = driver.current_url
    button.click()
    wait_for(lambda: button.get_attribute("aria-pressed") == "true", "the vote to show as pressed")
    check(count.text == "1" and driver.current_url == url, "upvoting changes the count in place, without leaving the page")
    driver.refresh()
    check(driver.find_element(By.CSS_SELECTOR, "form[data-vote] .count").text == "1", "the vote is stored")
    screenshots(driver, "paper")

    today = time.strftime("%Y-%m-%d", time.gmtime())
    driver.get(f"{base}/papers/date/{today}?view=community")
    check(shows(driver, f"/papers/{paper}"), "today's community view lists the submitted paper", driver)
    check(driver.find_element(By.CSS_SELECTOR, "form[data-vote] button").get_attribute("aria-pressed") == "true",
          "the community view shows the vote as pressed")
    screenshots(driver, "community")
    driver.find_element(By.CSS_SELECTOR, "form[data-vote] button").click()
    wait_for(lambda: driver.find_element(By.CSS_SELECTOR, "form[data-vote] .count").text == "0", "the vote to be taken back")
    check(driver.find_element(By.CSS_SELECTOR, "form[data-vote] button").get_attribute("aria-pressed") == "false",
          "a second click takes the vote back")
    discuss(driver, base, paper)
    collect(driver, base, paper)
    for_you(driver, base)


def discuss(driver, base, paper):
    driver.get(f"{base}/papers/{paper}")
    box = driver.find_element(By.CSS_SELECTOR, "section.discussion > form textarea[name=text]")
    box.send_keys("The $(k,\\ell)$-pebble game is **linear** here:\n\n$$\\sum_{v} d(v) \\le k n - \\ell$$")
    driver.find_element(By.CSS_SELECTOR, "section.discussion > form button").click()
    check(shows(driver, "Discussion (1)"), "a comment appears under the paper", driver)
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, ".comment-body .katex"), "KaTeX to render the comment's math")
    body = driver.find_element(By.CSS_SELECTOR, ".comment-body")
    check(body.find_elements(By.TAG_NAME, "strong") and body.find_elements(By.CSS_SELECTOR, ".katex-display"),
          "its Markdown and inline and display math are rendered")

    # A second person replies, mentioning the first.
    driver.find_element(By.XPATH, "//button[normalize-space()='Sign out']").click()
    shows(driver, "Sign up")
    driver.get(base + "/signup")
    fill(driver, {"username": "grace", "email": "grace@example.org", "password": "cobol compiler 1959"}, "Sign up")
    shows(driver, "Check your inbox")
    driver.get(base + "/login")
    fill(driver, {"login": "grace", "password": "cobol compiler 1959"}, "Sign in")
    shows(driver, "Sign out")
    driver.get(f"{base}/papers/{paper}")
    driver.find_element(By.XPATH, "//article[contains(@class,'comment')]//summary[normalize-space()='Reply']").click()
    reply = driver.find_element(By.CSS_SELECTOR, "article.comment details[open] textarea[name=text]")
    reply.send_keys("Agreed, @ada_lovelace: tight for $k = 2$.")
    driver.find_element(By.XPATH, "//article[contains(@class,'comment')]//details[@open]//button[normalize-space()='Reply']").click()
    check(shows(driver, "Discussion (2)"), "the reply appears", driver)
    check(driver.find_elements(By.CSS_SELECTOR, "article.comment .replies article.comment"), "the reply sits under the comment it answers")
    screenshots(driver, "discussion", anchor="discussion")
    driver.find_element(By.XPATH, "//button[normalize-space()='Sign out']").click()
    shows(driver, "Sign up")
    driver.get(base + "/login")
    fill(driver, {"login": "ada_lovelace", "password": "analytical engine 1843"}, "Sign in")
    shows(driver, "Sign out")
    check("1 unread" in driver.page_source, "the first person's header counts one unread notification")
    driver.find_element(By.CSS_SELECTOR, "a.notices").click()
    check(shows(driver, "grace replied to your comment"), "the notifications page names the reply", driver)


def collect(driver, base, paper):
    driver.get(f"{base}/papers/{paper}")
    driver.find_element(By.XPATH, "//div[@class='save']//button[normalize-space()='Save']").click()
    check(shows(driver, "in Reading list"), "Save puts the paper in the reading list", driver)
    driver.get(base + "/collections")
    fill(driver, {"name": "Rigidity reading group"}, "Create")
    check(shows(driver, "No papers in this collection yet."), "a new collection opens empty", driver)
    collection_url = driver.current_url
    driver.find_element(By.XPATH, "//label[contains(., 'Public')]/input").click()
    driver.find_element(By.XPATH, "//button[normalize-space()='Save settings']").click()
    # The feed links appear only once the collection is public (the word itself is in the form).
    check(shows(driver, ">RSS</a>"), "the collection is made public", driver)
    for other in [paper, "0704.0001"]:
        driver.get(f"{base}/papers/{other}")
        select = driver.find_element(By.CSS_SELECTOR, "div.save select")
        for option in select.find_elements(By.TAG_NAME, "option"):
            if option.text.startswith("Rigidity reading group"):
                option.click()
        driver.find_element(By.XPATH, "//div[@class='save']//button[normalize-space()='Save']").click()
        check(shows(driver, "in Rigidity reading group"), f"{other} is saved to the collection", driver)
    driver.get(collection_url)
    note = driver.find_elements(By.CSS_SELECTOR, ".owner-tools input[name=note]")[0]
    note.send_keys("Start here: the pebble game.")
    driver.find_elements(By.XPATH, "//button[normalize-space()='Save note']")[0].click()
    check(shows(driver, "Start here: the pebble game."), "a note is kept on the paper", driver)
    screenshots(driver, "collection")
    with urllib.request.urlopen(collection_url + ".bib") as r:
        library = bibtexparser.loads(r.read().decode())
    ids = sorted(entry.get("eprint") for entry in library.entries)
    check(ids == ["0704.0001", paper] and all(e["ENTRYTYPE"] == "misc" and e.get("title") for e in library.entries),
          "the collection's BibTeX parses with bibtexparser, an entry per paper")
    with urllib.request.urlopen(f"{base}/papers/{paper}.bib") as r:
        single = bibtexparser.loads(r.read().decode()).entries
    check(len(single) == 1 and single[0]["author"] == "Ileana Streinu and Louis Theran", "a single paper's BibTeX parses too")



def for_you(driver, base):
    month = f"{base}/papers/month/2007-04?view=for-you"
    driver.get(base + "/for-you")
    box = driver.find_element(By.CSS_SELECTOR, "section.for-you input[name=q]")  # not the header's search box
    box.send_keys("black hole")
    box.submit()
    check(shows(driver, "More like this"), "the For you page finds papers to pick from", driver)
    picked = driver.find_element(By.CSS_SELECTOR, "article.card h2 a").text
    driver.find_element(By.XPATH, "//button[normalize-space()='More like this']").click()
    check(shows(driver, "which you picked"), "a picked paper is listed as a signal", driver)
    check(picked in driver.find_element(By.CSS_SELECTOR, "section.for-you p.signal").text or picked in driver.page_source,
          "the signal names the picked paper")
    screenshots(driver, "for-you-setup")
    driver.get(month)
    check(shows(driver, "For you</a>") and shows(driver, "Ranked by"), "the month's For you view ranks by the signals", driver)
    reasons = driver.find_elements(By.CSS_SELECTOR, "article.card p.reason")
    check(reasons and all(r.text.startswith("Like ") for r in reasons), "each recommended card says which liked paper it is like")
    screenshots(driver, "for-you")
    first = driver.find_element(By.CSS_SELECTOR, "article.card h2 a").get_attribute("href")
    driver.find_element(By.XPATH, "//article[contains(@class,'card')]//button[normalize-space()='Not interested']").click()
    wait_for(lambda: driver.find_element(By.CSS_SELECTOR, "article.card h2 a").get_attribute("href") != first,
             "the dismissed paper to leave the view")
    check(driver.current_url == month, "Not interested comes back to the same view")


if __name__ == "__main__":
    main()
