"""Factories for coding: codes, sources, excerpts, codings, memos and coders."""

import uuid

import factory

from carelab.accounts.tests.factories import UserFactory
from carelab.insights.models import Code, Coder, Coding, Excerpt, Memo, Quote, Source
from carelab.labs.tests.factories import LabFactory


class CoderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coder

    lab = factory.SubFactory(LabFactory)
    user = factory.SubFactory(UserFactory)


class CodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Code

    lab = factory.SubFactory(LabFactory)
    name = factory.Sequence(lambda n: f"Code {n}")
    position = factory.Sequence(lambda n: n)
    guid = factory.LazyFunction(uuid.uuid4)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    lab = factory.SubFactory(LabFactory)
    kind = Source.Kind.EVIDENCE_ITEM
    name = factory.Sequence(lambda n: f"Source {n}")
    text = "My GP listened to me. The physio gave me exercises. Nothing else helped."
    guid = factory.LazyFunction(uuid.uuid4)


class ExcerptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Excerpt

    source = factory.SubFactory(SourceFactory)
    start = 0
    end = 21
    text = factory.LazyAttribute(lambda excerpt: excerpt.source.text[excerpt.start : excerpt.end])
    guid = factory.LazyFunction(uuid.uuid4)


class CodingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coding

    excerpt = factory.SubFactory(ExcerptFactory)
    code = factory.SubFactory(CodeFactory, lab=factory.SelfAttribute("..excerpt.source.lab"))
    coder = factory.SubFactory(UserFactory)
    guid = factory.LazyFunction(uuid.uuid4)


class MemoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Memo

    lab = factory.SubFactory(LabFactory)
    text = "Check this against the codebook."
    author = factory.SubFactory(UserFactory)
    guid = factory.LazyFunction(uuid.uuid4)


class QuoteFactory(factory.django.DjangoModelFactory):
    """A quote as it is stored; make real ones through `actions_quotes.create_quote`, which checks consent."""

    class Meta:
        model = Quote

    lab = factory.SubFactory(LabFactory)
    text = "The physio gave me exercises."
    attribution = "Lab participant, lived experience"
