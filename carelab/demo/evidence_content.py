"""The demo lab's evidence library, written for CareLab in our own words.

Research items give only a study's public facts (authors, year, journal, DOI where we are sure of it)
and a summary we wrote; nothing is copied from an abstract. Practice examples come from the demo's
invented local organisations; stories are invented composites (no real people) and say so.
"""

STUDY, REVIEW, DATA_SET, PRACTICE, STORY, SURVEY_FINDING, WORKSHOP_OUTPUT, OTHER = (
    "study",
    "review",
    "data_set",
    "practice",
    "story",
    "survey_finding",
    "workshop_output",
    "other",
)

# kind, title, authors, year, source, doi, summary, keywords, tags, organisation, region, shared
ITEMS = [
    (
        REVIEW,
        "Depression and pain comorbidity: a literature review",
        ["Bair, M. J.", "Robinson, R. L.", "Katon, W.", "Kroenke, K."],
        2003,
        "Archives of Internal Medicine",
        "10.1001/archinte.163.20.2433",
        "A widely cited review of how often depression and pain occur together. Across settings, people with "
        "pain were more likely to be depressed and people with depression more likely to report pain, and each "
        "made the other harder to treat. The authors argue that both should be assessed together.",
        ["depression", "chronic pain", "comorbidity"],
        ["mental health", "pain", "whole person"],
        None,
        "",
        True,
    ),
    (
        REVIEW,
        "Prevalence of chronic pain in the UK: a systematic review and meta-analysis of population studies",
        ["Fayaz, A.", "Croft, P.", "Langford, R. M.", "Donaldson, L. J.", "Jones, G. T."],
        2016,
        "BMJ Open",
        "10.1136/bmjopen-2015-010364",
        "Pools UK population studies to estimate how many adults live with chronic pain. Roughly a third to a "
        "half of adults were affected, with more among older people and in more deprived areas.",
        ["prevalence", "chronic pain", "United Kingdom"],
        ["pain", "inequalities", "data"],
        None,
        "uk_wide",
        True,
    ),
    (
        STUDY,
        "The PHQ-9: validity of a brief depression severity measure",
        ["Kroenke, K.", "Spitzer, R. L.", "Williams, J. B."],
        2001,
        "Journal of General Internal Medicine",
        "10.1046/j.1525-1497.2001.016009606.x",
        "The study that established the nine-item Patient Health Questionnaire as a short measure of depression "
        "severity in primary care. The lab's survey uses the PHQ-9 as published.",
        ["PHQ-9", "depression", "measurement"],
        ["measures"],
        None,
        "",
        True,
    ),
    (
        STUDY,
        "A brief measure for assessing generalized anxiety disorder: the GAD-7",
        ["Spitzer, R. L.", "Kroenke, K.", "Williams, J. B.", "Löwe, B."],
        2006,
        "Archives of Internal Medicine",
        "10.1001/archinte.166.10.1092",
        "Introduces the seven-item GAD-7 questionnaire for anxiety and reports how well it picks out generalised "
        "anxiety disorder. Used in the lab's survey alongside the PHQ-9.",
        ["GAD-7", "anxiety", "measurement"],
        ["measures"],
        None,
        "",
        True,
    ),
    (
        STUDY,
        "Comparison of stratified primary care management for low back pain with current best practice "
        "(STarT Back): a randomised controlled trial",
        ["Hill, J. C.", "Whitehurst, D. G.", "Lewis, M.", "Foster, N. E."],
        2011,
        "The Lancet",
        "10.1016/S0140-6736(11)60937-9",
        "A UK trial in general practice. People with back pain were sorted by their risk of a poor outcome, "
        "including worry and low mood, and offered care to match. Stratified care led to less disability and "
        "was good value compared with usual care.",
        ["STarT Back", "stratified care", "low back pain", "primary care"],
        ["pain", "primary care", "whole person"],
        None,
        "",
        True,
    ),
    (
        REVIEW,
        "What low back pain is and why we need to pay attention",
        ["Hartvigsen, J.", "Hancock, M. J.", "Kongsted, A."],
        2018,
        "The Lancet",
        "10.1016/S0140-6736(18)30480-X",
        "Part of a Lancet series on low back pain. It describes low back pain as the leading cause of disability "
        "worldwide and sets out how psychological, social and biological factors together shape it.",
        ["low back pain", "disability", "biopsychosocial"],
        ["pain", "whole person"],
        None,
        "",
        True,
    ),
    (
        REVIEW,
        "Multidisciplinary biopsychosocial rehabilitation for chronic low back pain: Cochrane systematic review "
        "and meta-analysis",
        ["Kamper, S. J.", "Apeldoorn, A. T.", "Chiarotto, A."],
        2015,
        "BMJ",
        "10.1136/bmj.h444",
        "Brings together trials of programmes in which professionals from different disciplines work on the "
        "physical, psychological and social sides of back pain at once. They did somewhat better on pain and "
        "disability than physical treatment alone.",
        ["multidisciplinary", "rehabilitation", "low back pain"],
        ["joined-up care", "pain"],
        None,
        "",
        True,
    ),
    (
        OTHER,
        "Low back pain and sciatica in over 16s: assessment and management (NG59)",
        ["National Institute for Health and Care Excellence"],
        2016,
        "NICE guideline",
        "",
        "National guidance for England on assessing and managing low back pain. It recommends using a risk "
        "stratification tool, exercise and, for some people, combined physical and psychological programmes.",
        ["guideline", "low back pain", "sciatica"],
        ["guidance", "pain"],
        None,
        "uk_wide",
        True,
    ),
    (
        OTHER,
        "Chronic pain (primary and secondary) in over 16s: assessment of all chronic pain and management of "
        "chronic primary pain (NG193)",
        ["National Institute for Health and Care Excellence"],
        2021,
        "NICE guideline",
        "",
        "Guidance on chronic pain that asks clinicians to understand how pain affects a person's life, mood and "
        "relationships, and recommends exercise, psychological therapy and some antidepressants, rather than "
        "many commonly prescribed painkillers, for chronic primary pain.",
        ["guideline", "chronic pain", "shared decision making"],
        ["guidance", "pain", "whole person"],
        None,
        "uk_wide",
        True,
    ),
    (
        REVIEW,
        "Patients' experiences of chronic non-malignant musculoskeletal pain: a qualitative systematic review",
        ["Toye, F.", "Seers, K.", "Allcock, N."],
        2013,
        "British Journal of General Practice",
        "",
        "A synthesis of qualitative studies of living with musculoskeletal pain. People described a struggle to "
        "be believed, to make sense of their pain and to keep a sense of self, and the weight of dealing with "
        "health services.",
        ["qualitative", "lived experience", "being believed"],
        ["lived experience", "being believed"],
        None,
        "",
        True,
    ),
    (
        REVIEW,
        "Psychological therapies for the management of chronic pain (excluding headache) in adults",
        ["Williams, A. C. de C.", "Fisher, E.", "Hearn, L.", "Eccleston, C."],
        2020,
        "Cochrane Database of Systematic Reviews",
        "",
        "A Cochrane review of cognitive behavioural therapy, acceptance and commitment therapy and behaviour "
        "therapy for chronic pain. CBT gave small benefits for pain, disability and distress; the evidence for "
        "other therapies was weaker.",
        ["CBT", "psychological therapy", "chronic pain"],
        ["mental health", "therapy"],
        None,
        "",
        True,
    ),
    (
        REVIEW,
        "Chronic pain: an update on burden, best practices, and new advances",
        ["Cohen, S. P.", "Vase, L.", "Hooten, W. M."],
        2021,
        "The Lancet",
        "",
        "A broad overview of chronic pain: how common and costly it is, how pain and mental health interact, and "
        "where treatment is heading, with an emphasis on care that is shared across professions.",
        ["chronic pain", "overview", "mental health"],
        ["pain", "mental health"],
        None,
        "",
        False,
    ),
    (
        DATA_SET,
        "Health Survey for England 2017: chronic pain",
        ["NHS Digital"],
        2018,
        "Health Survey for England",
        "",
        "National survey figures for chronic pain among adults in England, by age, sex, region and deprivation, "
        "with links to anxiety and depression scores. Useful for comparing the lab's survey with the population.",
        ["Health Survey for England", "chronic pain", "statistics"],
        ["data", "inequalities"],
        None,
        "uk_wide",
        True,
    ),
    (
        DATA_SET,
        "GP Patient Survey: long-term conditions and support to manage them",
        ["NHS England"],
        2024,
        "GP Patient Survey",
        "",
        "Yearly national survey of people's experience of general practice, including whether people with "
        "long-term conditions, among them back problems and mental health conditions, feel supported to manage "
        "them. Broken down by practice and area.",
        ["GP Patient Survey", "long-term conditions", "primary care"],
        ["data", "primary care"],
        None,
        "uk_wide",
        False,
    ),
    (
        DATA_SET,
        "Waiting times for community musculoskeletal and pain services",
        ["NHS England"],
        2025,
        "Community health services statistics",
        "",
        "Monthly counts of people waiting for community services, including musculoskeletal and pain services, "
        "by weeks waited. The lab team uses it to describe the waits people told us about.",
        ["waiting times", "community services"],
        ["waiting", "data"],
        None,
        "uk_wide",
        False,
    ),
    (
        REVIEW,
        "Long-term conditions and mental health: the cost of co-morbidities",
        ["Naylor, C.", "Parsonage, M.", "McDaid, D.", "Knapp, M.", "Fossey, M.", "Galea, A."],
        2012,
        "The King's Fund and Centre for Mental Health",
        "",
        "A report on the extra cost, to people and to the health service, when mental health problems go with a "
        "long-term physical condition, and on what integrated care could save.",
        ["integrated care", "long-term conditions", "costs"],
        ["joined-up care", "mental health"],
        None,
        "uk_wide",
        True,
    ),
    (
        STUDY,
        "A primary care back pain screening tool: identifying patient subgroups for initial treatment",
        ["Hill, J. C.", "Dunn, K. M.", "Lewis, M."],
        2008,
        "Arthritis and Rheumatism",
        "",
        "Describes how the nine-item STarT Back screening tool was developed and tested, including its questions "
        "on worry, fear and low mood. The lab's survey can offer it under its licence.",
        ["STarT Back", "screening", "low back pain"],
        ["measures", "pain"],
        None,
        "",
        False,
    ),
    (
        REVIEW,
        "Prevention and treatment of low back pain: evidence, challenges, and promising directions",
        ["Foster, N. E.", "Anema, J. R.", "Cherkin, D."],
        2018,
        "The Lancet",
        "",
        "The second paper of the Lancet series on low back pain. It contrasts what guidelines recommend (advice to "
        "stay active, exercise, psychological approaches) with what many people receive (imaging, rest, strong "
        "painkillers), and calls for care to change.",
        ["low back pain", "guidelines", "overtreatment"],
        ["pain", "guidance"],
        None,
        "",
        True,
    ),
    (
        OTHER,
        "Chronic pain in England: unseen, unequal, unfair",
        ["Versus Arthritis"],
        2021,
        "Versus Arthritis",
        "",
        "A charity report using national survey data to show that chronic pain is more common in deprived areas "
        "and among some ethnic groups, and that it often goes with low mood and difficulty working.",
        ["inequalities", "chronic pain", "deprivation"],
        ["inequalities", "data"],
        None,
        "uk_wide",
        True,
    ),
]

# Practice examples from the demo's invented local organisations (kind, title, summary, tags, organisation).
PRACTICE_EXAMPLES = [
    (
        "Move and talk: gentle movement then tea",
        "A weekly session where people with long-term pain do twenty minutes of seated and standing movement, then "
        "stay for tea and a chat. Regulars say the chat matters as much as the movement; new people are paired "
        "with someone who has been coming a while.",
        ["peer support", "movement"],
        "Mersey Moves Together",
    ),
    (
        "Pain and mood café",
        "A drop-in café one evening a month, co-run with a physiotherapist and a peer worker. No referral, no "
        "forms. People come for advice on pacing, sleep and benefits, or just to be with others who understand.",
        ["peer support", "drop-in", "pacing"],
        "Humber Pain and Mood Café",
    ),
    (
        "Walking for wellbeing, at the slowest person's pace",
        "Short walks on flat paths with rest stops planned in. Walk leaders are trained volunteers who live with "
        "pain themselves. The group keeps in touch between walks through a phone tree rather than an app.",
        ["walking", "peer support"],
        "Peak Fringe Walking for Wellbeing",
    ),
    (
        "Listening first: a peer listening group",
        "Small groups led by people with lived experience of mental health problems. The first session is only "
        "listening: no advice unless asked. People with pain said it was the first time they had not had to "
        "justify it.",
        ["peer support", "being believed"],
        "Trent Side Listening Group",
    ),
    (
        "Joint first appointment with a physiotherapist and a psychologist",
        "In one community pain service, the first appointment is with a physiotherapist and a psychologist "
        "together, so people tell their story once. Follow-up is planned with both in the room.",
        ["joined-up care", "tell it once"],
        "Black Country Aches and Anxieties Group",
    ),
    (
        "Social prescribing link worker in the GP surgery",
        "A link worker sees people whom the GP refers with pain and low mood, and connects them to walking "
        "groups, debt advice and carers' support as well as health services.",
        ["social prescribing", "primary care"],
        "Fenland Talking Spaces",
    ),
    (
        "Staying in work with back pain",
        "Occupational health staff meet people early, before time off becomes long, and agree small changes with "
        "employers: a better chair, flexible hours for appointments, a phased return.",
        ["work", "occupational health"],
        "Thames Side Peer Support",
    ),
    (
        "Bilingual peer support",
        "Peer groups held in Welsh and English, so people can talk about pain and mood in the language they "
        "think in. Leaflets were rewritten with group members.",
        ["language", "peer support", "access"],
        "Valleys Back Pain Peer Circle",
    ),
    (
        "Allotment group for people with long-term pain",
        "Raised beds and seats so people can garden without bending. Members say the routine and company help "
        "their mood on bad pain days.",
        ["nature", "activity", "peer support"],
        "Tyneside Mind and Body Network",
    ),
    (
        "Waiting well: support while on the waiting list",
        "A branch phones people on the pain clinic waiting list every month, offers a pacing course and a peer "
        "contact, and tells the clinic if someone's mood gets worse.",
        ["waiting", "peer support"],
        "Lancashire Hills Peer Support",
    ),
]

# Invented composite stories, written for the demo: no real person.
STORIES = [
    (
        "Telling my story once",
        "For years I told my back pain story to a physio, then my low mood to a counsellor, and neither knew what "
        "the other said. The first time both were in the same room I cried, because I didn't have to choose which "
        "part of me to bring.",
        ["tell it once", "joined-up care"],
        "north_west",
    ),
    (
        "The walking group saved my winter",
        "I stopped going out when my neck pain got bad, and then my head got bad too. A neighbour took me to the "
        "walking group. We go slowly. Nobody asks why you're quiet. I go every Saturday now.",
        ["walking", "peer support"],
        "east_midlands",
    ),
    (
        "Being believed",
        "A GP once said my pain was probably my depression. I stopped asking for help for two years. A new GP "
        "asked how the pain and my mood affected each other, and that one question changed how I saw myself.",
        ["being believed", "primary care"],
        "london",
    ),
    (
        "Caring for my husband",
        "My husband has back pain and anxiety. I go to every appointment and I'm never asked how I am. The carers' "
        "group at our local branch is the only place anyone asks.",
        ["carers"],
        "south_east",
    ),
    (
        "Bad days and missed appointments",
        "On a bad pain day I can't get to the bus stop. I was discharged for missing two appointments. Being "
        "able to phone in, or have a video call, would have kept me in care.",
        ["access", "appointments"],
        "yorkshire",
    ),
    (
        "Pacing, slowly",
        "I used to do everything on a good day and pay for it for a week. A peer-led course taught me pacing. It "
        "took months to stick, and the group kept me going when it didn't.",
        ["pacing", "peer support"],
        "wales",
    ),
]

SURVEY_FINDINGS = [
    (
        "Early survey finding: people want care that sees pain and mood together",
        "In the first months of the lab's survey, the most common wish in free-text answers was for one person or "
        "team who looks at pain and mental health together. Counts are published on the survey's results page.",
        ["whole person", "survey"],
    ),
    (
        "Early survey finding: waiting without support",
        "Many people described long waits for pain services with nothing offered in the meantime, and said their "
        "mood got worse while they waited.",
        ["waiting", "survey"],
    ),
]

WORKSHOP_OUTPUTS = [
    (
        "Workshop 1 output: what 'joined-up' would feel like",
        "Participants in the first workshop described joined-up care in their own words: telling their story "
        "once, one named contact, appointments that fit bad days, and local groups as part of the plan.",
        ["joined-up care", "workshop"],
    ),
    (
        "Workshop 2 output: barriers to peer support in clinics",
        "Clinicians and peer workers listed what stops peer supporters working in pain clinics: training, "
        "supervision, pay and clinic space, and ideas to test for each.",
        ["peer support", "workshop"],
    ),
    (
        "Workshop 3 output: making sense of the survey's free text",
        "Participants and the lab team sorted a sample of survey answers into groups and named them. Their groups "
        "became the first draft of the lab's codebook: being believed, telling it once, waiting, peer support, "
        "fitting care around bad days.",
        ["workshop", "coding"],
    ),
]
