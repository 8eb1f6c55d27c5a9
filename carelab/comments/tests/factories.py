import factory

from carelab.accounts.tests.factories import UserFactory
from carelab.comments.models import Comment, CommentPolicy, PolicyAcceptance, Report
from carelab.labs.tests.factories import LabFactory
from carelab.posts.tests.factories import PostFactory


class CommentPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommentPolicy

    lab = factory.SubFactory(LabFactory)
    version = factory.Sequence(lambda n: n + 1)
    body = "## Be kind\n\nWe publish comments that are respectful. We do not publish personal details."
    summary_of_changes = ""


class PolicyAcceptanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyAcceptance

    user = factory.SubFactory(UserFactory)
    policy = factory.SubFactory(CommentPolicyFactory)


class CommentFactory(factory.django.DjangoModelFactory):
    """A published comment. CommentFactory(pending=True) for one waiting in the queue."""

    class Meta:
        model = Comment

    class Params:
        pending = factory.Trait(status=Comment.Status.PENDING, hold_reasons=[Comment.HoldReason.PREMODERATION.value])

    post = factory.SubFactory(PostFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Thank you for this. Comment number {n}.")
    status = Comment.Status.APPROVED


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    comment = factory.SubFactory(CommentFactory)
    reporter = factory.SubFactory(UserFactory)
    reason = "This shares someone's phone number."
