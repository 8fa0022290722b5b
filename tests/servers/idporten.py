#!/usr/bin/env python3
"""idporten.py - a small ID-porten stand-in (OpenID Connect provider) for
the demo and the tests.  Standard library only, plus the `openssl`
command for the RSA key and the RS256 signatures.

    python3 idporten.py --dir DIR --port PORT

Started and stopped by tests/servers/idporten.sh.  Listens on
http://127.0.0.1:PORT only; that URL is also the issuer.  DIR holds the
signing key (key.pem, made once with `openssl genpkey`).

Endpoints
  GET  /.well-known/openid-configuration   discovery document
  GET  /jwks                                the public key as a JWK
  GET  /authorize   authorization request (code flow, PKCE S256 required).
                    Shows a test login form where a synthetic national
                    identity number is picked or typed, like ID-porten's
                    test login.  With login_hint=<11 digits> it redirects
                    at once (automated tests).
  POST /authorize/login   the form's submit: redirect to
                    redirect_uri?code=..&state=.. (or error=access_denied
                    when cancelled)
  POST /token       code -> tokens; client_secret_post or
                    client_secret_basic; checks code (single use, 120 s),
                    client, redirect_uri and code_verifier against the
                    S256 challenge.

Environment
  IDP_CLIENT_ID       the one client (default stafettlogg-demo)
  IDP_CLIENT_SECRET   its secret (default demo-idp-secret)
  IDP_REDIRECT_URIS   space-separated registered redirect URIs; empty
                      (default): any http://127.0.0.1:PORT/... or
                      http://localhost:PORT/... URI
  IDP_BAD             test-only: every token is bad in this way (below)

Bad modes (IDP_BAD, or per login with test_bad=MODE on /authorize):
  id_token:  alg-none hs256 wrong-aud wrong-iss expired iat-future bad-sig
             wrong-nonce wrong-kid no-pid bad-pid low-acr
  response:  error400 error500 not-json huge redirect slow (sleeps 3 s)
"""

import argparse
import base64
import hashlib
import hmac
import html
import http.server
import json
import os
import re
import secrets
import subprocess
import sys
import threading
import time
import urllib.parse

CODE_TTL = 120          # seconds an authorization code is good
TOKEN_TTL = 120         # id_token lifetime
MAX_CODES = 1000        # outstanding codes kept in memory
MAX_BODY = 16 * 1024    # largest POST body read
PID_RE = re.compile(r"[0-9]{11}")
VERIFIER_RE = re.compile(r"[A-Za-z0-9._~-]{43,128}")
ACR_HIGH = "idporten-loa-high"
ACR_SUBSTANTIAL = "idporten-loa-substantial"

TOKEN_BAD = {"alg-none", "hs256", "wrong-aud", "wrong-iss", "expired",
             "iat-future", "bad-sig", "wrong-nonce", "wrong-kid", "no-pid",
             "bad-pid", "low-acr"}
RESPONSE_BAD = {"error400", "error500", "not-json", "huge", "redirect",
                "slow"}

# Synthetic (Skatteetaten Test-Norge style, month + 80) test persons.
TEST_PERSONS = [
    ("14838510036", "Testforelder Fjord (f. 1985)"),
    ("27917910028", "Testforelder Vik (f. 1979)"),
    ("09881050150", "Testungdom Berg (f. 2010)"),
    ("03852150024", "Testbarn Strand (f. 2021)"),
]


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_json(obj):
    return b64url(json.dumps(obj, separators=(",", ":")).encode("utf-8"))


def log(msg):
    sys.stderr.write("%s idporten: %s\n" %
                     (time.strftime("%Y-%m-%dT%H:%M:%S"), msg))
    sys.stderr.flush()


class Key:
    """The RSA signing key in DIR/key.pem, made once."""

    def __init__(self, directory):
        self.path = os.path.join(directory, "key.pem")
        if not os.path.exists(self.path):
            tmp = self.path + ".tmp"
            r = subprocess.run(["openssl", "genpkey", "-algorithm", "RSA",
                                "-pkeyopt", "rsa_keygen_bits:2048",
                                "-out", tmp], timeout=60,
                               capture_output=True, text=True)
            if r.returncode != 0:
                raise SystemExit("idporten.py: openssl genpkey failed: " +
                                 r.stderr.strip())
            os.chmod(tmp, 0o600)
            os.rename(tmp, self.path)
            log("made a new signing key %s" % self.path)
        mod = subprocess.run(["openssl", "rsa", "-in", self.path, "-noout",
                              "-modulus"], check=True, timeout=30,
                             capture_output=True, text=True).stdout
        m = re.search(r"Modulus=([0-9A-Fa-f]+)", mod)
        text = subprocess.run(["openssl", "rsa", "-in", self.path, "-noout",
                               "-text"], check=True, timeout=30,
                              capture_output=True, text=True).stdout
        e = re.search(r"publicExponent: ([0-9]+)", text)
        if m is None or e is None:
            raise SystemExit("idporten.py: cannot read the key's n and e")
        n_bytes = bytes.fromhex(m.group(1))
        e_int = int(e.group(1))
        self.n = b64url(n_bytes)
        self.e = b64url(e_int.to_bytes((e_int.bit_length() + 7) // 8, "big"))
        # RFC 7638 thumbprint as the key id.
        thumb = json.dumps({"e": self.e, "kty": "RSA", "n": self.n},
                           separators=(",", ":"), sort_keys=True)
        self.kid = b64url(hashlib.sha256(thumb.encode("ascii")).digest())

    def jwk(self):
        return {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": self.kid,
                "n": self.n, "e": self.e}

    def sign(self, data):
        return subprocess.run(["openssl", "dgst", "-sha256", "-sign",
                               self.path], input=data, check=True, timeout=30,
                              capture_output=True).stdout


class Provider:
    def __init__(self, directory, port):
        self.issuer = "http://127.0.0.1:%d" % port
        self.key = Key(directory)
        self.client_id = os.environ.get("IDP_CLIENT_ID") or "stafettlogg-demo"
        self.client_secret = (os.environ.get("IDP_CLIENT_SECRET") or
                              "demo-idp-secret")
        self.redirect_uris = (os.environ.get("IDP_REDIRECT_URIS") or "").split()
        self.bad = os.environ.get("IDP_BAD") or ""
        if self.bad and self.bad not in TOKEN_BAD | RESPONSE_BAD:
            raise SystemExit("idporten.py: unknown IDP_BAD mode %r" % self.bad)
        self.codes = {}
        self.lock = threading.Lock()

    def discovery(self):
        i = self.issuer
        return {
            "issuer": i,
            "authorization_endpoint": i + "/authorize",
            "token_endpoint": i + "/token",
            "jwks_uri": i + "/jwks",
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported":
                ["client_secret_post", "client_secret_basic"],
            "scopes_supported": ["openid", "profile"],
            "acr_values_supported": [ACR_SUBSTANTIAL, ACR_HIGH],
            "ui_locales_supported": ["nb", "nn", "en", "se"],
            "claims_supported": ["iss", "aud", "sub", "pid", "acr", "amr",
                                 "nonce", "iat", "exp", "sid", "locale"],
        }

    def redirect_ok(self, uri):
        if self.redirect_uris:
            return uri in self.redirect_uris
        u = urllib.parse.urlsplit(uri)
        return (u.scheme == "http" and u.hostname in ("127.0.0.1", "localhost")
                and not u.fragment and not u.username)

    def new_code(self, req, pid, acr, bad):
        code = secrets.token_urlsafe(32)
        now = time.time()
        with self.lock:
            for c in [c for c, v in self.codes.items() if v["expires"] < now]:
                del self.codes[c]
            if len(self.codes) >= MAX_CODES:
                return None
            self.codes[code] = {
                "client_id": req["client_id"],
                "redirect_uri": req["redirect_uri"],
                "challenge": req["code_challenge"],
                "nonce": req.get("nonce", ""),
                "pid": pid, "acr": acr, "bad": bad,
                "expires": now + CODE_TTL,
            }
        return code

    def take_code(self, code):
        with self.lock:
            c = self.codes.pop(code, None)
        if c is None or c["expires"] < time.time():
            return None
        return c

    def id_token(self, c):
        bad = c["bad"]
        now = int(time.time())
        sub = b64url(hashlib.sha256(("%s|%s" % (self.client_id, c["pid"]))
                                    .encode()).digest())[:43]
        claims = {
            "iss": self.issuer, "aud": c["client_id"], "sub": sub,
            "pid": c["pid"], "acr": c["acr"], "amr": ["TestID"],
            "nonce": c["nonce"], "iat": now, "exp": now + TOKEN_TTL,
            "auth_time": now, "sid": secrets.token_urlsafe(16),
            "locale": "nb",
        }
        header = {"typ": "JWT", "alg": "RS256", "kid": self.key.kid}
        if bad == "wrong-aud":
            claims["aud"] = "some-other-client"
        elif bad == "wrong-iss":
            claims["iss"] = "https://evil.example"
        elif bad == "expired":
            claims["iat"], claims["exp"] = now - 7200, now - 3600
        elif bad == "iat-future":
            claims["iat"], claims["exp"] = now + 3600, now + 3600 + TOKEN_TTL
        elif bad == "wrong-nonce":
            claims["nonce"] = secrets.token_urlsafe(32)
        elif bad == "no-pid":
            del claims["pid"]
        elif bad == "bad-pid":
            claims["pid"] = c["pid"][:10]
        elif bad == "low-acr":
            claims["acr"] = ACR_SUBSTANTIAL
        elif bad == "wrong-kid":
            header["kid"] = "unknown-kid"
        elif bad == "alg-none":
            header = {"typ": "JWT", "alg": "none"}
        elif bad == "hs256":
            header = {"typ": "JWT", "alg": "HS256", "kid": self.key.kid}
        signing_input = (b64url_json(header) + "." +
                         b64url_json(claims)).encode("ascii")
        if bad == "alg-none":
            sig = b""
        elif bad == "hs256":
            # Key confusion: the public modulus as the HMAC secret.
            sig = hmac.new(self.key.n.encode("ascii"), signing_input,
                           hashlib.sha256).digest()
        else:
            sig = bytearray(self.key.sign(signing_input))
            if bad == "bad-sig":
                sig[len(sig) // 2] ^= 0x01
            sig = bytes(sig)
        return signing_input.decode("ascii") + "." + b64url(sig)


def page(title, body):
    return ("<!DOCTYPE html>\n<html lang=\"nb\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width\">"
            "<title>%s</title><style>body{font-family:sans-serif;"
            "max-width:32em;margin:2em auto;padding:0 1em}label{display:block;"
            "margin:.8em 0 .2em}input,select,button{font-size:1em}"
            ".note{background:#fff3cd;padding:.5em}</style></head><body>"
            "<h1>%s</h1>%s</body></html>\n" %
            (html.escape(title), html.escape(title), body)).encode("utf-8")


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "idporten-standin/1"
    provider = None  # set in main

    def log_message(self, fmt, *args):
        pass  # one line per request below, without query strings

    def log_request(self, code="-", size="-"):
        path = urllib.parse.urlsplit(self.path).path
        log("%s %s %s" % (self.command, path, code))

    # --- responses ---------------------------------------------------------
    def send(self, status, body, ctype, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Pragma", "no-cache")
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_json(self, status, obj, headers=()):
        self.send(status, json.dumps(obj).encode("utf-8"), "application/json",
                  headers)

    def send_html(self, status, title, body):
        self.send(status, page(title, body), "text/html; charset=utf-8")

    def redirect(self, uri, params):
        sep = "&" if urllib.parse.urlsplit(uri).query else "?"
        loc = uri + sep + urllib.parse.urlencode(params)
        self.send(302, b"", "text/plain", [("Location", loc)])

    # --- helpers -----------------------------------------------------------
    def query(self):
        q = urllib.parse.urlsplit(self.path).query
        return {k: v[0] for k, v in urllib.parse.parse_qs(
            q, keep_blank_values=True, max_num_fields=50).items()}

    def form(self):
        try:
            n = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            return None
        if n < 0 or n > MAX_BODY:
            return None
        raw = self.rfile.read(n).decode("utf-8", "replace")
        try:
            pairs = urllib.parse.parse_qs(raw, keep_blank_values=True,
                                          max_num_fields=50,
                                          strict_parsing=False)
        except ValueError:
            return None
        if any(len(v) > 1 for v in pairs.values()):
            return None  # repeated parameters are not allowed
        return {k: v[0] for k, v in pairs.items()}

    # --- routes ------------------------------------------------------------
    def do_GET(self):
        p = self.provider
        path = urllib.parse.urlsplit(self.path).path
        if path == "/.well-known/openid-configuration":
            self.send_json(200, p.discovery())
        elif path == "/jwks":
            self.send_json(200, {"keys": [p.key.jwk()]})
        elif path == "/authorize":
            self.authorize(self.query())
        elif path == "/":
            self.send_html(200, "ID-porten (testinstans)",
                           "<p>Se <a href=\"/.well-known/openid-"
                           "configuration\">openid-configuration</a>.</p>")
        else:
            self.send_json(404, {"error": "not_found"})

    def do_POST(self):
        path = urllib.parse.urlsplit(self.path).path
        if path == "/token":
            self.token()
        elif path == "/authorize/login":
            f = self.form()
            if f is None:
                self.send_html(400, "Feil", "<p>Ugyldig skjema.</p>")
            else:
                self.authorize(f, submitted=True)
        else:
            self.send_json(404, {"error": "not_found"})

    def authorize(self, q, submitted=False):
        p = self.provider
        client_id = q.get("client_id", "")
        redirect_uri = q.get("redirect_uri", "")
        # Never redirect to an unknown client or unregistered URI.
        if client_id != p.client_id or not p.redirect_ok(redirect_uri):
            self.send_html(400, "Feil i forespørselen",
                           "<p>Ukjent klient eller redirect_uri som ikke er "
                           "registrert.</p>")
            return
        state = q.get("state", "")

        def fail(error, desc):
            params = {"error": error, "error_description": desc}
            if state:
                params["state"] = state
            self.redirect(redirect_uri, params)

        if q.get("response_type") != "code":
            return fail("unsupported_response_type", "response_type=code only")
        if "openid" not in q.get("scope", "").split():
            return fail("invalid_scope", "scope must include openid")
        if (q.get("code_challenge_method") != "S256" or
                not re.fullmatch(r"[A-Za-z0-9_-]{43}",
                                 q.get("code_challenge", ""))):
            return fail("invalid_request", "PKCE with S256 is required")
        if not state or not q.get("nonce"):
            return fail("invalid_request", "state and nonce are required")
        bad = q.get("test_bad", "") or p.bad
        if bad and bad not in TOKEN_BAD | RESPONSE_BAD:
            return fail("invalid_request", "unknown test_bad mode")
        wanted = q.get("acr_values", "")
        if wanted and wanted not in (ACR_HIGH, ACR_SUBSTANTIAL):
            return fail("invalid_request", "unsupported acr_values")

        if submitted and "cancel" in q:
            return fail("access_denied", "user cancelled the login")
        pid = q.get("login_hint", "") if not submitted else q.get("pid", "")
        pid = pid.strip()
        if submitted and not pid:
            pid = q.get("person", "")
        error = ""
        if pid and PID_RE.fullmatch(pid):
            if submitted:
                acr = (ACR_SUBSTANTIAL if q.get("method") == "minid"
                       else ACR_HIGH)
            else:
                acr = wanted or ACR_HIGH
            if (wanted == ACR_HIGH and acr != ACR_HIGH and
                    bad != "low-acr"):
                error = "MinID gir ikke høyt nok sikkerhetsnivå her."
            else:
                code = p.new_code(q, pid, acr, bad)
                if code is None:
                    self.send_html(503, "Opptatt", "<p>For mange "
                                   "pågående innlogginger.</p>")
                    return
                log("login for a test person, acr %s%s" %
                    (acr, ", test_bad " + bad if bad else ""))
                self.redirect(redirect_uri, {"code": code, "state": state})
                return
        elif pid or submitted:
            error = "Fødselsnummeret må ha 11 siffer."
        self.login_form(q, error)

    def login_form(self, q, error):
        keep = ["client_id", "redirect_uri", "response_type", "scope",
                "state", "nonce", "code_challenge", "code_challenge_method",
                "acr_values", "ui_locales", "test_bad"]
        hidden = "".join(
            "<input type=\"hidden\" name=\"%s\" value=\"%s\">" %
            (html.escape(k), html.escape(q[k])) for k in keep if k in q)
        options = "".join(
            "<option value=\"%s\">%s – %s</option>" %
            (pid, html.escape(name), pid) for pid, name in TEST_PERSONS)
        err = ("<p role=\"alert\" class=\"note\">%s</p>" % html.escape(error)
               if error else "")
        body = (
            "<p class=\"note\">Testinnlogging. Bruk bare syntetiske "
            "fødselsnumre (testpersoner), aldri ekte.</p>%s"
            "<form method=\"post\" action=\"/authorize/login\">%s"
            "<label for=\"person\">Velg testperson</label>"
            "<select id=\"person\" name=\"person\">%s</select>"
            "<label for=\"pid\">… eller skriv et syntetisk fødselsnummer"
            "</label><input id=\"pid\" name=\"pid\" inputmode=\"numeric\" "
            "pattern=\"[0-9]{11}\" maxlength=\"11\" autocomplete=\"off\">"
            "<label for=\"method\">Innloggingsmetode</label>"
            "<select id=\"method\" name=\"method\">"
            "<option value=\"testid\">TestID / BankID (høyt nivå)</option>"
            "<option value=\"minid\">MinID (betydelig nivå)</option>"
            "</select><p><button type=\"submit\" name=\"login\">Logg inn"
            "</button> <button type=\"submit\" name=\"cancel\" "
            "formnovalidate>Avbryt</button></p></form>" %
            (err, hidden, options))
        self.send_html(200 if not error else 400, "ID-porten (test)", body)

    def client_auth(self, f):
        """The authenticated client id, or None."""
        p = self.provider
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            if "client_secret" in f:
                return None
            try:
                raw = base64.b64decode(auth[6:], validate=True).decode()
                cid, _, sec = raw.partition(":")
                cid = urllib.parse.unquote_plus(cid)
                sec = urllib.parse.unquote_plus(sec)
            except ValueError:
                return None
            if f.get("client_id", cid) != cid:
                return None
        else:
            cid, sec = f.get("client_id", ""), f.get("client_secret", "")
        ok_id = hmac.compare_digest(cid.encode(), p.client_id.encode())
        ok_sec = hmac.compare_digest(sec.encode(), p.client_secret.encode())
        return cid if ok_id and ok_sec else None

    def token(self):
        p = self.provider
        f = self.form()
        if f is None:
            return self.send_json(400, {"error": "invalid_request"})
        cid = self.client_auth(f)
        if cid is None:
            return self.send_json(401, {"error": "invalid_client"},
                                  [("WWW-Authenticate", "Basic")])
        if f.get("grant_type") != "authorization_code":
            return self.send_json(400, {"error": "unsupported_grant_type"})
        c = p.take_code(f.get("code", ""))
        if c is None:
            return self.send_json(400, {"error": "invalid_grant",
                                        "error_description": "unknown, used "
                                        "or expired code"})
        if c["client_id"] != cid or c["redirect_uri"] != f.get("redirect_uri"):
            return self.send_json(400, {"error": "invalid_grant",
                                        "error_description":
                                        "client or redirect_uri mismatch"})
        verifier = f.get("code_verifier", "")
        if not VERIFIER_RE.fullmatch(verifier) or not hmac.compare_digest(
                b64url(hashlib.sha256(verifier.encode("ascii")).digest()),
                c["challenge"]):
            return self.send_json(400, {"error": "invalid_grant",
                                        "error_description":
                                        "code_verifier does not match"})
        bad = c["bad"]
        if bad == "slow":
            time.sleep(3)
        elif bad == "error400":
            return self.send_json(400, {"error": "invalid_grant"})
        elif bad == "error500":
            return self.send_json(500, {"error": "server_error"})
        elif bad == "not-json":
            return self.send(200, b"<html>oops</html>", "text/html")
        elif bad == "huge":
            return self.send_json(200, {"id_token": "x" * (70 * 1024)})
        elif bad == "redirect":
            return self.send(302, b"", "text/plain",
                             [("Location", p.issuer + "/token")])
        self.send_json(200, {
            "id_token": p.id_token(c),
            "access_token": secrets.token_urlsafe(32),
            "token_type": "Bearer",
            "expires_in": TOKEN_TTL,
            "scope": "openid",
        })


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        err = sys.exc_info()[1]
        if isinstance(err, (BrokenPipeError, ConnectionResetError)):
            log("client went away before the answer (%s)" %
                type(err).__name__)
        else:
            super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser(description="ID-porten stand-in")
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, required=True)
    a = ap.parse_args()
    if not 1 <= a.port <= 65535:
        raise SystemExit("idporten.py: bad port")
    os.makedirs(a.dir, mode=0o700, exist_ok=True)
    Handler.provider = Provider(a.dir, a.port)
    srv = Server(("127.0.0.1", a.port), Handler)
    log("listening on %s (client %s%s)" %
        (Handler.provider.issuer, Handler.provider.client_id,
         ", IDP_BAD " + Handler.provider.bad if Handler.provider.bad else ""))
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    srv.server_close()


if __name__ == "__main__":
    main()
