"""Shared helpers of the integration tests: an HTTP client that keeps
cookies and never follows redirects, SQL as root on the private MariaDB,
the server scripts, process lookups."""

import http.client
import os
import pwd
import re
import signal
import subprocess
import sys
import time
import traceback
import urllib.parse
import xml.etree.ElementTree as ET

BASE = os.environ.get("BASE_URL", "http://127.0.0.1:18080")
RUN = os.environ["RUN"]
ROOT = os.environ["ROOT"]
URL = urllib.parse.urlparse(BASE)
PASSWORD = "stafett-demo"


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def headers_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def text(self):
        return self.body.decode("utf-8")

    def xml(self):
        return ET.fromstring(self.body)


class Client:
    """A browser-like client: keeps cookies, never follows redirects."""

    def __init__(self):
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection(URL.hostname, URL.port, timeout=30)
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if isinstance(body, dict):
            body = urllib.parse.urlencode(body).encode()
            h.setdefault("Content-Type", "application/x-www-form-urlencoded")
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        resp = Response(r.status, r.getheaders(), r.read())
        conn.close()
        for sc in resp.headers_all("Set-Cookie"):
            name, _, rest = sc.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in sc or value == "":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, fields, **kw):
        return self.request("POST", path, body=fields, **kw)

    def post_multipart(self, path, fields, files=None, xml=False):
        body, ctype = multipart(fields, files)
        h = {"Content-Type": ctype}
        if xml:
            h["Accept"] = "application/xml"
        return self.request("POST", path, body=body, headers=h)

    def post_xml(self, path, fields):
        """POST a urlencoded form, asking for the XML view back."""
        return self.post(path, fields, headers={"Accept": "application/xml"})

    def csrf(self, path):
        """The CSRF token a page's forms carry (from its XML view)."""
        x = self.get(path + ("&" if "?" in path else "?") + "format=xml").xml()
        return x.findtext("meta/csrf")

    def login(self, user, password=PASSWORD, xml=False):
        tok = self.csrf("/login")
        return self.post("/login", {"username": user, "password": password,
                                    "_csrf": tok},
                         headers={"Accept": "application/xml"} if xml else None)


# The private server's administrator: root, or the user who started it
# (tests/servers/db.sh; unix-socket authentication).
DB_ADMIN = "root" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name


def sql(query):
    """Run SQL as the administrator of the private server; rows as lists of strings."""
    out = subprocess.run(
        ["mariadb", "--no-defaults", "-S", f"{RUN}/db/db.sock", f"-u{DB_ADMIN}",
         "-N", "-B", "stafettlogg", "-e", query],
        check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines()]


def script(name, action):
    env = dict(os.environ)
    subprocess.run([f"{ROOT}/tests/servers/{name}.sh", action], check=True,
                   env=env, capture_output=True, text=True, timeout=120)


def master_pid():
    with open(f"{RUN}/app/app.pid") as f:
        return int(f.read().strip())


def worker_pids():
    m = master_pid()
    pids = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                st = f.read()
        except OSError:
            continue
        fields = st[st.rindex(")") + 2:].split()
        if int(fields[1]) == m and fields[0] != "Z":
            pids.append(int(d))
    return sorted(pids)


def wait_for(cond, timeout=10.0, step=0.1):
    end = time.time() + timeout
    while time.time() < end:
        v = cond()
        if v:
            return v
        time.sleep(step)
    return cond()


def eq(a, b, what=""):
    if a != b:
        raise AssertionError(f"{what}: expected {b!r}, got {a!r}")


def ok(cond, what):
    if not cond:
        raise AssertionError(what)


def error_keys(resp):
    return [e.get("key") for e in resp.xml().findall("meta/error")]


def logged_in(user="ola.berg"):
    c = Client()
    r = c.login(user)
    eq(r.status, 303, f"login of {user}")
    return c


def location_id(resp, anchor, what):
    """The id of what a setup POST added, from its answer's Location
    (/logs/N#anchor-ID); the answer must be a 303, so a step that wrote
    nothing fails here and not in a later "not visible" check."""
    eq(resp.status, 303, what)
    loc = resp.header("Location") or ""
    m = re.search(rf"#{anchor}-([0-9]+)$", loc)
    ok(m, f"{what}: no #{anchor}-N in Location {loc!r}")
    return int(m.group(1))


def one_id(query, what):
    """The id in the one row that query finds (a row matched by its
    unique content, never MAX(id))."""
    rows = sql(query)
    eq(len(rows), 1, f"{what}: rows found by {query!r}")
    return int(rows[0][0])


def ids(query):
    """The set of ids (first column) that query finds."""
    return {int(r[0]) for r in sql(query)}


def added_id(query, before, what):
    """The one id that query finds now and did not before (before: ids(query)
    taken just before the setup step): the row that step wrote."""
    new = ids(query) - before
    eq(len(new), 1, f"{what}: rows added")
    return new.pop()


def expire(client, minutes=31):
    """Age the session of client in the database, as time would."""
    sql(f"UPDATE session SET last_seen = last_seen - INTERVAL {minutes} MINUTE, "
        f"created_at = created_at - INTERVAL {minutes} MINUTE "
        f"WHERE id_hash = SHA2('{client.cookies['sl_session']}', 256)")




def multipart(fields, files=None):
    """Encode fields (name -> str or list of str) and files
    (name -> (filename, content_type, bytes)) as multipart/form-data."""
    boundary = "----stafettlogg-test-boundary"
    out = []
    for name, value in fields.items():
        for v in (value if isinstance(value, list) else [value]):
            out.append(f"--{boundary}\r\nContent-Disposition: form-data; "
                       f"name=\"{name}\"\r\n\r\n{v}\r\n".encode())
    for name, (fn, ctype, data) in (files or {}).items():
        out.append(f"--{boundary}\r\nContent-Disposition: form-data; "
                   f"name=\"{name}\"; filename=\"{fn}\"\r\n"
                   f"Content-Type: {ctype}\r\n\r\n".encode() + data + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), f"multipart/form-data; boundary={boundary}"


def synthetic_nin(day, month, year, start=500):
    """A synthetic identity number (Skatteetaten style, month + 80) with
    valid check digits, computed independently of the application."""
    w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2]
    w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
    for ind in range(start, 1000):
        s = f"{day:02d}{month + 80:02d}{year % 100:02d}{ind:03d}"
        k1 = (11 - sum(int(a) * b for a, b in zip(s, w1)) % 11) % 11
        if k1 == 10:
            continue
        s += str(k1)
        k2 = (11 - sum(int(a) * b for a, b in zip(s, w2)) % 11) % 11
        if k2 == 10:
            continue
        return s + str(k2)
    raise ValueError("no number")


PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n"
       b"startxref\n0\n%%EOF\n")


APP_LOG = f"{RUN}/app/app.log"
APP_CONF = os.environ.get("CONF", f"{RUN}/app/stafettlogg.conf")
_ORIGINAL_CONF = {}


def log_size():
    """The app log's size now (a position for log_since)."""
    return os.path.getsize(APP_LOG)


def log_since(pos):
    """What the app logged since position pos."""
    with open(APP_LOG, encoding="utf-8", errors="replace") as f:
        f.seek(pos)
        return f.read()


def reconfigure(extra, tag="test"):
    """Reload the app (SIGHUP) with these "key = value" settings replacing
    the file's own lines for those keys (None: the original file back);
    returns once every worker was replaced and the reload was accepted."""
    if "conf" not in _ORIGINAL_CONF:
        with open(APP_CONF) as f:
            _ORIGINAL_CONF["conf"] = f.read()
    text = _ORIGINAL_CONF["conf"]
    if extra:
        # A key may be given once: drop the file's own line for each.
        text = "".join(line for line in text.splitlines(True)
                       if line.split("=", 1)[0].strip() not in extra)
        text += f"\n# {tag}\n" + "".join(f"{k} = {v}\n" for k, v in extra.items())
    with open(APP_CONF, "w") as f:
        f.write(text)
    before = set(worker_pids())
    pos = log_size()
    os.kill(master_pid(), signal.SIGHUP)
    # (The master's "reloaded" line may be summarised as a repeat.)
    ok(wait_for(lambda: (lambda p: len(p) >= 2 and not set(p) & before)(worker_pids()), 15),
       f"workers replaced: {log_since(pos)[-400:]}")
    ok("reload refused" not in log_since(pos), f"reload accepted: {log_since(pos)[-600:]}")
