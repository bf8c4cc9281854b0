"""English translations of the trajectory's demo content (same keys as nl.py)."""

SECTIONS = {
    "wat": (
        "What is the civil society trajectory?",
        "The City of Ghent and the social organisations in the city work together. In this trajectory "
        "we look together at how that cooperation can get better: between the city and the "
        "organisations, and among the organisations themselves.\n\nOrganisations often work with "
        "volunteers. They are close to the people they work for. That is why the city needs a strong "
        "and critical civil society.",
    ),
    "waarom": (
        "Why this trajectory?",
        "Organisations asked for clear agreements: about money, rooms, advice and having a say. They "
        "also want one contact at the city instead of many different departments. With this "
        "trajectory we want to arrange that together.",
    ),
    "voor-wie": (
        "For whom?",
        "For all social organisations in Ghent: informal associations, non-profits, citizens' "
        "initiatives and self-organisations. Small or large, new or active for a long time. And for "
        "the city departments that work with them.",
    ),
    "sociaal-middenveld": (
        "What do we mean by social civil society?",
        "All organisations and initiatives that want to improve the well-being and equal chances of "
        "vulnerable people in Ghent. They do this in four ways: they bring people together, they do "
        "basic work, they stand up for people's interests, or they help people to become stronger "
        "(emancipation). Always for people in a vulnerable situation.",
    ),
    "doel": (
        "What is the goal?",
        "We want to reach a shared vision in an open way: how do the city and civil society work "
        "together, and how do organisations work together? Based on that vision we make the "
        "cooperation better and stronger.",
    ),
    "onderzoek": (
        "The research where it started",
        "From May 2020 to February 2021 the universities of Ghent, Antwerp and Leuven did a "
        "participatory study. They talked with organisations and city departments about how the "
        "cooperation could be better. Based on their recommendations the city chose six workstreams.",
    ),
}

WORKSTREAMS = {
    "basiswerk": (
        "Strengthening basic work financially",
        "Extra money for organisations that work close to vulnerable people.",
        "The city provides 750,000 euro extra in total to strengthen basic work. Representatives of "
        "organisations discussed the priorities for that money together. Then the city worked out "
        "clear rules: who can apply, for what, and how decisions are made.",
    ),
    "advies-en-begeleiding": (
        "Advice and guidance",
        "Help for organisations that start or want to grow.",
        "A new group has many questions: should we become a non-profit? What about insurance? Where "
        "do we find a room? This workstream provides a starter's guide, answers to questions and "
        "guidance that fits.",
    ),
    "participatie": (
        "Participation of ethnic-cultural minorities",
        "Everyone must be able to take part, also people who do not speak Dutch well yet.",
        "Self-organisations and people with a migration background take part fully. That is why "
        "texts are simple and in several languages, and you can ask for an interpreter at every activity.",
    ),
    "middenveldparlement": (
        "Civil society parliament and consultation",
        "A parliament in which organisations consult each other and advise the city.",
        "In the civil society parliament organisations consult each other and the city. The "
        "parliament gives advice, and the city answers it in public. There are also thematic tables "
        "and working groups.",
    ),
    "stadsgebouwen": (
        "City buildings and infrastructure",
        "Clear rules for using the city's rooms.",
        "Organisations need a place to meet. The city makes clear which buildings and rooms there "
        "are, under which conditions, and how they are shared out.",
    ),
    "interne-stadsorganisatie": (
        "The city's internal organisation",
        "The city speaks with one voice.",
        "An organisation should not have to talk to ten departments. Every organisation gets one "
        "fixed contact, and the city departments work together better.",
    ),
}

ACTIONS = [
    (
        "Setting priorities with the organisations",
        "In consultation meetings, representatives of organisations discussed where the extra money is needed most.",
        [("Consultation meetings",), ("Webinar on the policy lines",)],
    ),
    (
        "A new grant regulation for basic work",
        "Clear rules to apply for the extra money and to share it out.",
        [("Draft discussed with organisations",), ("Regulation approved",)],
    ),
    (
        "A starter's guide for new organisations",
        "A guide in plain language that helps new groups step by step.",
        [("First version online",)],
    ),
    (
        "One desk for questions",
        "Questions by e-mail, phone or web form reach the right department.",
        [],
    ),
    (
        "Interpreters and translations at activities",
        "You can ask for an interpreter at every activity. Important texts exist in several languages.",
        [("Pool of interpreters agreed",)],
    ),
    (
        "Starting the civil society parliament",
        "Agreements on who has a seat, how often the parliament meets and how it gives advice.",
        [("Composition decided",), ("First session",)],
    ),
    (
        "An overview of all the city's rooms",
        "Which rooms are there, for how many people, and when are they free?",
        [("All buildings mapped",)],
    ),
    (
        "One fixed contact per organisation",
        "Every organisation knows who its fixed contact at the city is.",
        [],
    ),
]

TIMELINE = {
    "onderzoek": (
        "Participatory research",
        "The universities of Ghent, Antwerp and Leuven studied with organisations how cooperation can improve.",
    ),
    "maart-2021": (
        "Presentation of the six workstreams",
        "The city presented the results of the research and the six workstreams to the organisations.",
    ),
    "inspraak-mei-2021": (
        "Consultation meetings on basic work",
        "Representatives of Ghent organisations discussed the priorities for the extra money for basic work.",
    ),
    "webinar-juni-2021": (
        "Webinar on the policy lines",
        "Two aldermen explained the options for support in an open webinar.",
    ),
    "reglement-2027": (
        "New regulation for basic work",
        "The new grant regulation goes to the city council.",
    ),
    "parlement-2027": (
        "First session of the civil society parliament",
        "The first delegates of organisations meet.",
    ),
    "evaluatie-2027": (
        "Evaluation with the organisations",
        "We look back together: what works better already, and what does not yet?",
    ),
}

DOCUMENTS = {
    "presentatie-beleidslijnen": (
        "Presentation: policy lines for basic work (26 June 2021)",
        "The slides of the webinar on strengthening basic work financially.",
    ),
    "webinar-opname": (
        "Recording of the webinar (26 June 2021)",
        "Watch the webinar again. The introduction starts after 11 minutes and 20 seconds.",
    ),
    "onderzoeksrapport": (
        "Final report of the participatory research",
        "The universities' report with their recommendations.",
    ),
}

NEWS = {
    "platform-online": (
        "The platform of the civil society trajectory is online",
        "On this website you follow everything about the trajectory: the workstreams, the timeline and the documents.",
        "From now on you find all information about the trajectory in one place. You see how far each "
        "workstream is, which moments are coming and which documents there are. Do you have a question? "
        "Ask it with the form, by e-mail or by phone.",
    ),
    "reglement-basiswerk-besproken": (
        "Draft regulation for basic work discussed",
        "Organisations gave feedback on the draft of the new regulation.",
        "In September organisations discussed the draft of the new grant regulation for basic work. "
        "Their comments are taken into account before the regulation goes to the city council.",
    ),
}

CONTACT = {
    "intro": "Do you have a question about the civil society trajectory? Just ask. We answer as soon as we can.",
    "opening_hours": "on working days from 9 to 12 and from 1 to 4 pm",
}

GENERATED = {
    "news_title": "News from the workstreams ({number})",
    "news_summary": "A short update from the workstreams of the civil society trajectory.",
    "news_body": "This message is part of the demo data. It shows what a long list of news looks like.",
    "document_title": "Report of working group {number}",
    "document_description": "Report of a working group in the civil society trajectory (demo data).",
}
