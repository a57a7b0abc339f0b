"""Invented but plausible texts for the demo's entries: one project profile per WSIS category.

Every entry of a category is the same kind of project run in another place by another entity
(as programmes are replicated in real life): the profile gives the project's idea, the place and
the numbers make each summary its own. English only: submitters write in any language, and the
demo's entries stand for what they send.
"""

# ruff: noqa: E501 - the profiles below are prose, one phrase a line

from __future__ import annotations

import random
from dataclasses import dataclass

from awards.stakeholders import StakeholderType


@dataclass(frozen=True)
class Profile:
    """What a project of one category does, in phrases that fit the summary's sentences."""

    stem: str  # the project's name, followed by its place: "TeleClinic Kisumu"
    kind: str  # "a telemedicine network"
    goal: str  # completes "It ..."
    problem: str  # completes "Before the project, ..."
    approach: str  # completes "The team ..."
    people: str  # who is reached, plural: "patients"
    result: str  # completes "An independent evaluation found that ..."
    next_step: str  # completes "The next phase will ..."


#: One profile per category number of the 18 WSIS categories.
PROFILES: dict[int, Profile] = {
    1: Profile("Open Budget", "a participatory budgeting platform",
               "lets residents propose, discuss and vote on local investments from a phone",
               "budget decisions were taken behind closed doors and few people knew how to take part",
               "runs neighbourhood meetings, publishes every proposal online and sends results by SMS",
               "residents", "a third of the approved projects came from districts that had never submitted one",
               "open the budget data through a public API for journalists and researchers"),
    2: Profile("Last Mile Mesh", "a community broadband network",
               "brings affordable internet to villages that commercial operators do not serve",
               "the nearest connection was a two-hour bus ride away and mobile data cost a day's wage",
               "trains local technicians to install solar-powered wireless relays on schools and clinics",
               "households", "monthly connectivity costs fell by more than half for connected families",
               "add a fibre backhaul link and connect twelve more villages"),
    3: Profile("Village Library Online", "a network of digital community libraries",
               "gives free access to books, newspapers and public information in local languages",
               "most villages had no library and printed material rarely arrived",
               "equips existing community centres with offline servers that synchronise when a connection is available",
               "readers", "library users read three times as many books as before, and half of them were children",
               "add audio books for readers with visual impairments"),
    4: Profile("Code Mentors", "a digital skills programme",
               "teaches young people and women returning to work to code, design and run online businesses",
               "employers could not find digital skills locally and young graduates left for the capital",
               "pairs each learner with a volunteer mentor from the industry and runs evening classes in public schools",
               "learners", "seven in ten graduates found work or started a business within a year",
               "certify the curriculum with the national training authority"),
    5: Profile("SafeNet Help Desk", "a cyber-security awareness service",
               "helps small businesses and families recognise fraud, secure their accounts and report attacks",
               "online fraud was rising fast and victims did not know where to turn",
               "runs a free telephone and chat help line, school workshops and a simple self-check website",
               "users", "reported losses from phishing fell by forty per cent among the businesses trained",
               "publish an anonymised incident dashboard with the national response team"),
    6: Profile("Digital Rules Lab", "a regulatory sandbox for digital services",
               "lets start-ups test new payment and data services with the regulator before a full licence",
               "unclear rules kept investors away and innovative services stayed informal",
               "brings regulators, companies and consumer groups together in six-month test cycles with public reports",
               "companies", "the time needed to license a new digital service fell from eighteen months to five",
               "share its method with two neighbouring regulators"),
    7: Profile("One Stop Portal", "an e-government service portal",
               "puts birth certificates, business permits and tax payments online in one place",
               "citizens queued for days and paid intermediaries to obtain simple documents",
               "redesigned each procedure with the people who use it and trained staff in every municipal office",
               "citizens", "the average time to obtain a document fell from nine days to one",
               "add a version for feature phones and assisted kiosks in rural offices"),
    8: Profile("Market Connect", "an e-commerce platform for small producers",
               "helps artisans and small shops sell online and accept mobile payments",
               "producers depended on middlemen who kept most of the price",
               "photographs the products with the sellers, handles delivery with local couriers and trains sellers in pricing",
               "sellers", "participating sellers earned on average sixty per cent more than before",
               "open the platform to cooperatives in two more provinces"),
    9: Profile("Classroom Anywhere", "an e-learning programme",
               "delivers the national curriculum to pupils who cannot reach school every day",
               "long distances, seasonal work and crises kept many children away from class",
               "records lessons with experienced teachers and distributes them on low-cost tablets that work offline",
               "pupils", "pupils in the programme improved their reading and mathematics scores by a full grade",
               "train parents to support learning at home"),
    10: Profile("TeleClinic", "a telemedicine network",
                "connects rural health centres with specialists for video consultations and remote diagnosis",
                "patients travelled for days to see a specialist and many never did",
                "equips nurses with connected diagnostic kits and a secure consultation app",
                "patients", "referrals to distant hospitals fell by a third and waiting times by half",
                "add maternal health monitoring and connect forty more health centres"),
    11: Profile("JobBridge", "an online employment service",
                "matches job seekers with employers and short training courses",
                "job offers circulated by word of mouth and young people lacked contacts",
                "built a simple job board with the public employment office and runs coaching sessions in youth centres",
                "job seekers", "two thirds of registered job seekers had an interview within three months",
                "add apprenticeships with small and medium companies"),
    12: Profile("Green Sensors", "an environmental monitoring network",
                "measures air and water quality and warns residents when pollution rises",
                "no public data existed and complaints about pollution were easy to dismiss",
                "installs low-cost sensors with schools and publishes the readings on an open map",
                "residents", "the city used the data to move two polluting sites and plant a green corridor",
                "add flood sensors along the river"),
    13: Profile("FarmWise", "a digital advisory service for farmers",
                "sends farmers weather forecasts, market prices and planting advice by SMS and voice",
                "farmers planted by tradition and sold at whatever price traders offered",
                "works with extension officers and farmer groups to adapt every message to local crops and languages",
                "farmers", "yields rose by a fifth and farmers obtained better prices at market",
                "add crop insurance based on satellite data"),
    14: Profile("Open Science Hub", "a shared research data platform",
                "lets universities share instruments, data sets and computing power",
                "researchers duplicated costly experiments and data stayed on personal laptops",
                "set up a common data repository, a booking system for equipment and training in open science",
                "researchers", "joint publications between member universities doubled in three years",
                "connect the hub to the regional research network"),
    15: Profile("Mother Tongue Web", "a local language content project",
                "creates online dictionaries, keyboards and stories in languages that had almost no digital presence",
                "young people stopped writing their first language because phones did not support it",
                "works with elders, teachers and volunteers to record words, stories and songs",
                "speakers", "more than forty thousand new entries and two hundred stories are now online",
                "release a speech recognition model for the language"),
    16: Profile("Community Radio Online", "a community media project",
                "helps local radio stations stream, podcast and verify news",
                "local stations were losing listeners and rumours spread unchecked on social media",
                "trains journalists in digital production and fact-checking and shares equipment between stations",
                "listeners", "listenership grew by half and the stations corrected hundreds of false reports",
                "add programmes produced by young reporters"),
    17: Profile("Fair Data Charter", "a data ethics initiative",
                "helps public bodies and companies use personal data fairly and explain their algorithms",
                "people did not know how their data was used and trust in digital services was low",
                "drafted a practical charter with citizens and runs audits of automated decisions",
                "organisations", "signatories answered citizens' data requests twice as fast as before",
                "publish an ethics training course for civil servants"),
    18: Profile("Regional Digital Corridor", "a cross-border cooperation programme",
                "connects the digital agencies of neighbouring countries to share services and skills",
                "each country built the same systems alone and borders blocked digital services",
                "organises joint projects, staff exchanges and common technical standards",
                "agencies", "three shared services now work across borders and save millions in duplicated spending",
                "invite two more countries to join the programme"),
}  # fmt: skip

#: Cities of the demo's countries (ISO code -> city), for project names and entities.
CITIES = {
    "KE": "Kisumu", "NG": "Enugu", "GH": "Tamale", "ZA": "Durban", "RW": "Huye", "SN": "Thiès",
    "BR": "Recife", "MX": "Oaxaca", "CO": "Medellín", "CA": "Iqaluit", "JM": "Montego Bay",
    "EG": "Aswan", "AE": "Sharjah", "JO": "Irbid", "MA": "Fès", "TN": "Sfax", "IN": "Pune",
    "JP": "Sendai", "PH": "Iloilo", "ID": "Makassar", "BD": "Rajshahi", "AU": "Alice Springs",
    "RU": "Kazan", "KZ": "Shymkent", "UZ": "Samarkand", "AM": "Gyumri", "CH": "Lausanne",
    "ES": "Valencia", "PL": "Gdańsk", "EE": "Tartu", "PT": "Braga", "GE": "Kutaisi",
}  # fmt: skip

ENTITIES = {
    StakeholderType.GOVERNMENT: "{city} Digital Services Agency",
    StakeholderType.PRIVATE_SECTOR: "{city} Connect Ltd",
    StakeholderType.CIVIL_SOCIETY: "{city} Community Technology Foundation",
    StakeholderType.INTERNATIONAL_ORGANIZATION: "Regional Development Office, {city}",
    StakeholderType.ACADEMIA: "University of {city}, School of Computing",
    StakeholderType.OTHER: "{city} Community Network Cooperative",
}
PARTNERS = (
    "the municipal council", "two local universities", "a national mobile operator",
    "women's associations", "the regional health authority", "a youth network",
    "teachers' unions", "farmers' cooperatives",
)  # fmt: skip
FUNDERS = (
    "the municipality and a development bank", "membership fees and a national fund",
    "a public-private partnership", "foundations and small service fees",
)  # fmt: skip
SDG_NAMES = {
    1: "no poverty", 2: "zero hunger", 3: "good health and well-being", 4: "quality education",
    5: "gender equality", 6: "clean water and sanitation", 7: "affordable and clean energy",
    8: "decent work and economic growth", 9: "industry, innovation and infrastructure",
    10: "reduced inequalities", 11: "sustainable cities and communities",
    12: "responsible consumption and production", 13: "climate action", 14: "life below water",
    15: "life on land", 16: "peace, justice and strong institutions",
    17: "partnerships for the goals",
}  # fmt: skip


@dataclass(frozen=True)
class Story:
    """One project: its profile, place, entity and the numbers that make it its own."""

    profile: Profile
    title: str
    city: str
    entity: str
    start_year: int
    reached: int
    districts: int
    women: int
    partner: str
    funder: str
    cost: int


def story(
    rng: random.Random, profile: Profile, country: str, stakeholder: StakeholderType
) -> Story:
    """A project of ``profile`` run in ``country`` by an entity of ``stakeholder``'s kind."""
    city = CITIES[country]
    return Story(
        profile=profile,
        title=f"{profile.stem} {city}",
        city=city,
        entity=ENTITIES[stakeholder].format(city=city),
        start_year=rng.randint(2016, 2019),
        reached=rng.randrange(1_500, 60_000, 100),
        districts=rng.randint(3, 24),
        women=rng.randint(38, 64),
        partner=rng.choice(PARTNERS),
        funder=rng.choice(FUNDERS),
        cost=rng.randrange(40_000, 400_000, 5_000),
    )


def description(s: Story) -> str:
    """The project summary of the entry form (150 to 200 words)."""
    p = s.profile
    return " ".join(
        (
            f"{s.title} is {p.kind} run by {s.entity} since {s.start_year}.",
            f"It {p.goal}.",
            f"Before the project, {p.problem}.",
            f"The team {p.approach}.",
            f"So far it has reached {s.reached:,} {p.people} in {s.districts} districts around "
            f"{s.city}, and {s.women} per cent of them are women or girls.",
            f"Local partners, including {s.partner}, help to run the service and make sure that "
            "it keeps working when the funding of the first years ends.",
            "The software and the training material are published under an open licence, so "
            "that other communities can adapt them without paying fees.",
            f"An independent evaluation found that {p.result}.",
            f"The next phase will {p.next_step}.",
            f"The project costs about {s.cost:,} US dollars a year, covered by {s.funder}.",
        )
    )


def answer(s: Story, topic: str) -> str:
    """A long answer of the entry form (impact, partnerships, challenges): at least 50 words."""
    p = s.profile
    texts = {
        "economic": f"{s.title} saves time and money for {p.people}: services that used to need "
        f"travel and intermediaries are now close to home. Local technicians and trainers are "
        f"paid for their work, and the project buys equipment and services from companies in "
        f"{s.city} whenever it can, so that most of its budget stays in the local economy.",
        "social": f"The project reaches {p.people} who were left out of digital services, "
        f"especially women, older people and people with disabilities. Meetings are held in "
        f"community centres at hours that suit working families, and every material exists in "
        f"the local languages. Participants say they feel better informed and more confident, and they fill in a short feedback form after every session.",
        "environmental": "Equipment is chosen for low energy use and long life, and solar power "
        "is used wherever the grid is unreliable. Old devices are repaired or recycled with a "
        "certified partner. Because fewer trips are needed to reach services, the project also "
        "avoids many kilometres of road travel every month. Its energy use is reported every year.",
        "partnerships": f"{s.entity} works with {s.partner}, national authorities and "
        f"community groups. Each partner has a written role: the public partners provide rooms "
        f"and staff time, the technical partners maintain the systems, and community groups "
        f"recruit participants and collect their feedback every quarter. All partners meet twice a year to review the results together.",
        "challenges": "The main difficulties were unreliable electricity, the cost of devices and "
        "the trust of people who had been disappointed by earlier projects. The team answered "
        "with solar kits, shared devices and open meetings where every decision and every "
        "expense is explained. Keeping trained staff is still a challenge, so the project now offers them certified courses and a clear career path.",
    }
    return texts[topic]


def sdg_answer(s: Story, sdg: int) -> str:
    """How the project serves one SDG (at least 50 words)."""
    return (
        f"{s.title} contributes to SDG {sdg}, {SDG_NAMES[sdg]}, in a practical way. It "
        f"{s.profile.goal}, and it measures its progress every year with indicators agreed with "
        f"its partners. The results for {s.profile.people} are published openly, so that the "
        f"authorities and other projects can see what works and build on it in their own plans."
    )
