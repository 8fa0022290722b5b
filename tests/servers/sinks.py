#!/usr/bin/python3
"""A local SMTP sink and SMS hook sink for the tests of notices (issue 12).

    /usr/bin/python3 sinks.py --dir DIR --smtp-port N --sms-port N

SMTP (aiosmtpd, Debian package python3-aiosmtpd) on 127.0.0.1:N: every
message accepted at the end of DATA is written to DIR/mail/NNNN.eml (a
message whose connection ends before the final "." is never written: the
transaction is aborted, as RFC 5321 wants). The SMS hook (http.server) on
127.0.0.1:N: every complete POST /sms (Content-Length or chunked) is written
to DIR/sms/NNNN.json with its headers. GET / answers "ok" (readiness).
Files are written to a temporary name and renamed, so a reader never sees
half a message. Run by tests/servers/sinks.sh with Debian's python3 (where
aiosmtpd is installed).
"""
import argparse
import itertools
import json
import os
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

COUNTER = itertools.count(1)
LOCK = threading.Lock()


def store(folder, suffix, data):
    with LOCK:
        n = next(COUNTER)
    name = os.path.join(folder, "%06d.%s" % (n, suffix))
    tmp = name + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.rename(tmp, name)


class Mail:
    def __init__(self, folder):
        self.folder = folder

    async def handle_DATA(self, server, session, envelope):
        head = ("X-Sink-Mail-From: %s\r\nX-Sink-Rcpt-To: %s\r\n" % (
            envelope.mail_from, ",".join(envelope.rcpt_tos))).encode()
        store(self.folder, "eml", head + envelope.original_content)
        return "250 OK queued"


def sms_handler(folder):
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def do_POST(self):
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                body = b""
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return      # the sender went away: nothing kept
                    size = int(line.split(b";")[0].strip(), 16)
                    if size == 0:
                        self.rfile.readline()
                        break
                    chunk = self.rfile.read(size)
                    if len(chunk) < size:
                        return
                    body += chunk
                    self.rfile.readline()
            else:
                n = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(n)
                if len(body) < n:
                    return
            rec = {"path": self.path, "headers": dict(self.headers.items()),
                   "body": body.decode("utf-8", "replace")}
            store(folder, "json", json.dumps(rec).encode())
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "15")
            self.end_headers()
            self.wfile.write(b'{"status":"ok"}')
    return H


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--smtp-port", type=int, required=True)
    ap.add_argument("--sms-port", type=int, required=True)
    a = ap.parse_args()
    mail = os.path.join(a.dir, "mail")
    sms = os.path.join(a.dir, "sms")
    os.makedirs(mail, exist_ok=True)
    os.makedirs(sms, exist_ok=True)
    ctl = Controller(Mail(mail), hostname="127.0.0.1", port=a.smtp_port)
    ctl.start()
    httpd = ThreadingHTTPServer(("127.0.0.1", a.sms_port), sms_handler(sms))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *x: stop.set())
    signal.signal(signal.SIGINT, lambda *x: stop.set())
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    stop.wait()
    httpd.shutdown()
    ctl.stop()


if __name__ == "__main__":
    main()
