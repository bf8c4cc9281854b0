"""The starter's guide in English: the same steps and tasks as nl.py, in the same order.

Each step is keyed by its slug: (title, intro, body, [(task, tip), …]).
The Dutch names of things people meet in Belgium (vzw, griffie, Belgisch
Staatsblad, organisatienota …) stay in the text, explained in plain words.
"""

STEPS = {
    "vereniging-of-vzw": (
        "Informal association or vzw?",
        "You can do things together without any paperwork: then you are an informal "
        "association. A vzw gives more certainty, but asks for more work. This is how you choose.",
        """Do you do something with other people for your neighbourhood or for a group, without making a profit for yourselves? Then you already are an association. You do not have to do or fill in anything for that. Such a group is called an informal association (feitelijke vereniging).

You can also found a vzw: a non-profit association (vereniging zonder winstoogmerk). A vzw is a legal person. That means the vzw exists separately from its members. It can sign a contract, own money and have debts in its own name.

## The difference in short

| Topic | Informal association | Vzw |
| Starting | No paperwork. You just begin. | At least 2 founders, statutes, filing at the registry (griffie) of the enterprise court and publication in the Belgian Official Gazette (Belgisch Staatsblad). |
| Who is the association? | The members together. The association does not exist apart from them. | The vzw itself: a legal person with an enterprise number (KBO). |
| Liability | Whoever signs or acts for the group may have to pay debts or damage with their own money. | As a rule, the vzw pays, not its members or directors. A director who makes a serious mistake can be liable personally. |
| Costs | No fixed costs. | Costs for publication in the Belgisch Staatsblad at the start and at every change, and time and sometimes money for the accounts. |
| Obligations | Few. Do make good agreements with each other. | Register of members, UBO register, accounts, annual accounts, a general meeting every year, a tax return every year. |
| Money and property | In the name of one or more members. | In the name of the vzw. |

## What a vzw has to do

- At least two founders write the statutes together: the name, the purpose, the address, how the board works and how the general meeting works.
- You file the statutes at the registry (griffie) of the enterprise court. The registry has them published in the Belgisch Staatsblad. From then on, the vzw has an enterprise number in the Crossroads Bank for Enterprises (KBO).
- Within a month, the board registers the right people in the UBO register (the directors and other people with control). You check and confirm this every year.
- The vzw keeps a register of members, keeps accounts and makes annual accounts every year. The general meeting approves the annual accounts and the budget for the next year.
- Does a director or the address change? Then you publish that in the Belgisch Staatsblad again.
- A vzw may also sell things. But the profit always goes to the purpose of the vzw, never to its members or directors.

## When is a vzw worth it?

- You rent a room, sign contracts or buy expensive things.
- You handle a lot of money, or you want to pay someone to work for you.
- You organise activities with a risk, for example with many people or with food.
- A grant or a partner asks for a legal person.

Still in doubt? Feel free to start as an informal association. You can always found a vzw later. An informal association can also be registered in the [Verenigingsregister](/wegwijzer/verenigingsregister/) free of charge. Do you have questions? [Ask the city](/vragen/).""",
        [
            (
                "Write down in a few sentences what you want to do and for whom.",
                "It helps with every choice that follows, and later with a grant or a recognition.",
            ),
            (
                "Decide together: do we stay an informal association or do we found a vzw?",
                "Look at the table above. Write down why you choose this way.",
            ),
            (
                "Put your agreements on paper: who does what, who decides, who manages the money.",
                "For an informal association, short house rules are enough. "
                "For a vzw, these agreements are in the statutes.",
            ),
            (
                "If you choose a vzw: write the statutes with at least two founders.",
                "Ask for an example of statutes. The city helps you through the questions page.",
            ),
            (
                "If you choose a vzw: file the statutes at the registry and register the directors in the UBO register.",
                "After publication in the Belgisch Staatsblad, the vzw has an enterprise number.",
            ),
        ],
    ),
    "verzekeringen": (
        "Insurance",
        "Something can always go wrong. With the right insurance, the insurer pays, not you. "
        "Which insurance do you need?",
        """Insurance pays when something happens. For example: a visitor trips over a cable, or a volunteer breaks an arm during an activity. Without insurance, the association or one of its members has to pay.

## The most important insurance policies

- **Civil liability (BA)**: pays for damage the association or its volunteers cause to others. This is the most important one.
- **Personal accidents**: pays the costs when a volunteer gets hurt during the volunteer work or on the way to it.
- **Fire and damage to a room**: do you rent a room? Check in the rental contract which insurance the owner asks for.
- **Insurance for one activity**: for a big party or a trip, you can sometimes take out insurance for one day.

## What does the law say?

The volunteers act (the law of 3 July 2005 on the rights of volunteers) says: the organisation is liable for damage a volunteer causes during the volunteer work. That organisation must have civil liability insurance for it.

An informal association without staff, which is not part of an umbrella organisation, falls outside this rule. Careful: then the volunteer can be liable personally. That is why insurance is a good idea for small groups too.

## Tips

- Is your association part of an umbrella organisation or a federation? Ask whether you are covered by their insurance.
- Some governments offer free volunteer insurance for a limited number of days a year. Ask about it through the [questions page](/vragen/).
- Ask at least two insurers for a quote. Say clearly which activities you do.""",
        [
            (
                "Make a list of your activities and what can go wrong.",
                "Think of visitors, food, trips, equipment and the room.",
            ),
            ("Ask whether an umbrella organisation or federation has insurance for you.", ""),
            ("Take out civil liability insurance.", "Ask at least two insurers for a quote."),
            ("Check whether you need personal accident insurance for volunteers.", ""),
            (
                "Tell the volunteers how they are insured.",
                "This is also in the organisation note (see the step Volunteers).",
            ),
        ],
    ),
    "bankrekening": (
        "A bank account",
        "Keep the association's money apart from your own. "
        "That is clear for everyone and it prevents arguments.",
        """The association's money does not belong on your own account. With a separate account, you see clearly what comes in and what goes out. A grant is also always paid into an account.

## For a vzw

The account is in the name of the vzw, with its enterprise number. The bank usually asks for the statutes, the publication in the Belgisch Staatsblad, the data from the UBO register and the identity cards of the directors. The law requires the bank to check this.

## For an informal association

An informal association is not a legal person. So the account is in the name of one or more members. Many banks have a special account for associations. Ask a few banks and compare the costs.

## Good agreements

- Let at least two people follow the account.
- Agree who may make payments, and up to which amount on their own.
- Keep all invoices and receipts. Write every payment down in a simple cash book.
- Tell the general meeting or the members' meeting how the money is doing.""",
        [
            (
                "Compare the accounts for associations at a few banks.",
                "Look at the monthly costs and whether two people can have access.",
            ),
            (
                "Open the account in the name of the vzw, or in the name of at least two members.",
                "",
            ),
            ("Agree who may make payments and write it down.", ""),
            (
                "Start a cash book and keep all invoices and receipts.",
                "A simple table is enough: date, what for, money in, money out.",
            ),
        ],
    ),
    "vrijwilligers": (
        "Volunteers",
        "Volunteers are the heart of many associations. The law gives them rights, "
        "and the association a few duties.",
        """A volunteer works without pay and of their own free will, for an organisation that does not seek profit. The law of 3 July 2005 on the rights of volunteers protects them.

## Informing: the organisation note (organisatienota)

Before a volunteer starts, the organisation must inform them. It is best to do this on paper, in an organisation note. It says:

- the purpose of the organisation and its legal form (informal association or vzw);
- which insurance covers the volunteers;
- who is liable if something goes wrong;
- whether the volunteer gets an allowance for expenses, and which one;
- that the volunteer may hear things that must stay secret (discretion).

## Paying back expenses

A volunteer may not get a wage, but may get an allowance for expenses. There are two ways:

- you pay back the real costs, with proof (a ticket, a receipt);
- or you give a fixed flat-rate allowance. It may not be higher than an amount per day and per year that the government sets every year.

Choose one way per volunteer per year. Combining them is only allowed in a few cases, for example for travel costs. Check this year's rules and amounts before you start.

## Careful

- Does a volunteer receive benefits, for example unemployment benefits or a living wage (leefloon)? Then they sometimes have to report the volunteer work first, for example to the RVA or the OCMW.
- Does a volunteer work with children or vulnerable people? Think of an extract from the criminal record and good agreements about behaviour.
- Say thank you often. Volunteers stay when they feel good in the group.""",
        [
            (
                "Write an organisation note and give it to every volunteer.",
                "Purpose, legal form, insurance, liability, allowance and discretion.",
            ),
            (
                "Choose how you pay back expenses: real costs or a flat rate.",
                "Check this year's amounts before you start.",
            ),
            ("Keep a list of the volunteers and their contact details.", ""),
            ("Ask volunteers on benefits to report the volunteer work when they have to.", ""),
        ],
    ),
    "verenigingsregister": (
        "Registering: Verenigingsregister and KBO",
        "Have your association registered. Then governments know you, and you do not have "
        "to give your details again every time.",
        """## The Verenigingsregister

The Verenigingsregister (register of associations) is a register of the Flemish government. It holds the basic data of associations: the name, the address, the contact people and what the association does. Every association gets its own number: the vCode. It starts with a V and has seven digits, for example V0001234.

Informal associations can be in it too. Municipalities and the Flemish government use the register, for example for grants or a recognition. So you do not have to fill in the same data everywhere again. Search for "Verenigingsregister" on vlaanderen.be to register your association or change your details.

## The KBO for a vzw

A vzw is in the Crossroads Bank for Enterprises (KBO). It gets its enterprise number when the statutes have been filed at the registry. A vzw is usually added to the Verenigingsregister automatically, with the data from the KBO. Do check that everything is right.

## On this platform

Also register your organisation on this platform, through [Organisations](/organisaties/). Fill in your vCode or your enterprise number. The city checks your details. After that, you can ask for a recognition, book a room or apply for a grant.""",
        [
            (
                "Check whether your association is already in the Verenigingsregister.",
                "A vzw is usually in it automatically, with the data from the KBO.",
            ),
            (
                "Register your informal association in the Verenigingsregister and note the vCode.",
                "",
            ),
            (
                "Register your organisation on this platform, with your vCode or enterprise number.",
                "Through Organisations > Register. The city checks the details.",
            ),
            (
                "Keep the details up to date when something changes.",
                "For example a new address or a new contact person.",
            ),
        ],
    ),
    "erkenning": (
        "Recognition by the city",
        "A recognition by the city can open doors: for a grant, a room or advice. "
        "What is it and how do you ask for it?",
        """With a recognition, the city says: this organisation meets our conditions. A recognition is valid for a certain period. After that, you ask for it again.

There are different kinds of recognition, for example for youth work, sport, culture or welfare. Each kind has its own conditions. A recognition may be needed for a grant, or gives a lower rate for a city room.

## How to begin

- Register your organisation on this platform through [Organisations](/organisaties/) and send the registration to the city. The city checks it.
- Find out which recognition fits what you do. Read the conditions carefully.
- Collect what the city asks for, for example your statutes or agreements, the names of the board and a short report of what you do.
- Not sure which recognition fits? [Ask your question](/vragen/). The city finds out for you.

Is your organisation recognised? Then you see it on your organisation's profile, with the period.""",
        [
            ("Register your organisation on this platform and send it to the city to check.", ""),
            (
                "Find out which recognition fits what you do and read the conditions.",
                "Not sure? Ask the city your question.",
            ),
            (
                "Collect the documents the city asks for.",
                "For example statutes or agreements, the names of the board, a report of your activities.",
            ),
            ("Ask for the recognition and note until when it is valid.", ""),
        ],
    ),
    "ruimte": (
        "Finding a room",
        "Where do you meet? A good room fits your group, is easy to reach "
        "and is accessible for everyone.",
        """A fixed place makes it easier to meet. The city makes buildings and rooms available to civil society. You find them on the page [Rooms](/ruimtes/), with how to book them.

## What to look at

- **Size**: how many people come? Is there space for tables, a kitchen, storage?
- **Accessibility**: can someone with a wheelchair or a pram get in? Is there a toilet for people with a disability?
- **Getting there**: can you get there by tram, bus or bike?
- **Price**: ask the price. A recognition by the city can give a lower rate.
- **Agreements**: who has the key, who cleans up, which insurance does the owner ask for, what is not allowed?

## Other places

Other organisations sometimes share their room. Look at [Organisations](/organisaties/) to see who is active in your neighbourhood and ask them. A community centre, a library or a school can also be an option.""",
        [
            ("Write down what you need: how many people, how often, which days.", ""),
            (
                "Look for a room at the city or at an organisation in your neighbourhood.",
                "Also check that the room is accessible for everyone.",
            ),
            ("Read the rental contract or the agreements and check which insurance is needed.", ""),
            ("Agree who has the key and who tidies up.", ""),
        ],
    ),
    "eerste-subsidie": (
        "A first grant",
        "With a grant, you can do more. This is how you prepare an application, "
        "and how you show afterwards what you did with the money.",
        """A grant (subsidie) is money from a government for a purpose. The city has grant regulations: they say who can get money, for what, how much and by when you apply. Always read the whole regulation.

## Before you apply

- Check whether you meet the conditions. Some grants ask for a vzw or a recognition, others are also open to an informal association.
- Mind the deadline. An application that is late often does not count.
- You need a bank account the money can be paid into.

## A good application

- Say briefly and clearly what you want to do, for whom and why.
- Say when and where it happens, and who does it.
- Make a simple budget: what does it cost, and where does the money come from (also your own money or other support).

## After the grant is awarded

- Keep all invoices and receipts.
- Only use the money for what is in the application. Does something change? Ask the city first.
- Write a short report afterwards: what happened, whom did you reach, what did it cost.

You find the city's work on this in the [workstreams](/werven/). Questions about a grant? [Ask them here](/vragen/).""",
        [
            ("Find a grant that fits your plan and read the regulation.", ""),
            ("Write down the deadline for applying.", ""),
            ("Write the plan: what, for whom, when, where and who does it.", ""),
            ("Make a simple budget with all costs and income.", ""),
            ("Keep all invoices and receipts for the report afterwards.", ""),
        ],
    ),
}
