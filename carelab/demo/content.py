"""The demo lab, written for CareLab: an improvement community working with a national
mental-health charity and its local branches on pain and mental health.

Dates are relative to the lab year, so the demo always has a current phase: the lab
starts on the most recent 1 September and runs for a year.
"""

from datetime import date, timedelta

SLUG = "pain-and-mental-health"
TITLE = "Pain and mental health lab"
QUESTION = (
    "What are the experiences of people living with both mental health problems and persistent back and neck "
    "pain, and how can care be designed to best meet their health and wellbeing needs?"
)
WHY_IT_MATTERS = """\
Around one in four people in the UK has a mental health problem in any year, and back pain affects
roughly a third of the population each year. The two often arrive together: people with symptoms of
depression are about 50% more likely to have back pain, and people living with long-term low back pain
have much higher rates of depression, anxiety and poor sleep.

Yet care is usually organised as if they were separate. People describe telling their story again and
again, being sent between physiotherapy and talking therapies, and feeling that nobody looks at the
whole person. Between them, mental health problems and back pain are two of the most common reasons
for long-term sickness absence.

This lab brings together people who live with both, carers, clinicians, researchers and local
organisations to understand what gets in the way and to test ways of doing better.
"""
GET_INVOLVED = """\
There are several ways to take part, and you can choose how much or how little you do:

- **Share your experience** in our short survey. It takes about 10 minutes and you can skip any question.
- **Become a lab participant** and join workshops, interviews and focus groups over the year.
- **Join a test team** from the spring, to try out ideas in real services.
- **Follow our posts** and comment on them once you have created an account.

If you work for a local mental health organisation, we would especially like to hear about work that
already helps people living with pain.
"""
CONTACT_EMAIL = "pain-lab@example.org"
# Phrases this community uses that the built-in risk check may not know; they add to it.
RISK_PHRASES = "in a dark place\nin a bad way"


def lab_year_start(today: date) -> date:
    year = today.year if today.month >= 9 else today.year - 1
    return date(year, 9, 1)


def phases(start: date) -> list[dict]:
    def month(offset: int) -> date:
        years, months = divmod(start.month - 1 + offset, 12)
        return date(start.year + years, months + 1, 1)

    return [
        {
            "name": "Research and discovery",
            "starts_on": month(0),
            "ends_on": month(3) - timedelta(days=1),
            "description": "Gathering what is already known: a launch survey, research evidence, data and stories.",
        },
        {
            "name": "Making sense",
            "starts_on": month(3),
            "ends_on": month(5) - timedelta(days=1),
            "description": "Finding the themes in what we heard and agreeing the areas of opportunity.",
        },
        {
            "name": "Generating ideas",
            "starts_on": month(5),
            "ends_on": month(7) - timedelta(days=1),
            "description": "Workshops asking 'How might we…?' for each area of opportunity.",
        },
        {
            "name": "Test teams",
            "starts_on": month(7),
            "ends_on": month(11) - timedelta(days=1),
            "description": "Five teams write a challenge statement and test ideas in their own services.",
        },
        {
            "name": "Sharing what we learned",
            "starts_on": month(11),
            "ends_on": month(12) - timedelta(days=1),
            "description": "Essays, a practical guide and service principles for anyone designing care.",
        },
    ]


PARTNERS = [
    {
        "name": "Health improvement community",
        "description": "Runs the lab and brings improvement expertise",
    },
    {
        "name": "National mental health charity",
        "description": "Partner, with a network of about 130 local branches",
    },
    {
        "name": "Local mental health branches",
        "description": "Independent local charities offering support, advice and groups",
    },
]

PEOPLE = [
    # email, display name, role in the lab, organisation, role title
    ("admin@example.org", "Site admin", None, "", "Site administrator"),
    ("team@example.org", "Priya (lab team)", "team", "Health improvement community", "Lab lead"),
    ("participant@example.org", "Sam", "participant", "", "Person with lived experience"),
    ("member@example.org", "Jordan", "member", "", ""),
    ("alex@example.org", "Alex", "participant", "Local mental health branch", "Peer support worker"),
    ("morgan@example.org", "Dr Morgan", "participant", "NHS trust", "Physiotherapist"),
]

POLICY_V1 = """\
We want comments to be a safe, kind place to share experience and ideas.

- Be respectful. Disagree with ideas, not people.
- Do not share anyone's personal details, including your own phone number or email address.
- Do not give medical advice to others.
- The lab team reads every comment before it is published.

CareLab is not a crisis service. If you need help now, use the *Need help now?* link at the top of every page.
"""
POLICY_V2 = (
    POLICY_V1
    + """
**New in version 2:** people with a record of approved comments may see their comments published straight
away. Comments that mention risk or contain personal details are still always checked by the lab team first.
We may hide a comment later if it breaks these rules, and we will tell you why.
"""
)

POSTS = [
    {
        "slug": "launching-the-pain-and-mental-health-lab",
        "title": "Launching the pain and mental health lab",
        "summary": "Our new lab asks how care can better meet the needs of people living with both mental health "
        "problems and persistent back or neck pain. Here is how to get involved.",
        "days_after_start": 0,
        "body": """\
Today we are launching a year-long lab on something many people live with but few services are designed
around: having both a mental health problem and persistent back or neck pain.

## Why we are doing this

People tell us that pain and low mood feed each other. Pain makes it hard to sleep, work and see friends;
feeling low makes pain harder to manage. But appointments, waiting lists and referral routes usually deal
with one at a time.

## How to get involved

1. **Take our survey.** It takes about 10 minutes. Tell us what has helped, what has not, and what you
   would change. You can skip any question.
2. **Become a lab participant.** We are looking for people with lived experience, carers, clinicians,
   researchers and local organisations.
3. **Comment on our posts.** Create an account, agree to our comments policy and join the conversation.

We will share what we learn, as we learn it, here on the lab's pages.
""",
    },
    {
        "slug": "what-we-heard-in-the-first-month",
        "title": "What we heard in the first month",
        "summary": "More than a hundred people answered our launch survey. Three early themes stand out.",
        "days_after_start": 35,
        "body": """\
Thank you to everyone who answered the launch survey. Early themes, which we will test in workshops:

- **Being believed.** Many people felt their pain was dismissed once a mental health diagnosis was on
  their record.
- **Joined-up support.** People valued anyone who asked about both pain and mood in the same conversation.
- **Small things matter.** Peer groups, gentle movement classes and flexible appointment times came up again
  and again.

These are first impressions, not findings. We will publish a fuller summary in the *Making sense* phase.
""",
    },
    {
        "slug": "why-pain-and-mental-health-belong-together",
        "title": "Why pain and mental health belong in the same conversation",
        "summary": "A short explainer on what research tells us about persistent pain and mental health, "
        "and what it does not.",
        "days_after_start": 60,
        "body": """\
Research has shown for a long time that persistent pain and mental health problems often go together, and
that each can make the other harder to live with. What is less clear is how services can respond well.

In this lab we are collecting:

- research evidence from reviews and studies,
- data from local services,
- examples of good practice from local organisations, and
- stories from people with lived experience.

If you know of work that already helps, please tell us in the survey or in a comment below.
""",
    },
    {
        "slug": "workshop-plans",
        "title": "Plans for our first workshop",
        "summary": "A draft note on the first making-sense workshop.",
        "days_after_start": 80,
        "draft": True,
        "body": "We are still planning this workshop. This draft is only visible to the lab team.",
    },
]

# (post slug, author email, body, status, extra)
COMMENTS = [
    (
        "launching-the-pain-and-mental-health-lab",
        "participant@example.org",
        "Really glad to see this. I've had back pain for eight years and depression for longer, and nobody has "
        "ever asked me about both in the same appointment.",
        "approved",
        {},
    ),
    (
        "launching-the-pain-and-mental-health-lab",
        "alex@example.org",
        "Our branch runs a walking group that a lot of people with pain join. Happy to share what we've learned.",
        "approved",
        {"reply_to": "Really glad to see this."},
    ),
    (
        "launching-the-pain-and-mental-health-lab",
        "member@example.org",
        "Will the survey be available on paper for people who don't use computers?",
        "pending",
        {},
    ),
    (
        "what-we-heard-in-the-first-month",
        "morgan@example.org",
        "As a physio, the point about being believed really lands. We need time in appointments to ask about mood.",
        "approved",
        {},
    ),
    (
        "what-we-heard-in-the-first-month",
        "member@example.org",
        "Ring me on 07700 900123 if you want to talk about my experience.",
        "pending",
        {"hold_reasons": ["premoderation", "personal_data"]},
    ),
    (
        "what-we-heard-in-the-first-month",
        "participant@example.org",
        "Some days the pain is so bad I'm in a dark place and I feel like I can't go on.",
        "pending",
        {"hold_reasons": ["premoderation", "risk"]},
    ),
    (
        "why-pain-and-mental-health-belong-together",
        "member@example.org",
        "Buy cheap painkillers online at this website!!!",
        "rejected",
        {"reason": "This looks like advertising, which our comments policy does not allow."},
    ),
    (
        "why-pain-and-mental-health-belong-together",
        "alex@example.org",
        "Honestly the local GP surgery is useless and the receptionist there should be sacked.",
        "hidden",
        {"reason": "Comments must not single out individual members of staff."},
    ),
    (
        "why-pain-and-mental-health-belong-together",
        "participant@example.org",
        "I understand the frustration, but some receptionists have been really kind to me.",
        "approved",
        {"reply_to": "Honestly the local GP surgery"},
    ),
]
