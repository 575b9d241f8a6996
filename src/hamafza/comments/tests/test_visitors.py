"""A visitor's network, hashed with the server's key, and the sliding-window rate limits."""

import re

import pytest

from hamafza.comments.visitors import RateLimit, network_hash, network_of


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("203.0.113.57", "203.0.113.0/24"),
        ("203.0.113.250", "203.0.113.0/24"),
        ("::ffff:203.0.113.57", "203.0.113.0/24"),
        ("2001:db8:abcd:12::1", "2001:db8:abcd::/48"),
        ("2001:db8:abcd:ffff:1:2:3:4", "2001:db8:abcd::/48"),
        ("", "unknown"),
        ("not-an-address", "unknown"),
    ],
)
def test_the_network_prefix(address, network):
    assert network_of(address) == network


def test_one_network_one_hash_and_never_the_address():
    first = network_hash("203.0.113.57")
    assert first == network_hash("203.0.113.9")
    assert first != network_hash("203.0.114.57")
    assert network_hash("2001:db8:abcd:1::1") == network_hash("2001:db8:abcd:2::2")
    assert network_hash("2001:db8:abcd::1") != network_hash("2001:db8:abce::1")
    assert re.fullmatch("[0-9a-f]{64}", first)


def test_the_hash_is_keyed_by_the_secret_key(settings):
    before = network_hash("203.0.113.57")
    settings.SECRET_KEY = "another-secret-key-" + "z" * 40
    assert network_hash("203.0.113.57") != before


def test_the_sliding_window():
    limit = RateLimit("test", limit=2, window=60)
    assert not limit.exceeded("a", now=1000)
    limit.hit("a", now=1000)
    limit.hit("a", now=1030)
    assert limit.exceeded("a", now=1031)
    assert not limit.exceeded("b", now=1031)  # another visitor
    # The first hit leaves the window after 60 seconds; the second still counts.
    assert not limit.exceeded("a", now=1061)
    limit.hit("a", now=1061)
    assert limit.exceeded("a", now=1062)
