"""LTI 1.3 Core and Assignment and Grade Services, on PyJWT + cryptography.

PyJWT verifies and signs the JSON Web Tokens (RS256, JWKS fetching and caching) and cryptography makes the tool's
RSA key; what LTI adds on top (OIDC login initiation, which claims a launch must carry, line items and scores) is
a few HTTP exchanges, written here against the IMS specifications. PyLTI1p3 would do the same behind framework
adapters (Django, Flask) and its own session and cache abstractions that we would have to fit onto Starlette and
our storage; its tests of the refusals would still be ours to write.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any

import jwt
import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from mathgrade.errors import UsageError
from mathgrade.serve.storage import Storage

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
SCOPE_LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
SCOPE_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
SCOPE_RESULT = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"
_TEACHING = frozenset({"Instructor", "Administrator", "ContentDeveloper", "TeachingAssistant"})
HTTP_TIMEOUT = 10.0
LEEWAY = 30  # seconds of clock skew tolerated on exp/iat


class Refusal(str, Enum):
    """Why a launch was refused (tests and logs branch on these, never on message text)."""

    UNKNOWN_PLATFORM = "unknown_platform"
    BAD_TOKEN = "bad_token"
    BAD_SIGNATURE = "bad_signature"
    WRONG_AUDIENCE = "wrong_audience"
    EXPIRED = "expired"
    BAD_STATE = "bad_state"
    BAD_NONCE = "bad_nonce"
    REPLAYED = "replayed_nonce"
    BAD_DEPLOYMENT = "bad_deployment"
    BAD_MESSAGE = "bad_message"
    NO_ASSIGNMENT = "no_assignment"


class LaunchError(Exception):
    """A launch that must not open a session; `refusal` says which check failed."""

    def __init__(self, refusal: Refusal, detail: str) -> None:
        super().__init__(f"{refusal.value}: {detail}")
        self.refusal = refusal


@dataclass(frozen=True)
class Platform:
    """One LMS registration: the values the LMS shows when the tool is added to it."""

    issuer: str
    client_id: str
    auth_login_url: str
    auth_token_url: str
    key_set_url: str
    deployment_ids: tuple[str, ...]


@dataclass(frozen=True)
class Launch:
    """A validated launch: who, in which role, from which resource link, and where their score goes."""

    platform: Platform
    sub: str
    name: str
    email: str
    instructor: bool
    resource_link: str
    assignment: str | None
    lineitem: str | None
    lineitems: str | None
    scopes: tuple[str, ...]


def _teaches(role: str) -> bool:
    """A membership, institution or system role that may see the class (Instructor, TA, ...), not a Learner's."""
    head, _, fragment = role.rpartition("#")
    return fragment in _TEACHING and not head.endswith("/Learner")


def load_platforms(path: Path) -> list[Platform]:
    """Registrations from YAML/JSON: a list of mappings with the Platform fields (deployment_ids a list)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    entries = data.get("platforms") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise UsageError(f"{path}: expected a list of platforms (issuer, client_id, auth_login_url, ...)")
    out = []
    for n, entry in enumerate(entries):
        try:
            out.append(Platform(str(entry["issuer"]), str(entry["client_id"]), str(entry["auth_login_url"]),
                                str(entry["auth_token_url"]), str(entry["key_set_url"]),
                                tuple(str(d) for d in entry["deployment_ids"])))
        except (KeyError, TypeError) as exc:
            raise UsageError(f"{path}: platform {n + 1}: missing or wrong field {exc}") from None
    return out


def _new_key() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode("ascii")
    return secrets.token_hex(8), pem


def _http(method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> Any:
    """JSON from an HTTP(S) request to a registered platform (never to an address a launch supplies freely)."""
    if urllib.parse.urlparse(url).scheme not in ("http", "https"):
        raise ValueError(f"not an http(s) URL: {url!r}")
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:
        text = response.read(1_000_000)
    return json.loads(text) if text.strip() else None


class Tool:
    """The tool side of LTI: login, launch validation, the tool's key and JWKS, line items and scores."""

    def __init__(self, platforms: list[Platform], storage: Storage, base_url: str) -> None:
        self.platforms = platforms
        self.storage = storage
        self.base_url = base_url.rstrip("/")
        self.kid, pem = storage.tool_key(_new_key)
        self.key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
        self._jwks: dict[str, jwt.PyJWKClient] = {}
        self._tokens: dict[tuple[str, str], tuple[str, float]] = {}
        self._lineitem_lock = threading.Lock()

    def jwks(self) -> dict[str, Any]:
        """The tool's public key set (served at /.well-known/jwks.json; platforms verify our assertions)."""
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))  # type: ignore[union-attr]
        return {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def _platform(self, issuer: str, client_id: str | None) -> Platform:
        for p in self.platforms:
            if p.issuer == issuer and (client_id is None or p.client_id == client_id):
                return p
        raise LaunchError(Refusal.UNKNOWN_PLATFORM, f"no registration for issuer {issuer!r}")

    def login(self, params: dict[str, str]) -> str:
        """OIDC login initiation: remember a state and nonce, return the platform's authorization URL."""
        for key in ("iss", "login_hint", "target_link_uri"):
            if not params.get(key):
                raise LaunchError(Refusal.BAD_MESSAGE, f"login initiation without {key}")
        platform = self._platform(params["iss"], params.get("client_id"))
        state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        self.storage.put_state(state, nonce, platform.issuer)
        query = {"scope": "openid", "response_type": "id_token", "response_mode": "form_post", "prompt": "none",
                 "client_id": platform.client_id, "redirect_uri": f"{self.base_url}/lti/launch",
                 "login_hint": params["login_hint"], "state": state, "nonce": nonce}
        if params.get("lti_message_hint"):
            query["lti_message_hint"] = params["lti_message_hint"]
        return f"{platform.auth_login_url}?{urllib.parse.urlencode(query)}"

    def _key_client(self, platform: Platform) -> jwt.PyJWKClient:
        client = self._jwks.get(platform.key_set_url)
        if client is None:
            client = self._jwks[platform.key_set_url] = jwt.PyJWKClient(platform.key_set_url, cache_keys=True,
                                                                         lifespan=3600, timeout=int(HTTP_TIMEOUT))
        return client

    def launch(self, id_token: str, state: str) -> Launch:
        """Validate a launch (signature against the platform's JWKS, iss, aud, exp, nonce, deployment, message)."""
        try:
            unverified = jwt.decode(id_token, options={"verify_signature": False})
            header = jwt.get_unverified_header(id_token)
        except jwt.PyJWTError as exc:
            raise LaunchError(Refusal.BAD_TOKEN, str(exc)) from None
        issuer = unverified.get("iss")
        audience = unverified.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if not isinstance(issuer, str):
            raise LaunchError(Refusal.BAD_TOKEN, "no issuer")
        candidates = [p for p in self.platforms if p.issuer == issuer]
        if not candidates:
            raise LaunchError(Refusal.UNKNOWN_PLATFORM, f"no registration for issuer {issuer!r}")
        platform = next((p for p in candidates if p.client_id in audiences), None)
        if platform is None:
            raise LaunchError(Refusal.WRONG_AUDIENCE, f"token for {audience!r}, not this tool")
        if header.get("alg") != "RS256":
            raise LaunchError(Refusal.BAD_SIGNATURE, f"algorithm {header.get('alg')!r} is not RS256")
        try:
            key = self._key_client(platform).get_signing_key_from_jwt(id_token).key
        except jwt.PyJWKClientError as exc:
            raise LaunchError(Refusal.BAD_SIGNATURE, f"no platform key for this token: {exc}") from None
        try:
            claims = jwt.decode(id_token, key, algorithms=["RS256"], audience=platform.client_id, issuer=issuer,
                                leeway=LEEWAY, options={"require": ["exp", "iat", "sub", "nonce", "aud", "iss"]})
        except jwt.ExpiredSignatureError as exc:
            raise LaunchError(Refusal.EXPIRED, str(exc)) from None
        except jwt.InvalidSignatureError as exc:
            raise LaunchError(Refusal.BAD_SIGNATURE, str(exc)) from None
        except jwt.InvalidAudienceError as exc:
            raise LaunchError(Refusal.WRONG_AUDIENCE, str(exc)) from None
        except jwt.PyJWTError as exc:
            raise LaunchError(Refusal.BAD_TOKEN, str(exc)) from None
        if len(audiences) > 1 and claims.get("azp") != platform.client_id:
            raise LaunchError(Refusal.WRONG_AUDIENCE, "several audiences and azp is not this tool")
        remembered = self.storage.take_state(state)
        if remembered is None or remembered[1] != issuer:
            raise LaunchError(Refusal.BAD_STATE, "unknown, used or expired state")
        if claims["nonce"] != remembered[0]:
            raise LaunchError(Refusal.BAD_NONCE, "the nonce is not the one this login sent")
        if not self.storage.use_nonce(claims["nonce"], float(claims["exp"]) + LEEWAY):
            raise LaunchError(Refusal.REPLAYED, "this launch was used before")
        return self._read_claims(platform, claims)

    def _read_claims(self, platform: Platform, claims: dict[str, Any]) -> Launch:
        if claims.get(LTI + "deployment_id") not in platform.deployment_ids:
            raise LaunchError(Refusal.BAD_DEPLOYMENT, f"deployment {claims.get(LTI + 'deployment_id')!r}")
        if claims.get(LTI + "message_type") != "LtiResourceLinkRequest" or claims.get(LTI + "version") != "1.3.0":
            raise LaunchError(Refusal.BAD_MESSAGE, "not an LTI 1.3.0 resource link launch")
        link = claims.get(LTI + "resource_link")
        if not isinstance(link, dict) or not link.get("id"):
            raise LaunchError(Refusal.BAD_MESSAGE, "no resource link")
        roles = claims.get(LTI + "roles") or []
        if not isinstance(roles, list):
            raise LaunchError(Refusal.BAD_MESSAGE, "roles must be a list")
        custom = claims.get(LTI + "custom") or {}
        assignment = custom.get("assignment") if isinstance(custom, dict) else None
        target = str(claims.get(LTI + "target_link_uri") or "")
        if assignment is None and "/assignments/" in target:
            assignment = target.rsplit("/assignments/", 1)[1].split("/")[0].split("?")[0] or None
        ags = claims.get(AGS) or {}
        return Launch(platform=platform, sub=str(claims["sub"]), name=str(claims.get("name") or claims["sub"]),
                      email=str(claims.get("email") or ""),
                      instructor=any(_teaches(str(r)) for r in roles),
                      resource_link=str(link["id"]), assignment=str(assignment) if assignment else None,
                      lineitem=ags.get("lineitem") if isinstance(ags, dict) else None,
                      lineitems=ags.get("lineitems") if isinstance(ags, dict) else None,
                      scopes=tuple(ags.get("scope") or ()) if isinstance(ags, dict) else ())

    # Assignment and Grade Services

    def _access_token(self, platform: Platform, scopes: tuple[str, ...]) -> str:
        """A client-credentials token, asked for with an assertion signed by the tool's key; cached until expiry."""
        scope = " ".join(sorted(scopes))
        cached = self._tokens.get((platform.issuer, scope))
        if cached and cached[1] > time.time() + 30:
            return cached[0]
        now = int(time.time())
        assertion = jwt.encode({"iss": platform.client_id, "sub": platform.client_id, "aud": platform.auth_token_url,
                                "iat": now, "exp": now + 300, "jti": secrets.token_urlsafe(16)},
                               self.key, algorithm="RS256", headers={"kid": self.kid})  # type: ignore[arg-type]
        body = urllib.parse.urlencode({
            "grant_type": "client_credentials", "scope": scope,
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion}).encode("ascii")
        reply = _http("POST", platform.auth_token_url, body, {"Content-Type": "application/x-www-form-urlencoded"})
        token = str(reply["access_token"])
        self._tokens[(platform.issuer, scope)] = (token, time.time() + float(reply.get("expires_in", 3600)))
        return token

    def lineitem(self, launch: Launch, assignment: str, maximum: float, label: str) -> str | None:
        """The line item scores go to: the launch's own, else the one created for this link before, else a new one
        (found by resourceId first, so a lost database does not duplicate it). None without AGS."""
        if launch.lineitem:
            return launch.lineitem
        if not launch.lineitems or SCOPE_LINEITEM not in launch.scopes:
            return None
        with self._lineitem_lock:
            known = self.storage.lineitem(launch.platform.issuer, launch.resource_link)
            if known:
                return known
            token = self._access_token(launch.platform, (SCOPE_LINEITEM, SCOPE_SCORE))
            auth = {"Authorization": f"Bearer {token}"}
            query = urllib.parse.urlencode({"resource_link_id": launch.resource_link, "resource_id": assignment})
            sep = "&" if "?" in launch.lineitems else "?"
            existing = _http("GET", f"{launch.lineitems}{sep}{query}",
                             headers={**auth, "Accept": "application/vnd.ims.lis.v2.lineitemcontainer+json"}) or []
            found = next((i["id"] for i in existing if i.get("resourceId") == assignment
                          and i.get("resourceLinkId", launch.resource_link) == launch.resource_link), None)
            if found is None:
                body = json.dumps({"scoreMaximum": maximum, "label": label, "resourceId": assignment,
                                   "resourceLinkId": launch.resource_link, "tag": "mathgrade"}).encode()
                made = _http("POST", launch.lineitems, body,
                             {**auth, "Content-Type": "application/vnd.ims.lis.v2.lineitem+json"})
                found = made["id"]
            return self.storage.set_lineitem(launch.platform.issuer, launch.resource_link, str(found))

    def post_score(self, issuer: str, client_id: str | None, lineitem: str, user_sub: str, score: float,
                   maximum: float, complete: bool) -> None:
        """Post one score to a line item (AGS score service). Raises on a refusal from the platform."""
        platform = self._platform(issuer, client_id)
        token = self._access_token(platform, (SCOPE_LINEITEM, SCOPE_SCORE))
        parts = urllib.parse.urlsplit(lineitem)
        url = urllib.parse.urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores"))
        stamp = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        body = json.dumps({"userId": user_sub, "scoreGiven": score, "scoreMaximum": maximum,
                           "activityProgress": "Completed" if complete else "Submitted",
                           "gradingProgress": "FullyGraded", "timestamp": stamp}).encode()
        _http("POST", url, body, {"Authorization": f"Bearer {token}",
                                  "Content-Type": "application/vnd.ims.lis.v1.score+json"})
