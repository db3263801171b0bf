"""A test LTI 1.3 platform: its own RSA keys, JWKS, OIDC auth, token and AGS endpoints, on 127.0.0.1.

Written from the IMS specifications (LTI 1.3 Core, Security Framework, AGS 2.0), not from the tool's code: it
checks the tool's client assertion against the tool's published JWKS and the score bodies field by field, and
records everything it received so the tests can say what the LMS gradebook would show.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
SCOPES = ["https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
          "https://purl.imsglobal.org/spec/lti-ags/scope/score"]


@dataclass
class Received:
    """What the platform was sent."""

    tokens: list[dict[str, Any]] = field(default_factory=list)
    lineitems: list[dict[str, Any]] = field(default_factory=list)
    scores: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


class Platform:
    """Start with `start()`, stop with `stop()`; `tool_jwks_url` must be set before the tool asks for a token."""

    def __init__(self, client_id: str = "mathgrade-tool-7", deployment: str = "dep-1") -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "platform-key-1"
        self.client_id = client_id
        self.deployment = deployment
        self.received = Received()
        self.tool_jwks_url = ""
        self.tool_launch_url = ""
        self.access_tokens: set[str] = set()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.issuer = self.url  # an issuer is an https URL in production; the tool only compares it
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> Platform:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def registration(self) -> dict[str, Any]:
        """What an LMS admin would type into the tool's platform file."""
        return {"issuer": self.issuer, "client_id": self.client_id, "auth_login_url": f"{self.url}/auth",
                "auth_token_url": f"{self.url}/token", "key_set_url": f"{self.url}/jwks",
                "deployment_ids": [self.deployment]}

    def jwks(self) -> dict[str, Any]:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def id_token(self, nonce: str, sub: str = "student-1", roles: tuple[str, ...] = (LEARNER,),
                 resource_link: str = "rl-1", assignment: str | None = "quiz3", lineitem: str | None = None,
                 ags: bool = True, key: Any = None, kid: str | None = None, aud: Any = None,
                 expires_in: int = 300, deployment: str | None = None, name: str = "Ada Student") -> str:
        """A launch id_token as the platform signs it; every argument is a way to get it wrong on purpose."""
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer, "aud": self.client_id if aud is None else aud, "sub": sub,
            "iat": now - 5, "exp": now + expires_in, "nonce": nonce, "name": name, "email": f"{sub}@example.edu",
            LTI + "message_type": "LtiResourceLinkRequest", LTI + "version": "1.3.0",
            LTI + "deployment_id": self.deployment if deployment is None else deployment,
            LTI + "target_link_uri": self.tool_launch_url, LTI + "roles": list(roles),
            LTI + "resource_link": {"id": resource_link, "title": "Homework"},
            LTI + "context": {"id": "course-42", "label": "MATH 221"},
        }
        if assignment is not None:
            claims[LTI + "custom"] = {"assignment": assignment}
        if ags:
            endpoint: dict[str, Any] = {"scope": SCOPES, "lineitems": f"{self.url}/lineitems"}
            if lineitem is not None:
                endpoint["lineitem"] = lineitem
            claims[AGS] = endpoint
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": kid or self.kid})

    def scores_for(self, sub: str) -> list[dict[str, Any]]:
        return [body for _, body in self.received.scores if body["userId"] == sub]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _reply(self, status: int, body: Any, kind: str = "application/json") -> None:
                data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _authorized(self) -> bool:
                auth = self.headers.get("Authorization", "")
                ok = auth.startswith("Bearer ") and auth[7:] in platform.access_tokens
                if not ok:
                    platform.received.refused.append(f"{self.command} {self.path}: no valid access token")
                    self._reply(401, {"error": "invalid_token"})
                return ok

            def do_GET(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                if url.path == "/jwks":
                    self._reply(200, platform.jwks())
                elif url.path == "/auth":
                    self._auth(dict(urllib.parse.parse_qsl(url.query)))
                elif url.path == "/lineitems":
                    if self._authorized():
                        query = dict(urllib.parse.parse_qsl(url.query))
                        items = [i for i in platform.received.lineitems
                                 if all(i.get(k) == v for k, v in (("resourceLinkId", query.get("resource_link_id")),
                                                                   ("resourceId", query.get("resource_id"))) if v)]
                        self._reply(200, items, "application/vnd.ims.lis.v2.lineitemcontainer+json")
                else:
                    self._reply(404, {"error": "not found"})

            def _auth(self, query: dict[str, str]) -> None:
                """OIDC authorization: the browser comes here from the tool's login and is sent back with a
                signed id_token in an auto-submitted form (what a real LMS does, minus its own sign-in)."""
                if query.get("client_id") != platform.client_id or query.get("response_type") != "id_token":
                    self._reply(400, {"error": "invalid_request"})
                    return
                token = platform.id_token(query["nonce"], sub=query.get("login_hint", "student-1"))
                page = (f'<!DOCTYPE html><html><body><form id="f" method="post" action="{query["redirect_uri"]}">'
                        f'<input type="hidden" name="id_token" value="{token}">'
                        f'<input type="hidden" name="state" value="{query["state"]}"></form>'
                        '<script>document.getElementById("f").submit();</script></body></html>')
                self._reply(200, page, "text/html")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length).decode()
                url = urllib.parse.urlsplit(self.path)
                if url.path == "/token":
                    self._token(dict(urllib.parse.parse_qsl(raw)))
                elif url.path == "/lineitems":
                    if self._authorized():
                        item = json.loads(raw)
                        item["id"] = f"{platform.url}/lineitems/{len(platform.received.lineitems) + 1}"
                        platform.received.lineitems.append(item)
                        self._reply(201, item, "application/vnd.ims.lis.v2.lineitem+json")
                elif url.path.startswith("/lineitems/") and url.path.endswith("/scores"):
                    if self.headers.get("Content-Type") != "application/vnd.ims.lis.v1.score+json":
                        self._reply(415, {"error": "score media type"})
                    elif self._authorized():
                        platform.received.scores.append((url.path.rsplit("/scores", 1)[0], json.loads(raw)))
                        self._reply(200, "")
                else:
                    self._reply(404, {"error": "not found"})

            def _token(self, form: dict[str, str]) -> None:
                """Client credentials with a JWT assertion: verified against the tool's published key set."""
                try:
                    assert form["grant_type"] == "client_credentials"
                    assert form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
                    keys = jwt.PyJWKClient(platform.tool_jwks_url)
                    key = keys.get_signing_key_from_jwt(form["client_assertion"]).key
                    claims = jwt.decode(form["client_assertion"], key, algorithms=["RS256"],
                                        audience=f"{platform.url}/token", issuer=platform.client_id,
                                        options={"require": ["exp", "iat", "jti", "sub"]})
                    assert claims["sub"] == platform.client_id
                except Exception as exc:  # noqa: BLE001 - any defect is the tool's, recorded for the test
                    platform.received.refused.append(f"token: {type(exc).__name__}: {exc}")
                    self._reply(400, {"error": "invalid_client"})
                    return
                platform.received.tokens.append({"scope": form.get("scope", ""), "claims": claims})
                token = secrets.token_urlsafe(16)
                platform.access_tokens.add(token)
                self._reply(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600,
                                  "scope": form.get("scope", "")})

        return Handler


def fetch_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())
