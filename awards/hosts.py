"""What sits in front of the application: the hosts it serves and the proxies it trusts.

Both are WSGI middleware, so they act before Flask builds a request: a request for a host we
do not serve is refused with a plain 400 page that links nowhere (an error page built with
``url_for`` on the attacker's host would be the very thing the check prevents), and behind
``AWARDS_PROXY_HOPS`` reverse proxies Werkzeug's ``ProxyFix`` makes ``request.remote_addr``
the client's address (the rate-limit key and the audit trail's IP) and the scheme the
client's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.sansio.utils import host_is_trusted
from werkzeug.wrappers import Response
from werkzeug.wsgi import get_host, get_path_info

from awards.security import CSP

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

#: Load balancers probe by IP address: the health check answers whatever the host.
UNCHECKED_PATHS = frozenset({"/healthz"})

REFUSAL = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>400 Bad Request</title></head>
<body><h1>The request could not be understood</h1>
<p>This site is not served here. Check the address you typed.</p></body></html>
"""


class TrustedHosts:
    """Refuse (400) a request whose Host is not one of ``hosts``; no check when it is empty."""

    def __init__(self, wsgi_app: WSGIApplication, hosts: Iterable[str]) -> None:
        self.wsgi_app = wsgi_app
        self.hosts = list(hosts)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if (
            self.hosts
            and get_path_info(environ) not in UNCHECKED_PATHS
            and not host_is_trusted(get_host(environ), self.hosts)
        ):
            refusal = Response(REFUSAL, status=400, mimetype="text/html")
            refusal.headers["Content-Security-Policy"] = CSP
            refusal.headers["X-Content-Type-Options"] = "nosniff"
            refusal.headers["Cache-Control"] = "no-store"
            return refusal(environ, start_response)
        return self.wsgi_app(environ, start_response)


def install_front(app: Flask) -> None:
    """Wrap the WSGI app: ProxyFix outermost (so the host check sees the client's scheme)."""
    wsgi_app: WSGIApplication = TrustedHosts(app.wsgi_app, app.config["AWARDS_TRUSTED_HOSTS"])
    hops = int(app.config["AWARDS_PROXY_HOPS"])
    if hops > 0:
        # The proxy passes the Host header through; X-Forwarded-Host is not trusted.
        wsgi_app = ProxyFix(wsgi_app, x_for=hops, x_proto=hops)
    # Wrapping wsgi_app is how Flask documents adding WSGI middleware.
    app.wsgi_app = wsgi_app  # type: ignore[assignment]
