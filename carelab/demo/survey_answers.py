"""Varied, realistic answers for the demo launch survey, written for CareLab (no real people).

A few name a person or a place though the survey asks people not to, as real answers do: the demo's quotes
show them redacted.

`demo_answers(count, seed)` yields answer dicts in the shape the answering journey stores, so the
demo dashboard has something true-to-life to show. Deterministic for a given seed.
"""

import random
from collections.abc import Iterator

WHAT_HELPED = [
    "Ben, a physio in Leeds, who asked how I was sleeping and how my mood was, not just where it hurt.",
    "The peer support group at my local mental health charity in Swansea. Being with people who get it.",
    "Gentle swimming twice a week. It's the only time the pain eases and my head clears.",
    "My GP referring me to a pain management programme that talked about anxiety as well as pain.",
    "Walking with a group on Saturdays. Nobody asks questions, you just walk and talk.",
    "Talking therapy that understood my pain wasn't 'all in my head'.",
    "Pacing. Learning to do a bit every day instead of everything on a good day and nothing after.",
    "A heat pad, audiobooks and my dog.",
    "An occupational therapist who sorted out my chair and desk at work.",
    "Mindfulness sessions run by the local branch. I was sceptical but they helped me sleep.",
    "Being listened to. That's all. The one appointment where someone just listened changed everything.",
    "Online forums late at night when I can't sleep.",
    "Flexible hours from my employer so I could go to appointments without losing pay.",
    "Yoga adapted for back pain at the community centre.",
    "A pharmacist who took time to explain my medication and its side effects on mood.",
]
WHAT_DID_NOT_HELP = [
    "Being sent back and forth between physio and mental health services with nobody talking to each other.",
    "Waiting eleven months for a pain clinic appointment in Bristol.",
    "Being told to lose weight and exercise more, as if I hadn't tried.",
    "Six sessions of therapy and then nothing. It takes longer than that.",
    "Feeling judged for asking for pain relief because of my mental health history.",
    "Telephone appointments where I couldn't show where it hurt.",
    "Having to repeat my whole history at every appointment.",
    "Group classes that were too fast and made my back worse.",
    "Leaflets. So many leaflets.",
    "Being discharged by Dr Morgan's clinic because I missed an appointment on a bad pain day.",
    "Stronger painkillers that made me feel flat and foggy.",
    "Nobody asked how I was coping at home.",
]
ONE_CHANGE = [
    "One person who looks at the whole of me, pain and mind together.",
    "Shorter waits, and something to help while you wait.",
    "Joint appointments with a physio and a therapist in the same room.",
    "Train GPs to ask about mood when someone comes in with back pain, and the other way round.",
    "Let people refer themselves to pain and mental health support.",
    "Appointments that fit around bad days, not just office hours.",
    "Peer supporters in pain clinics.",
    "Follow-up after discharge instead of being dropped.",
    "More support for carers. We hold it all together and nobody asks about us.",
    "Make local charities part of the pathway, not an afterthought.",
]
EXAMPLES = [
    "Our local mental health branch runs a weekly 'move and talk' group for people with long-term pain. "
    "Gentle movement then a cup of tea and a chat. People keep coming back.",
    "The community pain service in our area has a psychologist and a physio who see people together "
    "for the first appointment.",
    "A peer-led course on living well with pain, run by people who live with it. Six weeks, evenings, free.",
    "Social prescribing link workers at our GP surgery connect people to walking groups and debt advice "
    "as well as health services.",
    "A pilot where the talking therapies service took referrals straight from the physio team, with no second wait.",
    "An online evening group for people who work and can't get to daytime sessions.",
]
REGIONS = ["north_east", "north_west", "yorkshire", "east_midlands", "west_midlands", "east", "london",
           "south_east", "south_west", "wales", "scotland", "northern_ireland"]  # fmt: skip
AGREEMENT = ["strongly_disagree", "disagree", "neutral", "agree", "strongly_agree"]
SUPPORT = ["gp", "physio", "talking_therapy", "pain_clinic", "peer_group", "local_charity", "exercise"]


def _roles(rng: random.Random) -> list[str]:
    roll = rng.random()
    if roll < 0.45:
        roles = ["lived_both"]
    elif roll < 0.55:
        roles = ["lived_pain"]
    elif roll < 0.62:
        roles = ["lived_mh"]
    elif roll < 0.72:
        roles = ["carer"]
    elif roll < 0.9:
        roles = ["professional"]
    else:
        roles = [rng.choice(["voluntary", "researcher"])]
    if rng.random() < 0.15:
        roles.append(rng.choice(["carer", "professional", "voluntary"]))
    return sorted(set(roles))


def demo_answers(count: int, seed: int = 2026) -> Iterator[dict]:
    """Answers keyed by question name; instrument items use the registry's item ids."""
    rng = random.Random(seed)  # noqa: S311 - demo content, not security
    for _ in range(count):
        roles = _roles(rng)
        has_pain = bool({"lived_both", "lived_pain"} & set(roles))
        has_mh = bool({"lived_both", "lived_mh"} & set(roles))
        answers: dict = {"roles": roles, "region": rng.choice(REGIONS)}
        if rng.random() < 0.9:
            answers["age_band"] = rng.choice(["18_24", "25_34", "35_44", "45_54", "55_64", "65_plus", "not_say"])
        if has_pain:
            answers["pain_area"] = rng.choice(["lower_back", "lower_back", "neck", "upper_back", "several"])
            answers["pain_interference"] = str(min(10, max(0, round(rng.gauss(5, 2.5)))))
        # People with lived experience tend to disagree that care is joined up; professionals less so.
        lean = -1 if has_pain or has_mh else 0
        for statement in ["asked_about_both", "believed", "retell_story", "knew_where"]:
            if rng.random() < 0.92:
                answers[statement] = AGREEMENT[min(4, max(0, round(rng.gauss(2 + lean, 1.1))))]
        if rng.random() < 0.8:
            answers["what_helped"] = rng.choice(WHAT_HELPED)
        if rng.random() < 0.7:
            answers["what_did_not_help"] = rng.choice(WHAT_DID_NOT_HELP)
        if rng.random() < 0.75:
            answers["one_change"] = rng.choice(ONE_CHANGE)
        answers["knows_example"] = rng.choice(["yes", "no", "no", "not_sure"])
        if answers["knows_example"] == "yes" and rng.random() < 0.8:
            answers["example_description"] = rng.choice(EXAMPLES)
        used = sorted(rng.sample(SUPPORT, rng.randint(0, 4)))
        answers["support_used"] = used or ["none"]
        answers["share_story"] = "yes" if rng.random() < 0.3 else "no"
        if has_pain and rng.random() < 0.8:
            answers["pain_intensity"] = str(min(10, max(0, round(rng.gauss(6, 2)))))
        if has_mh and rng.random() < 0.7:
            level = rng.choice([0, 1, 1, 2, 2, 3])
            for item in range(1, 9):
                answers[f"phq_{item}"] = str(min(3, max(0, level + rng.choice([-1, 0, 0, 1]))))
        if has_mh and rng.random() < 0.7:
            level = rng.choice([0, 1, 1, 2, 3])
            for item in range(1, 8):
                answers[f"gad_{item}"] = str(min(3, max(0, level + rng.choice([-1, 0, 0, 1]))))
        yield answers
