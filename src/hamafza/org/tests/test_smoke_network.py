from hamafza.org.permissions import access_for


def test_network_fixture_builds_the_tree(net):
    access = access_for(net.hq_admin)
    assert access.is_hq_admin
    assert access.tree.subtree(net.tehran.pk) == {net.tehran.pk, net.shemiranat.pk}
