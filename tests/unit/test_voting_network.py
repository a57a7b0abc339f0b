"""What a vote keeps of the client's address: its /24 or /48, and after retention only that."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awards.voting.network import reduce_ip, subnet_of


@pytest.mark.parametrize(
    ("ip", "subnet"),
    [
        ("192.0.2.7", "192.0.2.0/24"),
        ("192.0.2.255", "192.0.2.0/24"),
        ("192.0.3.0", "192.0.3.0/24"),
        (" 10.1.2.3 ", "10.1.2.0/24"),
        ("0.0.0.1", "0.0.0.0/24"),
        ("255.255.255.255", "255.255.255.0/24"),
        ("2001:db8:1234:5678::1", "2001:db8:1234::/48"),
        ("2001:DB8:1234:FFFF:FFFF:FFFF:FFFF:FFFF", "2001:db8:1234::/48"),
        ("2001:db8:1235::1", "2001:db8:1235::/48"),
        ("::1", "::/48"),
        ("fe80::1%eth0", "fe80::/48"),
        ("::ffff:192.0.2.7", "192.0.2.0/24"),  # IPv4-mapped: the IPv4 address it carries
        ("::ffff:c000:207", "192.0.2.0/24"),
        ("", ""),
        ("nonsense", ""),
        ("256.1.1.1", ""),
        ("192.0.2", ""),
        ("192.0.2.0/24", ""),  # a network is not an address
        ("2001:db8::g", ""),
    ],
)
def test_subnet_of(ip: str, subnet: str) -> None:
    assert subnet_of(ip) == subnet


@pytest.mark.parametrize(
    ("stored", "reduced"),
    [
        ("192.0.2.7", "192.0.2.0/24"),
        ("::ffff:192.0.2.7", "192.0.2.0/24"),
        ("2001:db8:1234:5678::1", "2001:db8:1234::/48"),
        ("192.0.2.0/24", "192.0.2.0/24"),  # reduced already: kept
        ("192.0.2.7/32", "192.0.2.0/24"),
        ("2001:db8:1234:5678::/64", "2001:db8:1234::/48"),
        ("10.0.0.0/8", "10.0.0.0/8"),  # wider than a /24 names no machine either
        ("", ""),
        ("unknown", ""),
    ],
)
def test_reduce_ip(stored: str, reduced: str) -> None:
    assert reduce_ip(stored) == reduced


ADDRESSES = st.ip_addresses()


@given(ADDRESSES)
def test_any_address_is_inside_its_subnet(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> None:
    subnet = ipaddress.ip_network(subnet_of(str(address)))
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    assert address in subnet
    assert subnet.prefixlen == (24 if address.version == 4 else 48)


@given(ADDRESSES)
def test_reducing_keeps_the_subnet_only_and_can_run_twice(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> None:
    reduced = reduce_ip(str(address))
    assert reduced == subnet_of(str(address))
    assert reduce_ip(reduced) == reduced
    assert ipaddress.ip_network(reduced).num_addresses >= 256  # a network, not one machine


@given(st.ip_addresses(v=4))
def test_an_ipv4_mapped_address_has_the_subnet_of_its_ipv4_address(
    address: ipaddress.IPv4Address,
) -> None:
    mapped = ipaddress.IPv6Address(f"::ffff:{address}")
    assert subnet_of(str(mapped)) == subnet_of(str(address))
    assert subnet_of(mapped.exploded) == subnet_of(str(address))
