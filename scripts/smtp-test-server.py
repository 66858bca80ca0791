#!/usr/bin/python3
"""A real SMTP server on loopback for the Mail tests (Debian's python3-aiosmtpd).

Run with /usr/bin/python3. Prints the port it listens on as its first line, then serves until
stdin closes (so it dies with the test process). Each message is saved as DIR/N.eml (the bytes
as received, dot-stuffing removed) and DIR/N.json: the envelope plus what Python's own email
parser reads from it (headers decoded, both parts decoded), an independent check of ours.

  --port N                 0 (default) picks a free one
  --reject ADDRESS=CODE    answer RCPT TO:<ADDRESS> with CODE (550, 451 ...)
  --auth USER:PASS         require AUTH (PLAIN or LOGIN) with these credentials
  --tls DIR                offer STARTTLS with a self-signed certificate made in DIR (cert.pem)
  --implicit-tls           TLS from the first byte (smtps), with the --tls certificate
  --mute                   accept connections and never answer (for timeouts)
  --sink                   accept every message and keep none (for benchmarks); the count of
                           messages is written to DIR/count when stdin closes
"""
import argparse, asyncio, json, os, socket, ssl, subprocess, sys, threading, warnings
from email import policy
from email.parser import BytesParser
from aiosmtpd.smtp import SMTP, AuthResult


class Sink:
    def __init__(self, folder):
        self.folder, self.count = folder, 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


class Saver:
    def __init__(self, folder, rejects):
        self.folder, self.rejects, self.count = folder, rejects, 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        code = self.rejects.get(address)
        if code:
            return f"{code} {'5.1.1 no such user' if code.startswith('5') else '4.3.0 try again later'}"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.folder, str(self.count))
        raw = envelope.original_content
        message = BytesParser(policy=policy.default).parsebytes(raw)
        parts = {}
        for part in message.walk():
            if part.get_content_maintype() == "text":
                parts[part.get_content_type()] = part.get_content()
        info = {
            "mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
            "peer": "%s:%s" % session.peer[:2], "tls": server.transport.get_extra_info("ssl_object") is not None, "authenticated": bool(session.authenticated),
            "from": str(message["From"]), "to": str(message["To"]), "subject": str(message["Subject"]),
            "message_id": str(message["Message-ID"]), "date": str(message["Date"]),
            "content_type": message.get_content_type(), "text": parts.get("text/plain"), "html": parts.get("text/html"),
            "headers": [[k, str(v)] for k, v in message.items()],
            "defects": [repr(d) for d in message.defects] + [repr(d) for p in message.walk() for d in p.defects],
        }
        with open(base + ".eml.tmp", "wb") as f:
            f.write(raw)
        with open(base + ".json.tmp", "w") as f:
            json.dump(info, f)
        # The .json last: a reader that sees it sees the whole message.
        os.rename(base + ".eml.tmp", base + ".eml")
        os.rename(base + ".json.tmp", base + ".json")
        return "250 Message accepted for delivery"


def make_tls(folder):
    cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def main():
    # aiosmtpd warns that AUTH without TLS is unsafe: the tests ask for it on loopback.
    warnings.filterwarnings("ignore")
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--reject", action="append", default=[])
    ap.add_argument("--auth")
    ap.add_argument("--tls")
    ap.add_argument("--implicit-tls", action="store_true")
    ap.add_argument("--mute", action="store_true")
    ap.add_argument("--sink", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    rejects = dict(r.split("=", 1) for r in args.reject)
    handler = Sink(args.dir) if args.sink else Saver(args.dir, rejects)
    tls = make_tls(args.tls) if args.tls else None

    def authenticator(server, session, envelope, mechanism, auth_data):
        user, password = args.auth.split(":", 1)
        ok = auth_data.login == user.encode() and auth_data.password == password.encode()
        # handled=False: aiosmtpd then answers a failure with 535 itself (else it stays silent).
        return AuthResult(success=ok, handled=False)

    def factory():
        if args.mute:
            return asyncio.Protocol()
        options = dict(hostname="test.smtp.local", ident="paperboy test SMTP")
        if args.auth:
            options.update(authenticator=authenticator, auth_required=True, auth_require_tls=False)
        if tls and not args.implicit_tls:
            options.update(tls_context=tls, require_starttls=True)
        return SMTP(handler, **options)

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(loop.create_server(factory, sock=sock, ssl=tls if args.implicit_tls else None))
    print(sock.getsockname()[1], flush=True)

    def wait_for_stdin():
        sys.stdin.read()
        loop.call_soon_threadsafe(loop.stop)
    threading.Thread(target=wait_for_stdin, daemon=True).start()
    loop.run_forever()
    server.close()
    if args.sink:
        with open(os.path.join(args.dir, "count"), "w") as f:
            f.write(str(handler.count))


if __name__ == "__main__":
    main()
