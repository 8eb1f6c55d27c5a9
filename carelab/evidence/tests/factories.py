"""Factories for the evidence library: items, tags and submissions."""

import factory

from carelab.evidence.models import EvidenceItem, EvidenceTag
from carelab.labs.tests.factories import LabFactory


class EvidenceItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceItem

    lab = factory.SubFactory(LabFactory)
    kind = EvidenceItem.Kind.STUDY
    title = factory.Sequence(lambda n: f"A study of back pain and low mood {n}")
    authors = factory.LazyFunction(lambda: ["Smith, J."])
    year = 2021
    abstract = "People living with persistent back pain and depression described how care was split."
    # As every writer of an item sets it (the search index is built from it).
    search_text = factory.LazyAttribute(
        lambda o: EvidenceItem(
            title=o.title,
            authors=o.authors,
            abstract=o.abstract,
            keywords=getattr(o, "keywords", []),
            notes=getattr(o, "notes", ""),
        ).text_for_search()
    )


class SubmissionFactory(EvidenceItemFactory):
    """A story or practice example sent in by a participant, waiting for the team's review."""

    kind = EvidenceItem.Kind.STORY
    origin = EvidenceItem.Origin.SUBMISSION
    review = EvidenceItem.Review.WAITING
    title = factory.Sequence(lambda n: f"My story {n}")
    abstract = "My back pain and my anxiety feed each other. The peer group helped."


class EvidenceTagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceTag

    lab = factory.SubFactory(LabFactory)
    name = factory.Sequence(lambda n: f"Tag {n}")
