"""The demo lab's directory: its partners, and invented local organisations in every region.

Every name here is made up for the demo (the addresses are on example.org); none is a real charity.
Safe to run again: organisations are matched by name and updated.
"""

from django.db import transaction

from carelab.demo import content
from carelab.labs.models import Lab
from carelab.organisations.models import Organisation

LOCAL, OTHER, PARTNER = Organisation.Kind.LOCAL, Organisation.Kind.OTHER, Organisation.Kind.PARTNER

# name, kind, region, website (on example.org), description
ORGANISATIONS = [
    (
        "Tyneside Mind and Body Network",
        LOCAL,
        "north_east",
        "tyneside-network",
        "Peer groups for people living with pain and low mood, meeting in community centres across Tyneside.",
    ),
    (
        "Wear Valley Back Care Circle",
        LOCAL,
        "north_east",
        "",
        "A monthly circle where people with back pain share what helps, with a physiotherapist on hand.",
    ),
    (
        "Mersey Moves Together",
        LOCAL,
        "north_west",
        "mersey-moves",
        "Gentle movement sessions and a friendly chat afterwards, for people who find exercise hard.",
    ),
    (
        "Lancashire Hills Peer Support",
        LOCAL,
        "north_west",
        "",
        "Volunteer-led listening sessions in village halls, and a telephone befriending line.",
    ),
    (
        "Calder Valley Wellbeing Collective",
        LOCAL,
        "yorkshire",
        "calder-collective",
        "Creative workshops, walking groups and one-to-one support for adults with long-term conditions.",
    ),
    (
        "Humber Pain and Mood Café",
        LOCAL,
        "yorkshire",
        "",
        "A drop-in café where people talk about living with pain, anxiety and depression.",
    ),
    (
        "Trent Side Listening Group",
        LOCAL,
        "east_midlands",
        "trent-listening",
        "Small listening groups led by people with lived experience of mental health problems.",
    ),
    (
        "Peak Fringe Walking for Wellbeing",
        LOCAL,
        "east_midlands",
        "",
        "Short, flat walks at an easy pace, with places to rest along the way.",
    ),
    (
        "Black Country Aches and Anxieties Group",
        LOCAL,
        "west_midlands",
        "black-country-aches",
        "A weekly evening group for people whose pain and worry feed each other.",
    ),
    (
        "Shropshire Hills Peer Network",
        LOCAL,
        "west_midlands",
        "",
        "Peer support by phone and video for people in rural Shropshire who cannot easily travel.",
    ),
    (
        "Fenland Talking Spaces",
        LOCAL,
        "east",
        "fenland-talking",
        "Talking groups and advice sessions on benefits, work and getting back to activity.",
    ),
    (
        "Broads Gentle Movement Club",
        LOCAL,
        "east",
        "",
        "Chair-based exercise and stretching classes with time to talk over tea.",
    ),
    (
        "Thames Side Peer Support",
        LOCAL,
        "london",
        "thames-side",
        "Peer support groups in several languages for people living with pain and mental health problems.",
    ),
    (
        "Lea Valley Pain Peer Group",
        LOCAL,
        "london",
        "",
        "A fortnightly group for people managing persistent neck and back pain at work.",
    ),
    (
        "Downs and Weald Wellbeing Hub",
        LOCAL,
        "south_east",
        "downs-weald",
        "A hub of groups, courses and one-to-one support across the Downs and the Weald.",
    ),
    (
        "Solent Sleep and Pain Project",
        LOCAL,
        "south_east",
        "",
        "Sessions on sleeping better with pain, run with a local NHS talking therapies service.",
    ),
    (
        "Severn Vale Wellbeing Collective",
        LOCAL,
        "south_west",
        "severn-vale",
        "Allotment gardening, walking and peer groups for people with long-term pain.",
    ),
    (
        "Tamar Valley Mental Health Friends",
        LOCAL,
        "south_west",
        "",
        "Volunteers who offer company, a listening ear and help to get to appointments.",
    ),
    (
        "Valleys Back Pain Peer Circle",
        LOCAL,
        "wales",
        "valleys-circle",
        "Bilingual (Welsh and English) peer groups in the South Wales valleys.",
    ),
    (
        "Menai Wellbeing Walkers",
        LOCAL,
        "wales",
        "",
        "Coastal walks at a gentle pace, for people rebuilding confidence after pain or illness.",
    ),
    (
        "Clydeside Peer Support Network",
        LOCAL,
        "scotland",
        "clydeside-peers",
        "Peer workers who support people with pain and mental health problems to find local services.",
    ),
    (
        "Highland Steps to Wellbeing",
        LOCAL,
        "scotland",
        "",
        "Online groups and occasional meet-ups for people in remote Highland communities.",
    ),
    (
        "Lagan Valley Listening Network",
        LOCAL,
        "northern_ireland",
        "lagan-listening",
        "Listening and peer support for adults with long-term pain, anxiety or low mood.",
    ),
    (
        "Mourne Movement and Mood Group",
        LOCAL,
        "northern_ireland",
        "",
        "Gentle outdoor activity and conversation, meeting near the Mourne Mountains.",
    ),
    (
        "Online Chronic Pain Peer Forum",
        OTHER,
        "uk_wide",
        "pain-peer-forum",
        "A moderated online forum where people with persistent pain support each other.",
    ),
    # The test teams' NHS trust, university and GP practices (carelab/demo/improvement_content.py).
    (
        "Westmere NHS Foundation Trust",
        OTHER,
        "yorkshire",
        "westmere-nhs",
        "An NHS trust whose community pain service runs one of the lab's test teams.",
    ),
    (
        "Westmere University",
        OTHER,
        "yorkshire",
        "",
        "Its school of health sciences helps the trust's test team plan its measures and make sense of them.",
    ),
    (
        "Brookside Primary Care Network",
        OTHER,
        "west_midlands",
        "",
        "Five GP practices working together on care for people with persistent back pain and low mood.",
    ),
    (
        "Workplace Health Learning Network",
        OTHER,
        "uk_wide",
        "",
        "Occupational health professionals sharing ways to help people with pain stay in work.",
    ),
]
# Shown to the lab team only, so the demo has an organisation hidden from the public directory.
HIDDEN = (
    "Seaside Physiotherapy Pilot",
    OTHER,
    "south_west",
    "",
    "A test team's pilot, not yet ready to be listed publicly.",
)


def load_demo_organisations(lab: Lab) -> None:
    """The lab's partners (from the demo content) and the invented organisations above."""
    with transaction.atomic():
        for partner in content.PARTNERS:
            Organisation.objects.update_or_create(
                lab=lab,
                name=partner["name"],
                defaults={"kind": PARTNER, "region": "uk_wide", "description": partner["description"]},
            )
        for name, kind, region, site, description in [*ORGANISATIONS, HIDDEN]:
            Organisation.objects.update_or_create(
                lab=lab,
                name=name,
                defaults={
                    "kind": kind,
                    "region": region,
                    "website": f"https://{site}.example.org" if site else "",
                    "description": description,
                    "is_public": (name, kind, region, site, description) != HIDDEN,
                },
            )
