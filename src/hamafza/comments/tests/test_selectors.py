"""The public thread: approved comments only, three levels deep, deeper replies flattened at
the third level with the name they answer, in one query; and the moderation queue's scope."""

import pytest

from hamafza.comments.models import Comment
from hamafza.comments.selectors import moderation_queue, pending_count, story_thread
from hamafza.comments.tests.conftest import make_comment

pytestmark = pytest.mark.django_db
C = Comment.Status


def names(items):
    return [item.comment.author_name for item in items]


def test_three_levels_then_flattened(stories, django_assert_num_queries):
    story = stories.tehran
    top = make_comment(story, author_name="علی")
    second = make_comment(story, author_name="زهرا", parent=top)
    third = make_comment(story, author_name="رضا", parent=second)
    fourth = make_comment(story, author_name="سارا", parent=third)
    fifth = make_comment(story, author_name="نادر", parent=fourth)
    sibling = make_comment(story, author_name="مینا", parent=second)
    other_top = make_comment(story, author_name="حسین")
    with django_assert_num_queries(1):
        thread = story_thread(story)
    assert names(thread.items) == ["علی", "حسین"]
    assert thread.count == 7
    (level2,) = thread.items[0].replies
    assert level2.comment == second
    assert level2.depth == 2
    level3 = level2.replies
    # Every reply below the second level, at the third, in time order.
    assert [item.comment for item in level3] == [third, fourth, fifth, sibling]
    assert {item.depth for item in level3} == {3}
    assert [item.reply_to for item in level3] == ["", "رضا", "سارا", ""]
    assert all(item.replies == [] for item in level3)
    assert other_top.pk == thread.items[1].comment.pk


def test_only_approved_comments_and_their_conversations(stories):
    story = stories.tehran
    shown = make_comment(story, author_name="علی")
    make_comment(story, status=C.PENDING, author_name="منتظر")
    make_comment(story, status=C.SPAM, author_name="هرزنامه")
    withdrawn = make_comment(story, status=C.REJECTED, author_name="ردشده")
    make_comment(story, author_name="زیر ردشده", parent=withdrawn)
    make_comment(stories.isfahan, author_name="اصفهانی")
    thread = story_thread(story)
    assert names(thread.items) == ["علی"]
    assert thread.count == 1
    assert thread.items[0].comment == shown


def test_the_queue_is_scoped_to_the_moderators_units(stories, net):
    tehran = make_comment(stories.tehran, status=C.PENDING)
    shemiranat = make_comment(stories.shemiranat, status=C.PENDING)
    isfahan = make_comment(stories.isfahan, status=C.PENDING)
    make_comment(stories.isfahan, status=C.APPROVED)
    assert set(moderation_queue(net.tehran_editor)) == {tehran, shemiranat}
    assert set(moderation_queue(net.isfahan_editor, status=C.PENDING)) == {isfahan}
    assert set(moderation_queue(net.shemiranat_head)) == {shemiranat}
    assert moderation_queue(net.hq_editor).count() == 4
    assert list(moderation_queue(net.tehran_reporter)) == []
    assert list(moderation_queue(net.outsider)) == []
    assert pending_count(net.tehran_editor) == 2
    assert pending_count(net.hq_editor) == 3
    assert set(moderation_queue(net.tehran_editor, story_id=stories.shemiranat.pk)) == {shemiranat}
