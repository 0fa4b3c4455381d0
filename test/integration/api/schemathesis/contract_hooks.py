"""What schemathesis must know of the API's contract that JSON Schema cannot say.

Loaded through SCHEMATHESIS_HOOKS by test/integration/api/contract.test.ts. Each rule here is
stated in the OpenAPI document for people; this file only teaches it to the fuzzer, so that the
requests it calls valid are the ones the document calls valid.
"""

import itertools
import os

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


@schemathesis.hook
def filter_case(ctx, case):
    """The two rules that compare two dates of one event (their schemas' descriptions say them)."""
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
