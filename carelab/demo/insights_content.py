"""The demo lab's codebook, how its two coders coded the demo survey's free text, its themes, areas of
opportunity and insights. Written for CareLab; the answers coded are the demo's own (survey_answers.py).
"""

from carelab.demo import survey_answers as answers

# (code, description, children as (code, description))
CODEBOOK = [
    (
        "Seen as a whole person",
        "Whether people felt their pain and their mental health were seen together.",
        [
            ("Asked about pain and mood together", "A professional asked about both, or the person wishes they had."),
            ("Listened to and believed", "Feeling heard, taken seriously, not told it is 'all in the head'."),
            ("Judged or dismissed", "Feeling blamed, judged or not believed, including about pain relief."),
        ],
    ),
    (
        "Joined-up care",
        "How services fit together around the person.",
        [
            ("Telling the story once", "Having to repeat their history, or wanting not to."),
            ("Services not talking to each other", "Being passed between services that do not share information."),
            ("Joint appointments", "Physical and mental health professionals seeing the person together."),
        ],
    ),
    (
        "Waiting and access",
        "Getting into care and staying in it.",
        [
            ("Long waits", "Waiting for a service, and what happens meanwhile."),
            ("Care that fits bad days", "Appointment times, formats and rules that fit, or do not fit, bad days."),
            ("Dropped or discharged", "Care ending too soon, or discharge after missed appointments."),
            ("Self-referral", "Being able to refer yourself."),
        ],
    ),
    (
        "Support beyond the clinic",
        "What helps outside health services.",
        [
            ("Peer support", "Groups and people with lived experience."),
            ("Movement and activity", "Walking, swimming, yoga, gentle exercise."),
            ("Local charities and groups", "Local organisations as part of care."),
            ("Work and money", "Employers, flexible hours, income."),
            ("Carers", "The people who care for someone with pain and mental health problems."),
        ],
    ),
    (
        "Treatments",
        "What people said of treatments.",
        [
            ("Talking therapy", "Psychological therapies, their length and fit."),
            ("Pacing and self-management", "Pacing, sleep, managing day to day."),
            ("Medication and its effects", "Painkillers and other medicines, and their effect on mood."),
        ],
    ),
]

# How the first coder codes each of the demo's answers; the second coder differs now and then (see demo).
CODES_FOR_ANSWER = {
    answers.WHAT_HELPED[0]: ["Asked about pain and mood together", "Listened to and believed"],
    answers.WHAT_HELPED[1]: ["Peer support", "Local charities and groups"],
    answers.WHAT_HELPED[2]: ["Movement and activity"],
    answers.WHAT_HELPED[3]: ["Asked about pain and mood together", "Pacing and self-management"],
    answers.WHAT_HELPED[4]: ["Movement and activity", "Peer support"],
    answers.WHAT_HELPED[5]: ["Talking therapy", "Listened to and believed"],
    answers.WHAT_HELPED[6]: ["Pacing and self-management"],
    answers.WHAT_HELPED[7]: ["Pacing and self-management"],
    answers.WHAT_HELPED[8]: ["Work and money"],
    answers.WHAT_HELPED[9]: ["Local charities and groups", "Pacing and self-management"],
    answers.WHAT_HELPED[10]: ["Listened to and believed"],
    answers.WHAT_HELPED[11]: ["Peer support"],
    answers.WHAT_HELPED[12]: ["Work and money", "Care that fits bad days"],
    answers.WHAT_HELPED[13]: ["Movement and activity", "Local charities and groups"],
    answers.WHAT_HELPED[14]: ["Medication and its effects", "Listened to and believed"],
    answers.WHAT_DID_NOT_HELP[0]: ["Services not talking to each other"],
    answers.WHAT_DID_NOT_HELP[1]: ["Long waits"],
    answers.WHAT_DID_NOT_HELP[2]: ["Judged or dismissed"],
    answers.WHAT_DID_NOT_HELP[3]: ["Talking therapy", "Dropped or discharged"],
    answers.WHAT_DID_NOT_HELP[4]: ["Judged or dismissed", "Medication and its effects"],
    answers.WHAT_DID_NOT_HELP[5]: ["Care that fits bad days"],
    answers.WHAT_DID_NOT_HELP[6]: ["Telling the story once"],
    answers.WHAT_DID_NOT_HELP[7]: ["Movement and activity"],
    answers.WHAT_DID_NOT_HELP[8]: ["Judged or dismissed"],
    answers.WHAT_DID_NOT_HELP[9]: ["Dropped or discharged", "Care that fits bad days"],
    answers.WHAT_DID_NOT_HELP[10]: ["Medication and its effects"],
    answers.WHAT_DID_NOT_HELP[11]: ["Asked about pain and mood together", "Carers"],
    answers.ONE_CHANGE[0]: ["Asked about pain and mood together"],
    answers.ONE_CHANGE[1]: ["Long waits"],
    answers.ONE_CHANGE[2]: ["Joint appointments"],
    answers.ONE_CHANGE[3]: ["Asked about pain and mood together"],
    answers.ONE_CHANGE[4]: ["Self-referral"],
    answers.ONE_CHANGE[5]: ["Care that fits bad days"],
    answers.ONE_CHANGE[6]: ["Peer support"],
    answers.ONE_CHANGE[7]: ["Dropped or discharged"],
    answers.ONE_CHANGE[8]: ["Carers"],
    answers.ONE_CHANGE[9]: ["Local charities and groups"],
}
# A code the second coder tends to use instead of the first coder's, for the disagreements the demo shows.
SECOND_CODER_SWAPS = {
    "Listened to and believed": "Asked about pain and mood together",
    "Pacing and self-management": "Movement and activity",
    "Local charities and groups": "Peer support",
    "Dropped or discharged": "Long waits",
}
CODED_QUESTIONS = ["what_helped", "what_did_not_help", "one_change"]

# (theme, description, codes)
THEMES = [
    (
        "Being believed as a whole person",
        "People want pain and mood to be asked about together, and to be believed about both.",
        ["Asked about pain and mood together", "Listened to and believed", "Judged or dismissed"],
    ),
    (
        "Care that joins up",
        "Telling the story once, services that share, appointments together.",
        ["Telling the story once", "Services not talking to each other", "Joint appointments"],
    ),
    (
        "Falling through the gaps",
        "Long waits with nothing meanwhile, and care that ends on a bad day.",
        ["Long waits", "Dropped or discharged", "Care that fits bad days"],
    ),
    (
        "Community and peers as part of care",
        "Peer groups, movement and local charities help pain and mood together.",
        ["Peer support", "Movement and activity", "Local charities and groups", "Carers"],
    ),
    (
        "Living with it day to day",
        "Pacing, work and medicines: what makes ordinary days manageable.",
        ["Pacing and self-management", "Work and money", "Medication and its effects", "Talking therapy"],
    ),
]

# (area of opportunity, description, themes)
AREAS = [
    (
        "One conversation about pain and mind",
        "Every first appointment, in pain or mental health services, asks about both and is believed.",
        ["Being believed as a whole person", "Care that joins up"],
    ),
    (
        "Support while waiting and after discharge",
        "Nobody waits, or leaves care, with nothing.",
        ["Falling through the gaps"],
    ),
    (
        "Local groups as part of the pathway",
        "Local branches and community groups are part of care, not an afterthought.",
        ["Community and peers as part of care", "Living with it day to day"],
    ),
]

# (statement, detail, themes, areas, evidence titles, code whose quotes support it, status)
INSIGHTS = [
    (
        "People want one person or team who looks at their pain and their mental health together.",
        "The most common wish in the survey's free text, from people with lived experience and professionals "
        "alike, and the point of the research on depression and pain occurring together.",
        ["Being believed as a whole person", "Care that joins up"],
        ["One conversation about pain and mind"],
        ["Depression and pain comorbidity: a literature review", "Telling my story once"],
        "Asked about pain and mood together",
        "published",
    ),
    (
        "Feeling judged for asking for help keeps people away from care.",
        "People described being told their pain was their depression, or being judged for asking for pain "
        "relief, and staying away from services afterwards.",
        ["Being believed as a whole person"],
        ["One conversation about pain and mind"],
        ["Being believed"],
        "Judged or dismissed",
        "published",
    ),
    (
        "Waiting without support makes pain and mood worse.",
        "Long waits for pain services came up again and again, with nothing offered in the meantime.",
        ["Falling through the gaps"],
        ["Support while waiting and after discharge"],
        [
            "Waiting times for community musculoskeletal and pain services",
            "Waiting well: support while on the waiting list",
        ],
        "Long waits",
        "published",
    ),
    (
        "Peer groups and gentle movement in the community help both pain and mood.",
        "Walking groups, movement sessions and peer groups were among the things people said helped most.",
        ["Community and peers as part of care"],
        ["Local groups as part of the pathway"],
        ["Move and talk: gentle movement then tea", "The walking group saved my winter"],
        "Peer support",
        "reviewed",
    ),
    (
        "Care that cannot flex around bad pain days drops people.",
        "Missed appointments on bad days led to discharge; telephone-only appointments made it hard to show pain.",
        ["Falling through the gaps"],
        ["Support while waiting and after discharge"],
        ["Bad days and missed appointments"],
        "Care that fits bad days",
        "draft",
    ),
]
