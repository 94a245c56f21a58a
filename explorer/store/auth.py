"""Who may write: facilitators write, viewers read; roles from the environment (sign-in itself is web/auth.py).

    EXPLORER_FACILITATORS="alice:secret,bob:other"   # may add notes, votes, views and presentations
    EXPLORER_VIEWERS="room:shared-pw"                # may look, never change anything

With neither set there is no sign-in: everyone who reaches the app may write, so the app must listen on
127.0.0.1 only (`safe_host`). Roles are checked in the store on every write (`require_writer`), not
only by hiding buttons. The role comes from each request's Authorization header, so no worker keeps a
session of its own.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

FACILITATOR = "facilitator"
VIEWER = "viewer"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


class ReadOnlyError(PermissionError):
    """A viewer (or an unknown user) tried to change something."""


@dataclass(frozen=True)
class Actor:
    """Whoever does an action: a user name (empty without sign-in) and a role."""

    name: str
    role: str

    @property
    def can_write(self) -> bool:
        return self.role == FACILITATOR


LOCAL = Actor("", FACILITATOR)  # no sign-in configured: the app is on localhost only


def require_writer(actor: Actor) -> None:
    if not actor.can_write:
        who = f"“{actor.name}”" if actor.name else "This account"
        raise ReadOnlyError(
            f"{who} has the viewer role, which is read-only: viewers can see notes, views and "
            "presentations but cannot change them. Ask a facilitator."
        )


@dataclass(frozen=True)
class Roles:
    facilitators: Mapping[str, str] = field(default_factory=dict)
    viewers: Mapping[str, str] = field(default_factory=dict)

    @property
    def enabled(self) -> bool:
        return bool(self.facilitators or self.viewers)

    def check(self, username: str, password: str) -> bool:
        """Basic-auth check in constant time per candidate."""
        expected = self.facilitators.get(username, self.viewers.get(username))
        return expected is not None and hmac.compare_digest(expected.encode(), password.encode())

    def actor(self, username: str | None) -> Actor:
        if not self.enabled:
            return LOCAL
        name = username or ""
        return Actor(name, FACILITATOR if name in self.facilitators else VIEWER)

    def secret(self) -> str:
        """A session key the same in every worker with the same configuration (dash-auth writes a session)."""
        material = "\n".join(f"{u}:{p}" for u, p in sorted({**self.facilitators, **self.viewers}.items()))
        return hashlib.sha256(("system-map-explorer\n" + material).encode()).hexdigest()


def parse_users(value: str, variable: str) -> dict[str, str]:
    """'alice:pw,bob:pw' → {'alice': 'pw', 'bob': 'pw'}. A password may hold ':' but not ','."""
    users: dict[str, str] = {}
    for entry in (e.strip() for e in value.split(",")):
        if not entry:
            continue
        name, sep, password = entry.partition(":")
        if not sep or not name.strip() or not password:
            raise ValueError(f"{variable}: each entry must be name:password (got {name.strip() or entry!r})")
        users[name.strip()] = password
    return users


def roles_from_env(environ: Mapping[str, str] | None = None) -> Roles:
    env = os.environ if environ is None else environ
    facilitators = parse_users(env.get("EXPLORER_FACILITATORS", ""), "EXPLORER_FACILITATORS")
    viewers = parse_users(env.get("EXPLORER_VIEWERS", ""), "EXPLORER_VIEWERS")
    both = sorted(set(facilitators) & set(viewers))
    if both:
        raise ValueError(f"Users listed as both facilitator and viewer: {', '.join(both)}")
    return Roles(facilitators, viewers)


def auth_summary(roles: Roles | None = None) -> str:
    """One line for the start-up banner."""
    roles = roles_from_env() if roles is None else roles
    if not roles.enabled:
        return (
            "Sign-in is off (EXPLORER_FACILITATORS and EXPLORER_VIEWERS are not set): listening on "
            "127.0.0.1 only, and anyone on this computer can add notes and views."
        )
    f, v = len(roles.facilitators), len(roles.viewers)
    return (
        f"Sign-in is on (basic auth): {f} facilitator{'s' * (f != 1)} may write, "
        f"{v} viewer{'s' * (v != 1)} may only read. Serve it over HTTPS: basic auth sends passwords "
        "with every request."
    )


def safe_host(requested: str, roles: Roles | None = None) -> str:
    """The host to bind: the requested one with sign-in on, 127.0.0.1 without it."""
    roles = roles_from_env() if roles is None else roles
    return requested if roles.enabled or requested in LOOPBACK else "127.0.0.1"
