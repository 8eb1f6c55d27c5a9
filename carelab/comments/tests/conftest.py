import pytest

from carelab.comments.tests.factories import CommentPolicyFactory, PolicyAcceptanceFactory
from carelab.posts.tests.factories import PostFactory


@pytest.fixture
def post(cast):
    return PostFactory(lab=cast.lab, title="What we heard", slug="what-we-heard")


@pytest.fixture
def policy(cast):
    return CommentPolicyFactory(lab=cast.lab, version=1)


@pytest.fixture
def agreed(policy):
    """agreed(user) records that the person accepted the lab's current policy."""

    def agree(user):
        PolicyAcceptanceFactory(user=user, policy=policy)
        return user

    return agree
