"""Teams and people of the demo company, Northwind Analytics."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field

COMPANY = "Northwind Analytics"
DOMAIN = "northwind-analytics.com"


@dataclass
class TeamSpec:
    """A team: its OKR family (``fn``), the KPI functions it owns and its region."""

    name: str
    parent: str | None
    fn: str
    owns: tuple[str, ...] = ()
    region: str = ""
    description: str = ""
    id: int = 0
    people: list[int] = field(default_factory=list)


def _t(name, parent, fn, owns=(), region="", description=""):
    return TeamSpec(name, parent, fn, tuple(owns), region, description)


_WORKSHOP = [
    _t(COMPANY, None, "company", ("company",), description="The whole company."),
    _t("Sales", COMPANY, "sales", ("sales",), description="New business and renewals."),
    _t("Marketing", COMPANY, "marketing", ("marketing",),
       description="Demand generation, brand and product marketing."),
    _t("Customer Success", COMPANY, "cs", ("cs", "services", "support"),
       description="Onboarding, support, services and retention."),
    _t("Product & Engineering", COMPANY, "product", ("product", "eng"),
       description="Product management, design and engineering."),
    _t("Finance & People", COMPANY, "finance", ("finance", "people", "ops"),
       description="Finance, people and business operations."),
]

_FIRM = [
    _t(COMPANY, None, "company", ("company",), description="The whole company."),
    _t("Sales", COMPANY, "sales", ("sales",), description="New business and renewals."),
    _t("Sales EMEA", "Sales", "sales", ("sales",), "EMEA", "Account executives in EMEA."),
    _t("Sales Americas", "Sales", "sales", ("sales",), "AMER",
       "Account executives in North and Latin America."),
    _t("Sales APAC", "Sales", "sales", ("sales",), "APAC", "Account executives in APAC."),
    _t("Marketing", COMPANY, "marketing", ("marketing",), description="Marketing."),
    _t("Demand Generation", "Marketing", "marketing", description="Campaigns and the website."),
    _t("Brand & Content", "Marketing", "marketing", description="Brand, content and PR."),
    _t("Customer Success", COMPANY, "cs", ("cs",), description="Onboarding and retention."),
    _t("Professional Services", "Customer Success", "services", ("services",),
       description="Implementation, training and consulting."),
    _t("Support", "Customer Success", "support", ("support",),
       description="Customer support in three time zones."),
    _t("Product", COMPANY, "product", ("product",), description="Product management and design."),
    _t("Product Growth", "Product", "product", description="Trials, onboarding and pricing."),
    _t("Engineering", COMPANY, "eng", ("eng",), description="Engineering."),
    _t("Platform Engineering", "Engineering", "eng", description="Data platform and APIs."),
    _t("Application Engineering", "Engineering", "eng", description="Web and mobile apps."),
    _t("Site Reliability", "Engineering", "eng", description="Uptime, incidents and cost."),
    _t("Finance", COMPANY, "finance", ("finance",), description="Finance and legal."),
    _t("People", COMPANY, "people", ("people",), description="Hiring and people development."),
    _t("Revenue Operations", COMPANY, "ops", ("ops",),
       description="Sales operations, systems and reporting."),
]

_MARKET_TEAMS = [
    ("Sales DACH", "EMEA"), ("Sales UK & Ireland", "EMEA"), ("Sales France", "EMEA"),
    ("Sales Nordics", "EMEA"), ("Sales Benelux", "EMEA"), ("Sales Iberia", "EMEA"),
    ("Sales US East", "AMER"), ("Sales US West", "AMER"), ("Sales Canada", "AMER"),
    ("Sales Latin America", "AMER"), ("Sales Australia & NZ", "APAC"),
    ("Sales Japan", "APAC"), ("Sales Southeast Asia", "APAC"), ("Sales India", "APAC"),
]
_REGION_TEAM = {"EMEA": "Sales EMEA", "AMER": "Sales Americas", "APAC": "Sales APAC"}
_REGION_NAME = {"EMEA": "EMEA", "AMER": "Americas", "APAC": "APAC"}
_SQUADS = ["Atlas", "Borealis", "Comet", "Delta", "Ember", "Fjord", "Granite", "Harbor",
           "Iris", "Juniper", "Kestrel", "Lumen", "Meridian", "Nimbus", "Orion", "Pulsar",
           "Quartz", "Raven", "Sierra", "Tundra"]
_PRODUCT_AREAS = ["Dashboards", "Data Connectors", "Collaboration", "Mobile", "Billing",
                  "Onboarding", "AI Insights", "Admin & Security"]


def _stress() -> list[TeamSpec]:
    teams = list(_FIRM)
    for name, region in _MARKET_TEAMS:
        teams.append(_t(name, _REGION_TEAM[region], "sales", ("sales",), region,
                        f"Account executives for {name.removeprefix('Sales ')}."))
    for region, label in _REGION_NAME.items():
        teams.append(_t(f"Customer Success {label}", "Customer Success", "cs", ("cs",), region,
                        f"Customer success managers in {label}."))
        teams.append(_t(f"Support {label}", "Support", "support", ("support",), region,
                        f"Support agents covering {label} hours."))
        teams.append(_t(f"Field Marketing {label}", "Marketing", "marketing", ("marketing",),
                        region, f"Events and regional campaigns in {label}."))
    for name in ("Enterprise", "Mid-market", "Scale"):
        teams.append(_t(f"Customer Success {name}", "Customer Success", "cs",
                        description=f"Success managers for {name.lower()} accounts."))
    for name in ("Support Tier 2", "Support Tooling"):
        teams.append(_t(name, "Support", "support", description="Escalations and tooling."))
    for name in ("Product Marketing", "Partner Marketing", "Events", "Web & SEO",
                 "Lifecycle Marketing"):
        teams.append(_t(name, "Marketing", "marketing", description=f"{name}."))
    for area in _PRODUCT_AREAS:
        teams.append(_t(f"Product: {area}", "Product", "product",
                        description=f"Product management for {area.lower()}."))
    parents = ["Platform Engineering", "Application Engineering", "Site Reliability"]
    for i, squad in enumerate(_SQUADS):
        teams.append(_t(f"Squad {squad}", parents[i % 3], "eng",
                        description=f"Engineering squad {squad}."))
    for name in ("FP&A", "Accounting", "Procurement", "Legal"):
        teams.append(_t(name, "Finance", "finance", description=f"{name}."))
    for name in ("Talent Acquisition", "People Partners", "Learning & Development",
                 "Workplace"):
        teams.append(_t(name, "People", "people", description=f"{name}."))
    for name in ("Sales Enablement", "Deal Desk", "Data & Analytics"):
        teams.append(_t(name, "Revenue Operations", "ops", description=f"{name}."))
    for region in ("EMEA", "AMER"):
        teams.append(_t(f"Professional Services {_REGION_NAME[region]}", "Professional Services",
                        "services", ("services",), region, "Implementation consultants."))
    teams.append(_t("Security", "Engineering", "eng", description="Application security."))
    teams.append(_t("IT", "Revenue Operations", "ops", description="Internal IT."))
    teams.append(_t("Partnerships", "Sales", "sales", description="Resellers and alliances."))
    teams.append(_t("Sales Development EMEA", "Sales EMEA", "sales", region="EMEA",
                    description="Outbound prospecting in EMEA."))
    teams.append(_t("Sales Development Americas", "Sales Americas", "sales", region="AMER",
                    description="Outbound prospecting in the Americas."))
    teams.append(_t("Solutions Engineering", "Sales", "sales",
                    description="Demos and technical evaluations."))
    return teams


def team_specs(size: str) -> list[TeamSpec]:
    """Teams of ``size``, parents first, with ids 1..n."""
    source = {"workshop": _WORKSHOP, "firm": _FIRM, "stress": None}[size]
    teams = [TeamSpec(t.name, t.parent, t.fn, t.owns, t.region, t.description)
             for t in (source if source is not None else _stress())]
    for i, team in enumerate(teams, start=1):
        team.id = i
    return teams


FIRST_NAMES = [
    "Amelia", "Lukas", "Sofia", "Mateo", "Hannah", "Kenji", "Priya", "Olivier", "Ingrid",
    "Tomasz", "Aisha", "Daniel", "Camille", "Yusuf", "Elena", "Liam", "Mei", "Rafael",
    "Freya", "Arjun", "Chloe", "Jonas", "Nadia", "Diego", "Sarah", "Kwame", "Leonie",
    "Hiroshi", "Isabel", "Marek", "Zainab", "Oscar", "Anna", "Ravi", "Julia", "Emeka",
    "Clara", "Mohammed", "Astrid", "Lucas", "Fatima", "Niels", "Beatriz", "Sven", "Yuki",
    "Grace", "Pierre", "Amara", "Henrik", "Lina", "Matteo", "Zoe", "Tariq", "Ines",
    "Samuel", "Ana", "Felix", "Maya", "Bruno", "Eva", "Kofi", "Laura", "Dmitri", "Noor",
    "Jakob", "Lea", "Andrés", "Siobhan", "Wei", "Carla", "Ahmed", "Nora", "Pablo", "Ida",
    "Viktor", "Rosa", "Ethan", "Aylin", "Jan", "Marta",
]
LAST_NAMES = [
    "Schneider", "García", "Rossi", "Nakamura", "Patel", "Dubois", "Johansson", "Kowalski",
    "Okafor", "Müller", "Fernández", "Chen", "Andersen", "Novak", "Haddad", "Murphy",
    "Silva", "Tanaka", "Kumar", "Lefebvre", "Bauer", "Moreau", "Eriksson", "Nowak",
    "Mensah", "Romano", "Costa", "Sato", "Singh", "Van Dijk", "Fischer", "López",
    "O'Brien", "Wagner", "Lindqvist", "Yilmaz", "Herrera", "Kim", "Rahman", "Jansen",
    "Dumont", "Petrov", "Alvarez", "Nielsen", "Ito", "Mwangi", "Bianchi", "Hoffmann",
    "Santos", "Walsh", "Keller", "Larsen", "Ahmed", "Martin", "De Vries", "Ortiz",
    "Weber", "Laurent", "Berg", "Horvat",
]


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


@dataclass
class PersonSpec:
    id: int
    name: str
    email: str
    team_id: int


def make_people(teams: list[TeamSpec], rng: random.Random) -> list[PersonSpec]:
    """Two to six people per team with unique international names and company emails."""
    pairs = [(f, last) for f in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(pairs)
    people: list[PersonSpec] = []
    for team in teams:
        count = rng.choice((2, 3, 3, 4, 4, 5, 6)) if team.parent else 4
        for _ in range(count):
            first, last = pairs[len(people)]
            email = f"{_ascii(first)}.{_ascii(last)}@{DOMAIN}"  # pairs are unique
            person = PersonSpec(len(people) + 1, f"{first} {last}", email, team.id)
            people.append(person)
            team.people.append(person.id)
    return people


def team_for_node(teams: list[TeamSpec], fn: str, region: str) -> TeamSpec:
    """The team owning a KPI of function ``fn`` (a regional team for a regional node)."""
    owners = [t for t in teams if fn in t.owns]
    for team in owners:
        if region and team.region == region:
            return team
    for team in owners:
        if not team.region:
            return team
    return teams[0]
