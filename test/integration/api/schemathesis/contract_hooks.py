"""What schemathesis must know of the API's contract that JSON Schema cannot say.

Loaded through SCHEMATHESIS_HOOKS by test/integration/api/contract.test.ts. Each rule here is
stated in the OpenAPI document for people; this file only teaches it to the fuzzer, so that the
requests it calls valid are the ones the document calls valid.
"""

import itertools
import os
import urllib.error
import urllib.parse
import urllib.request

import schemathesis
from hypothesis import strategies as st


def luhn_check_digit(first13: str) -> str:
    total = 0
    for position, char in enumerate(reversed(first13)):
        digit = int(char)
        # The check digit will stand at the far right, so the doubled digits are those at even positions here.
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


# `format: siret`: 14 digits whose last is the INSEE's Luhn key (RULES.md §2.5).
schemathesis.openapi.format(
    "siret",
    st.text("0123456789", min_size=13, max_size=13).map(lambda first13: first13 + luhn_check_digit(first13)),
)


def positive(case):
    return case.meta is not None and case.meta.generation.mode.is_positive


api_url = os.environ["CONTRACT_API_URL"]
# The habilitation the caller acts with (GET /api/v1/me lists it).
caller_habilitation = os.environ["CONTRACT_HABILITATION_ID"]


@schemathesis.hook
def filter_case(ctx, case):
    """The two rules that compare two dates of one event (their schemas' descriptions say them).

    And the run keeps the habilitation it acts with: revoking one's own is habilitations.test.ts's
    business, and would leave the rest of the run with 403s only.
    """
    if case.method == "DELETE" and (case.path_parameters or {}).get("id") == caller_habilitation:
        return False
    body = case.body
    if not positive(case) or not isinstance(body, dict):
        return True
    dates = lambda *names: all(isinstance(body.get(name), str) for name in names)
    if body.get("type") == "SIGN_CONTRACT" and dates("startsOn", "endsOn"):
        return body["endsOn"] > body["startsOn"]
    if body.get("type") == "DECLARE_ABSENCE" and dates("from", "to"):
        return body["to"] >= body["from"]
    return True


keys = itertools.count(1)
caller_siret = os.environ.get("CONTRACT_CALLER_SIRET")


class _Unfollowed(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def start_sign_in():
    """GET /auth/login as a browser does: the attempt cookie it sets, and the state it sends to the provider."""
    try:
        urllib.request.build_opener(_Unfollowed).open(f"{api_url}/auth/login", timeout=30)
    except urllib.error.HTTPError as redirect:
        if redirect.code != 303:
            raise
        pairs = (line.split(";", 1)[0].split("=", 1) for line in redirect.headers.get_all("Set-Cookie") or [])
        cookie = dict(pairs)["cnum_sign_in"]
        state = urllib.parse.parse_qs(urllib.parse.urlsplit(redirect.headers["Location"]).query)["state"][0]
        return cookie, state
    raise AssertionError("GET /auth/login did not redirect")


@schemathesis.hook
def map_case(ctx, case):
    """A valid request as a real client sends it: a key of its own, and an application for itself."""
    if not positive(case):
        return case
    # One Idempotency-Key, one request: the same key with another body is refused (422), by design.
    if case.headers and "Idempotency-Key" in case.headers:
        case.headers["Idempotency-Key"] = f"contract-{os.getpid()}-{next(keys)}"
    # A structure applies for its own SIRET (any other is refused, 403): the caller's, when it is one.
    if caller_siret and case.method == "POST" and case.path == "/api/v1/posts" and isinstance(case.body, dict):
        structure = case.body.get("structure")
        if isinstance(structure, dict):
            structure["siret"] = caller_siret
    return case


def negative(case):
    return case.meta is not None and not case.meta.generation.mode.is_positive


@schemathesis.hook
def before_call(ctx, case, kwargs):
    """What a real client does around any valid request, the document's examples included.

    It names the habilitation it acts with (the run may grant it more, and then it must), and it
    sends a sign-in callback only for a sign-in it started: the provider's answer, the code, is
    what is fuzzed there.
    """
    if negative(case):
        return
    if case.path.startswith("/api/v1/") and case.path not in ("/api/v1/me", "/api/v1/openapi.json"):
        headers = {name: value for name, value in (case.headers or {}).items() if name.lower() != "cnum-habilitation"}
        case.headers = {**headers, "Cnum-Habilitation": caller_habilitation}
    if case.path == "/auth/callback":
        cookie, state = start_sign_in()
        case.cookies = {**(case.cookies or {}), "cnum_sign_in": cookie}
        case.query = {**(case.query or {}), "state": state}
