"""Client addresses as vote review needs them: the subnet now, and only the subnet later.

Pure: no Flask, no database. Review groups votes by network, not by address: a /24 for IPv4
and a /48 for IPv6 (what one site or household usually holds). An IPv4-mapped IPv6 address
(``::ffff:192.0.2.7``, as a dual-stack socket reports IPv4 clients) is treated as the IPv4
address it carries. When the edition's retention period is over the address is reduced to its
subnet (:func:`reduce_ip`), which no longer names one machine.
"""

from __future__ import annotations

import ipaddress

IPV4_PREFIX = 24
IPV6_PREFIX = 48

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(ip: str) -> Address | None:
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _subnet(address: Address) -> Network:
    if isinstance(address, ipaddress.IPv4Address):
        return ipaddress.IPv4Network((int(address), IPV4_PREFIX), strict=False)
    return ipaddress.IPv6Network((int(address), IPV6_PREFIX), strict=False)


def subnet_of(ip: str | None) -> str:
    """The /24 (IPv4) or /48 (IPv6) holding ``ip``, like ``192.0.2.0/24``; ``''`` if invalid
    or missing."""
    address = _address(ip) if ip else None
    return str(_subnet(address)) if address is not None else ""


def reduce_ip(ip: str) -> str:
    """What is kept of ``ip`` after retention: its subnet only; ``''`` if it is no address.

    A value reduced already (a subnet of the review's size or wider) is kept as it is, so the
    reduction can run twice.
    """
    address = _address(ip)
    if address is not None:
        return str(_subnet(address))
    try:
        network = ipaddress.ip_network(ip.strip(), strict=False)
    except ValueError:
        return ""
    wanted = IPV4_PREFIX if network.version == 4 else IPV6_PREFIX
    if network.prefixlen > wanted:
        return str(network.supernet(new_prefix=wanted))
    return str(network)
