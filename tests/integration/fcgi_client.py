"""A small FastCGI client (responder role) for sending raw requests
straight to the workers' unix socket, without nginx in front: the
protocol is records of an 8-byte header and content (FastCGI 1.0,
https://fastcgi-archives.github.io/FastCGI_Specification.html).
Standard library only."""

import socket
import struct

VERSION = 1
BEGIN_REQUEST, END_REQUEST, PARAMS, STDIN, STDOUT, STDERR = 1, 3, 4, 5, 6, 7
RESPONDER = 1


class FcgiResponse:
    def __init__(self, status, headers, body, stderr, app_status):
        self.status = status            # from the Status header (200 if none)
        self.headers = headers          # [(name, value)]
        self.body = body
        self.stderr = stderr
        self.app_status = app_status    # END_REQUEST's appStatus

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None


def _records(typ, content, req_id=1):
    """content as records of at most 65535 bytes (an empty record when
    content is empty: the end of a stream)."""
    out = []
    chunks = [content[i:i + 65535] for i in range(0, len(content), 65535)] or [b""]
    for ch in chunks:
        pad = (-len(ch)) % 8
        out.append(struct.pack(">BBHHBB", VERSION, typ, req_id, len(ch), pad, 0) + ch + b"\0" * pad)
    return b"".join(out)


def _length(n):
    return bytes([n]) if n < 128 else struct.pack(">I", n | 0x80000000)


def encode_params(params):
    """Name-value pairs (str or bytes) in FastCGI's length-prefixed form."""
    out = []
    for k, v in params:
        k = k.encode() if isinstance(k, str) else k
        v = v.encode() if isinstance(v, str) else v
        out.append(_length(len(k)) + _length(len(v)) + k + v)
    return b"".join(out)


def _read_exact(s, n):
    buf = b""
    while len(buf) < n:
        got = s.recv(n - len(buf))
        if not got:
            raise ConnectionError(f"connection closed after {len(buf)} of {n} bytes")
        buf += got
    return buf


def request(sock_path, params, body=b"", timeout=30):
    """Send one request (params: list of (name, value); body: the STDIN
    stream, sent whole and then ended) and read the answer to its
    END_REQUEST.  Raises ConnectionError if the worker closes the
    connection without ending the request (a crash)."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        s.connect(sock_path)
        p = encode_params(params)
        data = _records(BEGIN_REQUEST, struct.pack(">HB5x", RESPONDER, 0))
        if p:
            data += _records(PARAMS, p)
        data += _records(PARAMS, b"")
        if body:
            data += _records(STDIN, body)
        data += _records(STDIN, b"")
        s.sendall(data)
        out, err, app_status = b"", b"", None
        while app_status is None:
            _, typ, _, clen, pad, _ = struct.unpack(">BBHHBB", _read_exact(s, 8))
            content = _read_exact(s, clen + pad)[:clen]
            if typ == STDOUT:
                out += content
            elif typ == STDERR:
                err += content
            elif typ == END_REQUEST:
                app_status = struct.unpack(">I", content[:4])[0]
    finally:
        s.close()
    head, _, rbody = out.partition(b"\r\n\r\n")
    headers = []
    for line in head.decode("latin-1").split("\r\n"):
        if ":" in line:
            k, v = line.split(":", 1)
            headers.append((k.strip(), v.strip()))
    status = 200
    for k, v in headers:
        if k.lower() == "status":
            status = int(v.split()[0])
    return FcgiResponse(status, headers, rbody, err, app_status)
