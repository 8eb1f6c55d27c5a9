"""The demo lab's ideas and its five test teams: challenges, aims, driver diagrams, PDSA cycles, measures
with their weekly data, team notes and the learning log. Written for CareLab; every team, service, person
and number is made up.

People are named by their demo e-mail address or, for the demo's participants, by their display name
(carelab/demo/participants.py). Insights are named by their number in carelab/demo/insights_content.py,
areas of opportunity by name.

The numbers are generated here, from fixed seeds, so every load gives the same values. Weeks are counted
from a team's first week of data (week 0); its last week is the most recent complete week when the demo
is loaded. Four measures show what the charts can show (pinned by carelab/demo/tests/test_improvement_demo.py):
a shift after a change (`SHIFT`), a trend (`TREND`), only common-cause variation (`COMMON_CAUSE`), and a
proportion with its denominators on a p chart (`P_CHART`).
"""

import random

from carelab.demo.insights_content import AREAS, INSIGHTS

WHOLE_PERSON, JUDGED, WAITING, PEERS, BAD_DAYS = (statement for statement, *_rest in INSIGHTS)
ONE_CONVERSATION, WAITING_AND_AFTER, LOCAL_GROUPS = (name for name, *_rest in AREAS)

LAB_LEAD = "team@example.org"

# -- The numbers ---------------------------------------------------------------------------------------


def _noise(rng: random.Random, spread: float) -> float:
    """Roughly bell-shaped noise between −1.5 and 1.5 × spread (the sum of three uniform draws)."""
    return (rng.random() + rng.random() + rng.random() - 1.5) * spread


def series(seed: int, segments: list[tuple], spread: float, *, decimals=0, low=0.0, high=None) -> list[float]:
    """Values in segments of (weeks, level at the start, level at the end), with noise; a segment may give its
    own spread as a fourth item. The same every time."""
    rng = random.Random(seed)  # noqa: S311 - demo content, not security
    values = []
    for weeks, start, end, *own_spread in segments:
        for week in range(weeks):
            level = start + (end - start) * (week / (weeks - 1) if weeks > 1 else 0)
            value = max(level + _noise(rng, own_spread[0] if own_spread else spread), low)
            value = min(value, high) if high is not None else value
            values.append(float(round(value, decimals)) if decimals else float(round(value)))
    return values


def proportion_series(seed: int, segments: list[tuple[int, float]], smallest: int, largest: int):
    """(counts, denominators): each week between `smallest` and `largest` people, each counted with the
    segment's chance; the same every time."""
    rng = random.Random(seed)  # noqa: S311 - demo content, not security
    counts, sizes = [], []
    for weeks, chance in segments:
        for _week in range(weeks):
            size = smallest + int(rng.random() * (largest - smallest + 1))
            sizes.append(float(size))
            counts.append(float(sum(rng.random() < chance for _person in range(size))))
    return counts, sizes


# -- Ideas -----------------------------------------------------------------------------------------------

# key: title, description, author, [(stage moved to, the lab team's reason, days ago)], supporters,
# insights, areas. Every idea starts as proposed; the last move gives its stage.
IDEAS = {
    "ask-together": {
        "title": "How might we ask about pain and mood together at every first appointment?",
        "description": (
            "Two short questions at the start of every first appointment, in pain services and in mental health "
            "services: how is your pain, how is your mood, and how do they affect each other? Asked early, so "
            "nobody has to choose which half of themselves to bring."
        ),
        "author": "participant@example.org",
        "days_ago": 150,
        "history": [
            (
                "developing",
                "Chosen at the ideas workshop. The Westmere pain service and the Brookside practices "
                "want to develop it for their first appointments and reviews.",
                130,
            ),
            (
                "testing",
                "Both teams have a plan, a way to record the questions and measures. Testing starts this month.",
                110,
            ),
            (
                "adopted",
                "Both teams kept the questions after their cycles: more than eight in ten first "
                "appointments and reviews now use them, and people say they feel more listened to.",
                20,
            ),
        ],
        "supporters": ["alex@example.org", "morgan@example.org", "Aisha", "Ben", "Grace", "Maya", "Wren", "Amara"],
        "insights": [WHOLE_PERSON, JUDGED],
        "areas": [ONE_CONVERSATION],
    },
    "bad-day-swap": {
        "title": "How might we let people switch to a phone or video appointment on a bad pain day?",
        "description": (
            "On the worst days getting to a clinic is not possible, and a missed appointment can end care. A "
            "simple way to swap to a phone or video call on the day, without having to explain, could keep "
            "people in care."
        ),
        "author": "Quinn",
        "days_ago": 140,
        "history": [
            ("developing", "The Seaside physiotherapy pilot will shape it around its clinic lists.", 120),
            ("testing", "Cycles under way at Seaside, with missed appointments as the outcome measure.", 95),
        ],
        "supporters": ["participant@example.org", "morgan@example.org", "Owen", "Jac", "Hamza", "Cerys"],
        "insights": [BAD_DAYS],
        "areas": [WAITING_AND_AFTER],
    },
    "keep-in-touch": {
        "title": "How might we keep in touch with people while they wait for the pain clinic?",
        "description": (
            "A friendly call from a peer each month while someone waits, with an invitation to a local group, "
            "so that the wait is not empty and a worsening mood is noticed."
        ),
        "author": "alex@example.org",
        "days_ago": 145,
        "history": [
            (
                "developing",
                "The Tyneside branch's peer group will try it with people on the pain clinic's waiting list.",
                125,
            ),
            ("testing", "Peer volunteers are trained and the clinic's letter mentions the calls.", 105),
            (
                "adapted",
                "Calls alone reached too few people: many do not answer unknown numbers. The team now "
                "sends a text first and calls those who reply, and the idea continues in that form.",
                60,
            ),
        ],
        "supporters": ["participant@example.org", "Liam", "Xander", "Hamza", "Tomasz", "Priti"],
        "insights": [WAITING, PEERS],
        "areas": [WAITING_AND_AFTER, LOCAL_GROUPS],
    },
    "peer-in-reviews": {
        "title": "How might we bring a peer worker or social prescriber into GP back-pain reviews?",
        "description": (
            "Someone who knows the local groups, walking clubs and advice services joins a back-pain review, in "
            "person or by phone, for people who would like that."
        ),
        "author": "Rosa",
        "days_ago": 100,
        "history": [
            (
                "developing",
                "The Brookside practices will plan how a social prescriber could join reviews, "
                "after their pharmacist review did not work as hoped.",
                30,
            ),
        ],
        "supporters": ["alex@example.org", "Grace", "Sol", "Liam"],
        "insights": [WHOLE_PERSON, PEERS],
        "areas": [LOCAL_GROUPS, ONE_CONVERSATION],
    },
    "helpline-next-step": {
        "title": "How might we help helpline callers who mention pain find support for both?",
        "description": (
            "Many callers to the charity's information line mention back or neck pain. Advisers could send a "
            "short page on pain and mood and point to the nearest branch group during the call."
        ),
        "author": "Deepa",
        "days_ago": 135,
        "history": [
            ("developing", "The helpline team will write the page with people who have called the line.", 115),
            ("testing", "The page is ready; advisers start offering it after a short briefing.", 90),
            (
                "adopted",
                "Seven in ten callers who mention pain are now offered the page, and calls are no "
                "longer than before. The helpline has made it part of every adviser's induction.",
                15,
            ),
        ],
        "supporters": ["Wren", "Yasmin", "Isla", "alex@example.org", "Femi"],
        "insights": [WHOLE_PERSON, WAITING],
        "areas": [LOCAL_GROUPS],
    },
    "joint-first-appointment": {
        "title": "How might we offer a joint physiotherapist and psychologist first appointment?",
        "description": (
            "For people whose pain and mental health are most tangled together, a first appointment with a "
            "physiotherapist and a psychologist in the same room, so the story is told once."
        ),
        "author": "morgan@example.org",
        "days_ago": 120,
        "history": [
            (
                "developing",
                "The Westmere pain service will work out which people to offer it to and how to fit "
                "it into both teams' clinics.",
                70,
            ),
        ],
        "supporters": ["Kemi", "Vik", "Maya", "participant@example.org", "Amara"],
        "insights": [WHOLE_PERSON],
        "areas": [ONE_CONVERSATION],
    },
    "movement-and-tea": {
        "title": "How might we run a gentle movement session with tea at every branch?",
        "description": (
            "Half an hour of chair-based movement, then tea and a chat. Several branches already do something "
            "like it; a simple guide could help others start."
        ),
        "author": "Ellie",
        "days_ago": 60,
        "history": [],
        "supporters": ["Liam", "Yasmin", "Cerys"],
        "insights": [PEERS],
        "areas": [LOCAL_GROUPS],
    },
    "one-page-summary": {
        "title": "How might we give people a one-page pain-and-mood summary to carry between services?",
        "description": (
            "A page the person writes and owns, with what helps, what does not and what they have already "
            "tried, to hand to any new professional instead of starting again."
        ),
        "author": "Maya",
        "days_ago": 45,
        "history": [],
        "supporters": ["participant@example.org", "Chloe"],
        "insights": [WHOLE_PERSON],
        "areas": [ONE_CONVERSATION],
    },
    "ask-carers": {
        "title": "How might we ask carers how they are at each appointment?",
        "description": "Carers come to many appointments and are rarely asked how they are coping themselves.",
        "author": "Chloe",
        "days_ago": 25,
        "history": [],
        "supporters": ["Nia", "Una", "Bryn"],
        "insights": [PEERS],
        "areas": [LOCAL_GROUPS],
    },
    "not-today-texts": {
        "title": "How might we use reminder texts with a ‘not today’ reply to cut missed appointments?",
        "description": (
            "The usual reminder text, with a way to reply ‘not today’ so the clinic can offer another time "
            "before the slot is lost."
        ),
        "author": "Owen",
        "days_ago": 155,
        "history": [
            ("developing", "The Seaside physiotherapy pilot can add a reply to its existing reminders.", 140),
            ("testing", "One cycle planned, on one clinician's list.", 130),
            (
                "abandoned",
                "Seaside's cycle found few replies, and some people felt the text pressed them to "
                "explain themselves; missed appointments did not change. The bad-day swap takes its place.",
                100,
            ),
        ],
        "supporters": ["morgan@example.org"],
        "insights": [BAD_DAYS],
        "areas": [WAITING_AND_AFTER],
    },
    "activity-trackers": {
        "title": "How might we give everyone on the waiting list an activity tracker?",
        "description": "A wristband that counts steps, to help people pace themselves while they wait.",
        "author": "Tomasz",
        "days_ago": 90,
        "history": [
            (
                "abandoned",
                "At the ideas workshop people worried about the cost and about feeling watched, and "
                "pacing courses already help with the same thing. The lab will not develop it.",
                80,
            ),
        ],
        "supporters": [],
        "insights": [WAITING],
        "areas": [WAITING_AND_AFTER],
    },
}

# -- The five test teams --------------------------------------------------------------------------------
# Each team: its words, organisations (by name in the lab's directory), members (person, role), the ideas it
# took up, its driver diagram, its measures with their data, its cycles and its private notes.
# Driver diagram: [(primary, [(secondary, [(change key, change idea, idea key or None)])])].
# A measure may give the weeks from which its limits are worked out again ("recalculate_from_weeks").
# A cycle names its change idea by key; its weeks are counted like the data's; "end_week" may be after the
# last week of data for a cycle still running, which has no study or act yet.

WESTMERE = "Westmere pain service and university"
TYNESIDE = "Tyneside Thursday peer group"
BROOKSIDE = "Brookside practices: pain and mood reviews"
SEASIDE = "Seaside physiotherapy bad-day pilot"
HELPLINE = "Information line: pain and mood conversations"

SHIFT = (SEASIDE, "Appointments missed each week")
TREND = (TYNESIDE, "People at the Thursday group")
COMMON_CAUSE = (HELPLINE, "Length of calls that mention pain")
P_CHART = (WESTMERE, "First appointments that asked about pain and mood")

_westmere_asked, _westmere_seen = proportion_series(
    11, [(12, 0.30), (2, 0.45), (5, 0.66), (9, 0.82)], smallest=22, largest=36
)

TEAMS = [
    {
        "name": WESTMERE,
        "organisations": ["Westmere NHS Foundation Trust", "Westmere University"],
        "challenge": (
            "People referred to our community pain service with persistent back or neck pain are often living "
            "with depression or anxiety too, but our first appointment is built around the body. Mood comes up "
            "late, if at all, and people tell us they leave feeling half-seen. With the university's health "
            "sciences school we want every first appointment to be one conversation about pain and mind."
        ),
        "aim": (
            "By the end of July, 85% of first appointments will include the two pain-and-mood questions, and "
            "the average answer to ‘I felt listened to about my pain and my mood’ will rise from about 6 to 8 "
            "out of 10."
        ),
        "weeks": 28,
        "members": [("Vik", "lead"), ("Ben", "data"), ("Kemi", "member"), ("Maya", "lived_experience")],
        "ideas": ["ask-together", "joint-first-appointment"],
        "drivers": [
            (
                "Clinicians feel confident to ask about mood",
                [
                    (
                        "Knowing what to ask, and what to say next",
                        [
                            ("questions", "Two pain-and-mood questions on the first-appointment form", "ask-together"),
                            ("practice", "A half-hour practice session with the psychology team", None),
                        ],
                    ),
                    (
                        "Knowing where to turn if someone is struggling",
                        [("support-list", "A one-page list of local support, with the branch's peer group", None)],
                    ),
                ],
            ),
            (
                "The first appointment has room for the whole story",
                [
                    (
                        "Time in the appointment",
                        [("questionnaire", "Send the standard questionnaire before the appointment", None)],
                    ),
                    (
                        "People know that mood will be asked about",
                        [("letter", "Say so in the appointment letter", None)],
                    ),
                ],
            ),
            (
                "Pain and mental health services work as one",
                [
                    (
                        "The people with the most complex needs are seen by both",
                        [
                            (
                                "joint",
                                "A joint physiotherapist and psychologist first appointment",
                                "joint-first-appointment",
                            )
                        ],
                    ),
                ],
            ),
        ],
        "measures": [
            {
                "name": P_CHART[1],
                "kind": "process",
                "definition": (
                    "Each week: of the first appointments held (the denominator), how many have both "
                    "pain-and-mood questions answered on the form (the count). Taken from the clinic system "
                    "every Monday for the week before."
                ),
                "unit": "%",
                "improvement": "increase",
                "target": None,
                "chart": "p",
                "baseline_points": 12,
                "values": _westmere_asked,
                "denominators": _westmere_seen,
                "notes": {
                    12: "Cycle 1: questions on the form, two clinicians",
                    14: "Cycle 2: reworded questions, whole team",
                },
            },
            {
                "name": "Felt listened to about pain and mood",
                "kind": "outcome",
                "definition": (
                    "The average answer, from 0 (not at all) to 10 (completely), to ‘I felt listened to about my "
                    "pain and my mood’ on the card people are offered after their first appointment. Cards "
                    "are anonymous and collected in a box at reception."
                ),
                "unit": "score out of 10",
                "improvement": "increase",
                "target": 8.0,
                "chart": "xmr",
                "baseline_points": 12,
                "values": series(21, [(12, 6.1, 6.1), (2, 6.6, 6.6), (14, 7.5, 7.7)], 0.5, decimals=1, high=10),
            },
            {
                "name": "Length of first appointments",
                "kind": "balancing",
                "definition": (
                    "The average length in minutes of first appointments each week, from the time booked in "
                    "to the time the clinician closes the record. Checks that asking about mood does not make "
                    "the appointment overrun."
                ),
                "unit": "minutes",
                "improvement": "neither",
                "target": None,
                "chart": "xmr",
                "values": series(31, [(28, 45, 46)], 2.4),
            },
        ],
        "cycles": [
            {
                "change": "questions",
                "number": 1,
                "title": "Questions on the form: two clinicians, two weeks",
                "objective": "Find out whether clinicians can ask the two questions in a first appointment "
                "without it feeling forced.",
                "prediction": "Both clinicians will ask in most appointments; a few people will find the mood "
                "question unexpected.",
                "who": "Two physiotherapists who volunteered.",
                "what": "Add the two questions to the top of the paper first-appointment form.",
                "where": "The Tuesday and Thursday community clinics.",
                "when": "Two weeks.",
                "start_week": 12,
                "end_week": 13,
                "measures": [P_CHART[1], "Felt listened to about pain and mood"],
                "what_happened": "The questions were asked in 27 of 58 first appointments.",
                "observations": "Clinicians said ‘How is your mood?’ felt abrupt straight after talking about "
                "the spine, and skipped it when running late.",
                "results": "Fewer than predicted: under half, against most. Where it was asked, people's cards "
                "scored higher.",
                "act": "adapt",
                "act_detail": "Reword to ‘How are your pain and your mood affecting each other?’ and move it "
                "before the examination.",
            },
            {
                "change": "questions",
                "number": 2,
                "title": "Reworded questions: whole team, five weeks",
                "objective": "Test the reworded question with the whole physiotherapy team.",
                "prediction": "Two in three first appointments will include it by the end of the cycle.",
                "who": "All eight physiotherapists, with a half-hour session from the psychology team first.",
                "what": "The reworded question on the form, asked before the examination.",
                "where": "All community clinics.",
                "when": "Five weeks.",
                "start_week": 14,
                "end_week": 18,
                "measures": [P_CHART[1], "Felt listened to about pain and mood", "Length of first appointments"],
                "what_happened": "The question was asked in most first appointments from the second week.",
                "observations": "Clinicians found it easier to ask once they had heard how the psychologists "
                "follow up. Appointments were no longer.",
                "results": "Better than predicted: around eight in ten by the end. The listened-to score rose "
                "and stayed up; appointment length did not change.",
                "act": "adopt",
                "act_detail": "Keep the question on the form for everyone, and include the practice session in "
                "new starters' induction.",
            },
            {
                "change": "letter",
                "number": 1,
                "title": "A line in the appointment letter",
                "objective": "See whether telling people in advance that mood will be asked about helps them say more.",
                "prediction": "People will mention mood earlier in the appointment.",
                "who": "The booking team and two clinicians.",
                "what": "One sentence in the first-appointment letter: ‘We will ask about your mood as well as "
                "your pain, because they often affect each other.’",
                "where": "Letters for the Tuesday clinic.",
                "when": "Four weeks.",
                "start_week": 25,
                "end_week": 28,
                "measures": ["Felt listened to about pain and mood"],
                "what_happened": "The letter changed in the first week; two people so far mentioned it.",
                "observations": "One person said the sentence made them feel less awkward about raising their anxiety.",
            },
        ],
        "notes": [
            (
                "Meeting notes: planning cycle 2",
                "- The reworded question agreed with Maya and the psychology team.\n"
                "- Ben to pull the weekly counts from the clinic system every Monday.\n"
                "- Check appointment length so we know if this costs time.",
                "Vik",
            ),
        ],
    },
    {
        "name": TYNESIDE,
        "organisations": ["Tyneside Mind and Body Network", "Local mental health branches"],
        "challenge": (
            "People on the waiting list for the pain clinic can wait most of a year with nothing in between. "
            "Many already come to our branch for their mood, but our groups were not made for pain: long "
            "sessions, hard chairs, an upstairs room. We want a peer group where people living with pain and "
            "low mood feel they belong, and a friendly voice for those still waiting."
        ),
        "aim": (
            "By the end of June, 20 people a week will come to the Thursday group, and members' average "
            "answer to ‘how alone I feel with my pain’ will fall from 7 to 5 out of 10."
        ),
        "weeks": 24,
        "members": [
            ("Liam", "lead"),
            ("alex@example.org", "member"),
            ("Xander", "member"),
            ("participant@example.org", "lived_experience"),
        ],
        "ideas": ["keep-in-touch", "movement-and-tea"],
        "drivers": [
            (
                "People hear about the group while they wait",
                [
                    (
                        "A personal invitation",
                        [("calls", "A monthly call from a peer to people on the waiting list", "keep-in-touch")],
                    ),
                    (
                        "Clinic and GP staff mention the group",
                        [("clinic-card", "A card about the group with the pain clinic's waiting-list letter", None)],
                    ),
                ],
            ),
            (
                "The group is easy to come to on a bad day",
                [
                    (
                        "A comfortable room and pace",
                        [
                            (
                                "room",
                                "A ground-floor room, chairs with arms and a stretch break every 20 minutes",
                                "movement-and-tea",
                            )
                        ],
                    ),
                    (
                        "No pressure to come every week",
                        [
                            (
                                "come-when-you-can",
                                "A ‘come when you can’ message instead of chasing people who miss a week",
                                None,
                            )
                        ],
                    ),
                ],
            ),
            (
                "Volunteers are supported",
                [
                    (
                        "Nobody runs the group alone",
                        [("pairs", "Pair each new volunteer with an experienced one", None)],
                    ),
                ],
            ),
        ],
        "measures": [
            {
                "name": TREND[1],
                "kind": "process",
                "definition": "The number of people who sign the attendance sheet at the Thursday group, "
                "counted by the volunteer who runs the session.",
                "unit": "people",
                "improvement": "increase",
                "target": 20.0,
                "chart": "xmr",
                "baseline_points": 12,
                "values": series(41, [(12, 9, 9), (2, 9, 9), (10, 11, 27, 0.3)], 1.2),
                "notes": {
                    10: "Cycle 1: monthly calls start",
                    14: "Cycle 2: text first, then call",
                    16: "Moved to the ground-floor room",
                },
            },
            {
                "name": "How alone members feel with their pain",
                "kind": "outcome",
                "definition": "The average answer, from 0 (not at all) to 10 (completely), to ‘How alone do "
                "you feel with your pain this week?’, asked on a slip at the end of each group.",
                "unit": "score out of 10",
                "improvement": "decrease",
                "target": 5.0,
                "chart": "xmr",
                "baseline_points": 14,
                "values": series(51, [(14, 7.0, 7.0), (10, 6.8, 5.6)], 0.7, decimals=1, high=10),
            },
            {
                "name": "Volunteer hours",
                "kind": "balancing",
                "definition": "Hours given by volunteers each week to the group and the calls, from the "
                "volunteers' time sheets. Watches that growth does not wear the volunteers out.",
                "unit": "hours",
                "improvement": "neither",
                "target": None,
                "chart": "xmr",
                "values": series(61, [(10, 12, 12), (14, 15, 17)], 2.5),
            },
        ],
        "cycles": [
            {
                "change": "calls",
                "number": 1,
                "title": "Monthly calls to 20 people on the waiting list",
                "objective": "Find out whether a call from a peer brings people on the waiting list to the group.",
                "prediction": "Half of the people called will talk to us, and a quarter will come at least once.",
                "who": "Two trained peer volunteers, with 20 people who agreed to be contacted.",
                "what": "A friendly call, an invitation to the Thursday group and a check on how they are.",
                "where": "From the branch office.",
                "when": "Four weeks.",
                "start_week": 10,
                "end_week": 13,
                "measures": [TREND[1]],
                "what_happened": "Only 6 of the 20 answered; 2 came to the group.",
                "observations": "Many people do not answer numbers they do not know, and some worried the call "
                "was about their place on the list.",
                "results": "Far fewer than predicted reached. Those who talked valued it.",
                "act": "adapt",
                "act_detail": "Send a text first saying who we are and why, then call those who reply.",
            },
            {
                "change": "calls",
                "number": 2,
                "title": "Text first, then call",
                "objective": "See whether a text first means more people talk to us and come.",
                "prediction": "More than half will reply, and attendance will start to rise.",
                "who": "The same two volunteers, and 40 people on the waiting list.",
                "what": "A text from the branch, then a call to those who reply.",
                "where": "From the branch office.",
                "when": "Five weeks.",
                "start_week": 14,
                "end_week": 18,
                "measures": [TREND[1], "How alone members feel with their pain", "Volunteer hours"],
                "what_happened": "26 of 40 replied and talked to a volunteer; attendance rose every week.",
                "observations": "People liked knowing who was calling. The group now needs a second volunteer "
                "each week.",
                "results": "Better than predicted. Volunteer hours went up, so we need more volunteers.",
                "act": "adopt",
                "act_detail": "Text first, then call, for everyone on the list who agrees; recruit two more "
                "volunteers.",
            },
            {
                "change": "pairs",
                "number": 1,
                "title": "New volunteers in pairs",
                "objective": "Find out whether pairing new volunteers with experienced ones keeps them with us.",
                "prediction": "All three new volunteers will still be volunteering at the end.",
                "who": "Three new volunteers and three experienced ones.",
                "what": "Each new volunteer runs sessions and calls alongside an experienced one for a month.",
                "where": "The Thursday group and the branch office.",
                "when": "Six weeks.",
                "start_week": 21,
                "end_week": 26,
                "measures": ["Volunteer hours"],
                "what_happened": "All three new volunteers have joined sessions with their pair.",
                "observations": "Early days; one said having a pair made the first call much less daunting.",
            },
        ],
        "notes": [
            (
                "Room booking",
                "The ground-floor room is ours on Thursdays from 2 until 4. Chairs with arms are "
                "stored in the cupboard by the kitchen.",
                "alex@example.org",
            ),
            (
                "What members asked for",
                "- A quieter corner for people who want to listen.\n- Tea before the stretch break, not after.",
                "participant@example.org",
            ),
        ],
    },
    {
        "name": BROOKSIDE,
        "organisations": ["Brookside Primary Care Network", "Black Country Aches and Anxieties Group"],
        "challenge": (
            "In our five practices, people with persistent back or neck pain come back again and again for "
            "short appointments about painkillers, and we rarely ask how they are in themselves. People living "
            "with depression or anxiety as well tell us they feel their pain is blamed on their mood. We want "
            "reviews that ask about both, believe both, and connect people with support beyond the surgery."
        ),
        "aim": (
            "By the end of July, 80% of back-pain reviews across the five practices will use the two-question "
            "check, and repeat back-pain appointments within four weeks will fall by a quarter."
        ),
        "weeks": 22,
        "members": [
            ("Grace", "lead"),
            ("Dev", "data"),
            ("Zak", "member"),
            ("Rosa", "member"),
            ("Sol", "lived_experience"),
        ],
        "ideas": ["ask-together", "peer-in-reviews"],
        "drivers": [
            (
                "Reviews ask about pain and mood together",
                [
                    (
                        "A prompt in the clinical system",
                        [
                            (
                                "template",
                                "A back-pain review template that opens with the two-question check",
                                "ask-together",
                            )
                        ],
                    ),
                    (
                        "Clinicians share the same words",
                        [
                            (
                                "practice-meeting",
                                "A ten-minute slot at practice meetings on talking about pain and mood",
                                None,
                            )
                        ],
                    ),
                ],
            ),
            (
                "People leave with support beyond the surgery",
                [
                    (
                        "Someone who knows the local groups",
                        [
                            (
                                "social-prescriber",
                                "The social prescriber joins the review by phone for people who want it",
                                "peer-in-reviews",
                            )
                        ],
                    ),
                    (
                        "Painkillers reviewed with mood in mind",
                        [("pharmacist", "A pharmacist's medicines review after two repeat appointments", None)],
                    ),
                ],
            ),
        ],
        "measures": [
            {
                "name": "Reviews that used the two-question check",
                "kind": "process",
                "definition": "Each week: the percentage of back-pain reviews, across the five practices, with "
                "the two-question check completed in the template. Searched in the clinical system every Monday.",
                "unit": "%",
                "improvement": "increase",
                "target": 80.0,
                "chart": "xmr",
                "baseline_points": 8,
                "recalculate_from_weeks": [15],  # new limits once the check was kept everywhere
                "values": series(71, [(8, 12, 12), (2, 35, 38), (12, 70, 82)], 6, high=100),
                "notes": {8: "Cycle 1: template in one practice", 10: "Cycle 2: template in all five"},
            },
            {
                "name": "Repeat back-pain appointments within four weeks",
                "kind": "outcome",
                "definition": "The number of appointments each week for back or neck pain with a patient who "
                "had one for the same reason in the four weeks before, across the five practices.",
                "unit": "appointments",
                "improvement": "decrease",
                "target": 30.0,
                "chart": "xmr",
                "baseline_points": 10,
                "values": series(81, [(10, 40, 40), (12, 37, 31)], 5),
            },
            {
                "name": "Referrals to talking therapies from back-pain reviews",
                "kind": "balancing",
                "definition": "Referrals to NHS talking therapies made in a back-pain review each week. "
                "Watches that the check does not overwhelm the local service.",
                "unit": "referrals",
                "improvement": "neither",
                "target": None,
                "chart": "xmr",
                "values": series(91, [(10, 5, 5), (12, 6, 7)], 2.5),
            },
        ],
        "cycles": [
            {
                "change": "template",
                "number": 1,
                "title": "Template in one practice for two weeks",
                "objective": "Test whether GPs use the template in back-pain reviews.",
                "prediction": "Most reviews in the practice will use it.",
                "who": "The four GPs at one practice.",
                "what": "The review template with the two-question check, offered when a review is booked.",
                "where": "One practice.",
                "when": "Two weeks.",
                "start_week": 8,
                "end_week": 9,
                "measures": ["Reviews that used the two-question check"],
                "what_happened": "The template was used in about a third of reviews.",
                "observations": "GPs skipped it when short of time, because it opened after the medication screen.",
                "results": "Well below the prediction.",
                "act": "adapt",
                "act_detail": "Make the two-question check the first screen of every back-pain review.",
            },
            {
                "change": "template",
                "number": 2,
                "title": "Check on the first screen, all five practices",
                "objective": "Test the check as the first screen in every practice.",
                "prediction": "Seven in ten reviews will use it within a month.",
                "who": "All GPs and practice nurses in the five practices.",
                "what": "The two-question check as the first screen of the back-pain review.",
                "where": "All five practices.",
                "when": "Five weeks.",
                "start_week": 10,
                "end_week": 14,
                "measures": [
                    "Reviews that used the two-question check",
                    "Repeat back-pain appointments within four weeks",
                    "Referrals to talking therapies from back-pain reviews",
                ],
                "what_happened": "Use rose to three in four reviews by the third week.",
                "observations": "Some people were surprised to be asked about mood; most welcomed it. "
                "Referrals to talking therapies went up a little.",
                "results": "As predicted. Repeat appointments began to fall.",
                "act": "adopt",
                "act_detail": "Keep the check as the first screen, and tell the talking therapies service to "
                "expect a few more referrals.",
            },
            {
                "change": "pharmacist",
                "number": 1,
                "title": "Pharmacist medicines review",
                "objective": "See whether a medicines review with mood in mind cuts repeat appointments.",
                "prediction": "Half of the people offered it will take it up.",
                "who": "The network's clinical pharmacist.",
                "what": "A 30-minute review offered to anyone with two repeat back-pain appointments.",
                "where": "By phone, from two practices.",
                "when": "Four weeks.",
                "start_week": 15,
                "end_week": 18,
                "measures": ["Repeat back-pain appointments within four weeks"],
                "what_happened": "5 of 31 people offered it took it up.",
                "observations": "People said a pharmacist did not feel like the right person to talk to about "
                "mood, and wanted someone who knew local groups.",
                "results": "Far below the prediction.",
                "act": "abandon",
                "act_detail": "Stop the offer, and develop the idea of the social prescriber joining reviews instead.",
            },
        ],
        "notes": [
            (
                "Search for the weekly counts",
                "The saved search is called ‘Back-pain reviews (test team)’. Run "
                "it on Monday mornings, before clinics start.",
                "Dev",
            ),
        ],
    },
    {
        "name": SEASIDE,
        "organisations": ["Seaside Physiotherapy Pilot", "Severn Vale Wellbeing Collective"],
        "challenge": (
            "Our physiotherapy service discharges people after two missed appointments. People living with "
            "pain and depression or anxiety miss appointments most often on their worst days, the days they "
            "most need help, and are then discharged. We want appointments to bend around bad days instead of "
            "ending care."
        ),
        "aim": (
            "By the end of June, missed appointments will halve, from about 9 a week to 5 or fewer, and nobody "
            "will be discharged for missed appointments without a conversation first."
        ),
        "weeks": 26,
        "members": [
            ("morgan@example.org", "lead"),
            ("Owen", "member"),
            ("Ellie", "member"),
            ("Quinn", "lived_experience"),
        ],
        "ideas": ["bad-day-swap", "not-today-texts"],
        "drivers": [
            (
                "Appointments bend around bad days",
                [
                    (
                        "An easy way to change on the day",
                        [
                            (
                                "swap",
                                "Bad-day swap: switch to a phone or video appointment up to an hour before",
                                "bad-day-swap",
                            ),
                            ("texts", "Reminder texts with a ‘not today’ reply", "not-today-texts"),
                        ],
                    ),
                    (
                        "A shorter session when that is all someone can manage",
                        [("short-session", "Offer a 20-minute session instead of cancelling", None)],
                    ),
                ],
            ),
            (
                "A missed appointment starts a conversation, not a discharge",
                [
                    (
                        "A call after a missed appointment",
                        [("call-back", "A physiotherapist phones within two working days", None)],
                    ),
                ],
            ),
            (
                "Clinicians' time is protected",
                [
                    (
                        "Swaps fit the clinic list",
                        [("video-slots", "Keep two video slots free each afternoon", None)],
                    ),
                ],
            ),
        ],
        "measures": [
            {
                "name": SHIFT[1],
                "kind": "outcome",
                "definition": "Appointments each week that the person did not attend and did not cancel or "
                "swap beforehand, from the booking system. A swap to phone or video is not a missed "
                "appointment.",
                "unit": "appointments",
                "improvement": "decrease",
                "target": 5.0,
                "chart": "xmr",
                "baseline_points": 12,
                "values": series(2, [(12, 9, 9), (14, 4.5, 4.5)], 2.4),
                "notes": {
                    6: "Cycle: reminder texts with a reply",
                    12: "Cycle 1: bad-day swap starts",
                    22: "Cycle 2: swaps at both sites",
                },
            },
            {
                "name": "Appointments swapped to phone or video on the day",
                "kind": "process",
                "definition": "Face-to-face appointments changed to a phone or video call on the day, each "
                "week, from the booking system's change log.",
                "unit": "appointments",
                "improvement": "increase",
                "target": None,
                "chart": "xmr",
                "baseline_points": 12,
                "values": series(23, [(12, 1.5, 1.5), (14, 5, 7)], 1.6),
            },
            {
                "name": "Clinician minutes lost to same-day changes",
                "kind": "balancing",
                "definition": "Minutes of booked clinician time each week left unused because of a change on "
                "the day, from the clinicians' weekly returns.",
                "unit": "minutes",
                "improvement": "decrease",
                "target": None,
                "chart": "xmr",
                "values": series(33, [(26, 40, 38)], 12),
            },
        ],
        "cycles": [
            {
                "change": "texts",
                "number": 1,
                "title": "Reminder texts with a ‘not today’ reply",
                "objective": "See whether a reply option in reminder texts lets us rebook before a slot is lost.",
                "prediction": "One in ten people will reply ‘not today’, and missed appointments will fall.",
                "who": "One physiotherapist's list, about 45 appointments a week.",
                "what": "The usual reminder text the day before, with ‘Reply NOT TODAY if you cannot come’.",
                "where": "The main clinic.",
                "when": "Four weeks.",
                "start_week": 6,
                "end_week": 9,
                "measures": [SHIFT[1]],
                "what_happened": "Four replies in four weeks. Missed appointments did not change.",
                "observations": "Bad days often start on the morning itself, after the text. Two people said "
                "the text made them feel they had to explain themselves.",
                "results": "No change, against a predicted fall.",
                "act": "abandon",
                "act_detail": "Stop the reply option. Test a way to change on the day itself: the bad-day swap.",
            },
            {
                "change": "swap",
                "number": 1,
                "title": "Bad-day swap on the main clinic's lists",
                "objective": "Test whether offering a phone or video swap up to an hour before cuts missed "
                "appointments.",
                "prediction": "Missed appointments will fall by a third.",
                "who": "The four physiotherapists at the main clinic.",
                "what": "The appointment letter and reminder say people may phone to swap to a phone or video "
                "call up to an hour before, no reason needed.",
                "where": "The main clinic.",
                "when": "Eight weeks.",
                "start_week": 12,
                "end_week": 19,
                "measures": [
                    SHIFT[1],
                    "Appointments swapped to phone or video on the day",
                    "Clinician minutes lost to same-day changes",
                ],
                "what_happened": "About six swaps a week; missed appointments fell from the first week.",
                "observations": "Most swaps were on Monday mornings. Video calls were harder to fit in than "
                "phone calls.",
                "results": "Missed appointments roughly halved, better than predicted, and clinician time lost "
                "did not go up.",
                "act": "adapt",
                "act_detail": "Keep two video slots free each afternoon, and extend the swap to the second site.",
            },
            {
                "change": "swap",
                "number": 2,
                "title": "Bad-day swap at both sites, with video slots kept free",
                "objective": "Test the swap at both sites, with two video slots held each afternoon.",
                "prediction": "Missed appointments stay at 5 or fewer a week at both sites.",
                "who": "All eight physiotherapists.",
                "what": "The bad-day swap, and two video slots kept free each afternoon.",
                "where": "Both sites.",
                "when": "Eight weeks.",
                "start_week": 22,
                "end_week": 29,
                "measures": [SHIFT[1], "Appointments swapped to phone or video on the day"],
                "what_happened": "Running at both sites for four weeks so far.",
                "observations": "The second site's reception team asked for a script for the swap call; Quinn "
                "helped write one.",
            },
        ],
        "notes": [
            (
                "Script for the swap call",
                "‘Thanks for letting us know. Would a phone call or a video call "
                "suit you better today?’ No need to ask why.",
                "Quinn",
            ),
        ],
    },
    {
        "name": HELPLINE,
        "organisations": ["National mental health charity", "Online Chronic Pain Peer Forum"],
        "challenge": (
            "About one call in five to the charity's information line mentions pain, often back or neck pain, "
            "alongside low mood or anxiety. Our advisers are confident about mental health but told us they "
            "freeze when pain comes up, and callers are seldom pointed to support for both. We want every "
            "caller who mentions pain to leave with something that helps with both."
        ),
        "aim": (
            "By the end of July, 75% of callers who mention pain will be offered the pain-and-mood page and "
            "their nearest branch group, without calls getting longer."
        ),
        "weeks": 30,
        "members": [("Deepa", "lead"), ("Yasmin", "data"), ("Isla", "member"), ("Wren", "lived_experience")],
        "ideas": ["helpline-next-step"],
        "drivers": [
            (
                "Advisers are confident talking about pain",
                [
                    (
                        "Knowing the basics of persistent pain",
                        [("briefing", "A 45-minute briefing from a pain physiotherapist", None)],
                    ),
                    (
                        "Words to use",
                        [("phrases", "A prompt card of phrases suggested by people who have called the line", None)],
                    ),
                ],
            ),
            (
                "Callers leave with a next step for pain and mood",
                [
                    (
                        "Something to keep",
                        [
                            (
                                "page",
                                "Send the pain-and-mood page by text or e-mail during the call",
                                "helpline-next-step",
                            )
                        ],
                    ),
                    (
                        "Somewhere local",
                        [("nearest-group", "Look up the nearest branch group with the caller", None)],
                    ),
                ],
            ),
        ],
        "measures": [
            {
                "name": "Callers who mention pain offered the page",
                "kind": "process",
                "definition": "Each week: the percentage of calls logged as mentioning pain in which the adviser "
                "offered the pain-and-mood page, from the call log's tick boxes.",
                "unit": "%",
                "improvement": "increase",
                "target": 75.0,
                "chart": "xmr",
                "baseline_points": 12,
                "recalculate_from_weeks": [20],  # new limits from the text-only version
                "values": series(43, [(12, 10, 10), (2, 20, 24), (6, 40, 50), (10, 68, 74)], 7, high=100),
                "notes": {
                    12: "Briefing from a pain physiotherapist",
                    14: "Cycle 1: page by text or e-mail",
                    20: "Cycle 2: text only, short link",
                },
            },
            {
                "name": COMMON_CAUSE[1],
                "kind": "balancing",
                "definition": "The average length in minutes, each week, of calls logged as mentioning pain, "
                "from the telephone system. Checks that offering the page does not lengthen calls.",
                "unit": "minutes",
                "improvement": "neither",
                "target": None,
                "chart": "xmr",
                "values": series(5, [(30, 17.5, 17.5)], 2.2, decimals=1),
            },
            {
                "name": "Callers who contacted local support within a week",
                "kind": "outcome",
                "definition": "Of callers who mention pain and agree to a follow-up text a week later, the "
                "percentage who reply that they have contacted a local group or service.",
                "unit": "%",
                "improvement": "increase",
                "target": None,
                "chart": "xmr",
                "baseline_points": 14,
                "values": series(53, [(14, 18, 18), (16, 22, 28)], 7, high=100),
            },
        ],
        "cycles": [
            {
                "change": "briefing",
                "number": 1,
                "title": "Briefing for the Monday team",
                "objective": "Find out whether a short briefing makes advisers more confident when pain comes up.",
                "prediction": "Advisers will rate their confidence higher afterwards.",
                "who": "The twelve advisers on the Monday team, and a pain physiotherapist.",
                "what": "A 45-minute online briefing: what persistent pain is, what helps, what to say.",
                "where": "Online.",
                "when": "One session, then two weeks of calls.",
                "start_week": 12,
                "end_week": 13,
                "measures": ["Callers who mention pain offered the page"],
                "what_happened": "Eleven of the twelve advisers came. Confidence rose from 4 to 7 out of 10 on "
                "average.",
                "observations": "Advisers asked for words to use, not more facts.",
                "results": "As predicted for confidence; the page was offered a little more often.",
                "act": "adopt",
                "act_detail": "Give the briefing to every team, and write a prompt card of phrases.",
            },
            {
                "change": "page",
                "number": 1,
                "title": "Page by text or e-mail",
                "objective": "Test sending the pain-and-mood page during the call.",
                "prediction": "Half of callers who mention pain will be offered it.",
                "who": "All advisers.",
                "what": "A button in the call log sends the page by text or e-mail.",
                "where": "The information line.",
                "when": "Six weeks.",
                "start_week": 14,
                "end_week": 19,
                "measures": ["Callers who mention pain offered the page", COMMON_CAUSE[1]],
                "what_happened": "Offered in just under half of calls by the end.",
                "observations": "Several e-mails were not received, and callers found the link too long to read out.",
                "results": "Close to the prediction, and calls were no longer.",
                "act": "adapt",
                "act_detail": "Send by text only, with a short link the adviser can also read out.",
            },
            {
                "change": "page",
                "number": 2,
                "title": "Text only, with a short link",
                "objective": "Test the text-only version with a short link.",
                "prediction": "Seven in ten callers who mention pain will be offered it.",
                "who": "All advisers.",
                "what": "The page by text, with a short link read out if the caller prefers.",
                "where": "The information line.",
                "when": "Six weeks.",
                "start_week": 20,
                "end_week": 25,
                "measures": [
                    "Callers who mention pain offered the page",
                    COMMON_CAUSE[1],
                    "Callers who contacted local support within a week",
                ],
                "what_happened": "Offered in around seven calls in ten from the second week.",
                "observations": "Callers liked being able to read the page after the call, when they had more energy.",
                "results": "As predicted. Call length did not change.",
                "act": "adopt",
                "act_detail": "Keep it, and add it to every new adviser's induction.",
            },
        ],
        "notes": [
            (
                "Phrases callers suggested",
                "- ‘Pain and mood often go together; you are not imagining it.’\n"
                "- ‘Would it help if I sent you something to read later?’",
                "Wren",
            ),
        ],
    },
]

# -- The learning log ----------------------------------------------------------------------------------
# team, title, what we tried, what happened, what we learned, cycles as (change key, number), ideas, insights,
# author.
LEARNING = [
    {
        "team": WESTMERE,
        "title": "The wording of the mood question matters more than the form",
        "tried": "Two questions about pain and mood at the top of the first-appointment form, first as they "
        "were, then reworded.",
        "happened": "‘How is your mood?’ felt abrupt and was skipped; ‘How are your pain and your mood "
        "affecting each other?’ was asked in most appointments and people felt more listened to.",
        "learned": "Ask about the two together, in one question, before the examination. A short session with "
        "the psychology team gave clinicians the confidence to ask.",
        "cycles": [("questions", 1), ("questions", 2)],
        "ideas": ["ask-together"],
        "insights": [WHOLE_PERSON],
        "author": "Vik",
    },
    {
        "team": TYNESIDE,
        "title": "Text before you call",
        "tried": "Monthly calls from a peer to people on the pain clinic's waiting list, then a text first.",
        "happened": "Calls alone reached few people; with a text first, two in three talked to us and the group "
        "grew every week.",
        "learned": "People do not answer numbers they do not know, and worry a call means bad news about their "
        "place on the list. Say who you are first. Growth needs more volunteers.",
        "cycles": [("calls", 1), ("calls", 2)],
        "ideas": ["keep-in-touch"],
        "insights": [WAITING, PEERS],
        "author": "Liam",
    },
    {
        "team": SEASIDE,
        "title": "Bad days start on the morning itself",
        "tried": "A ‘not today’ reply to reminder texts, then a swap to phone or video up to an hour before.",
        "happened": "Hardly anyone replied to the text; the swap halved missed appointments.",
        "learned": "A change the day before is too early for a bad day. Let people change on the day, with no "
        "reason needed.",
        "cycles": [("texts", 1), ("swap", 1)],
        "ideas": ["not-today-texts", "bad-day-swap"],
        "insights": [BAD_DAYS],
        "author": "morgan@example.org",
    },
    {
        "team": BROOKSIDE,
        "title": "A medicines review was not the right door",
        "tried": "A pharmacist's medicines review for people with repeat back-pain appointments.",
        "happened": "Few took it up.",
        "learned": "People wanted to talk about mood and support with someone who knows local groups. We are "
        "developing a social prescriber's part in reviews instead.",
        "cycles": [("pharmacist", 1)],
        "ideas": ["peer-in-reviews"],
        "insights": [JUDGED, PEERS],
        "author": "Grace",
    },
]
