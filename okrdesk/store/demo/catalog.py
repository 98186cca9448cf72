"""The base KPI tree of the demo company, Northwind Analytics (a B2B SaaS firm).

One ``NodeSpec`` per node, listed parents first. Measured leaves carry the
parameters of their time series (level in the ``as_of`` month, growth,
seasonality, noise); formula nodes carry the formula their children obey.
``tree.py`` scales this catalog up for the bigger demo sizes by splitting
nodes into regions, product lines and channels.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass
class NodeSpec:
    """One KPI node of the demo tree, with the recipe of its series when measured."""

    code: str
    parent: str | None
    name: str
    kind: str  # kpi / metric / measure
    unit: str
    direction: str  # higher / lower / band
    aggregation: str  # sum / last / average
    fn: str  # team function owning it: finance, sales, marketing, cs, ...
    description: str
    formula: str = "none"
    expression: str = ""
    frequency: str = "monthly"
    leading: bool = False
    category: str = "strategic"
    additive: bool = False  # splits into parts by summing (flows and stocks)
    weight: float = 1.0  # weight in the parent's weighted sum
    # Series recipe of measured leaves.
    model: str = ""  # flow / stock / rate; empty: derived from the aggregation
    level: float = 0.0  # value in the as_of month
    growth: float = 0.0  # flow/stock: relative per year; rate: absolute per year
    season: str = "flat"
    noise: float = 0.03  # flow/stock: relative; rate: absolute
    lo: float | None = 0.0
    hi: float | None = None
    decimals: int = 0
    # Fixed target and band/thresholds (otherwise derived from the latest value).
    fixed: tuple[float, float, float] | None = None  # target, green_from, red_from
    band: tuple[float, float] | None = None  # band: relative green, red distances
    base: str = ""  # catalog code this node was copied from
    region: str = ""  # region member when split by region
    children: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.base:
            self.base = self.code
        if not self.model:
            self.model = {"sum": "flow", "last": "stock", "average": "rate"}[self.aggregation]

    def copy(self, **changes: object) -> NodeSpec:
        """A copy with ``changes`` and a fresh children list."""
        return replace(self, children=[], **changes)


def _kpi(code, parent, name, formula, unit, direction, agg, fn, desc, expr="", **kw) -> NodeSpec:
    kind = kw.pop("kind", "metric")
    return NodeSpec(code, parent, name, kind, unit, direction, agg, fn, desc,
                    formula=formula, expression=expr, **kw)


def _leaf(code, parent, name, unit, direction, agg, fn, level, desc, **kw) -> NodeSpec:
    return NodeSpec(code, parent, name, "measure", unit, direction, agg, fn, desc,
                    level=level, **kw)


K = "kpi"
H = "health"
W = "weekly"


BASE_NODES: list[NodeSpec] = [
    # --- Profit: EBITDA = gross profit - operating expenses -------------------
    _kpi("EBITDA", None, "EBITDA", "expression", "EUR", "higher", "sum", "finance",
         "Operating profit before interest, taxes, depreciation and amortisation.",
         "GP - OPEX", kind=K),
    _kpi("GP", "EBITDA", "Gross profit", "expression", "EUR", "higher", "sum", "finance",
         "Revenue left after the direct cost of delivering the service.",
         "REV * GM.PCT / 100"),
    _kpi("REV", "GP", "Revenue", "sum", "EUR", "higher", "sum", "finance",
         "Recognised revenue of the month, subscriptions plus services.",
         kind=K, additive=True),
    _kpi("REV.SUB", "REV", "Subscription revenue", "expression", "EUR", "higher", "sum",
         "finance", "Monthly share of the annual recurring revenue.", "ARR / 12",
         additive=True),
    _kpi("ARR", "REV.SUB", "Annual recurring revenue", "expression", "EUR", "higher",
         "last", "sales", "Yearly value of all active subscriptions at month end.",
         "CUST * ARPA * 12", kind=K, additive=True),
    _leaf("CUST", "ARR", "Paying customers", "count", "higher", "last", "cs", 2400,
          "Accounts with an active paid subscription at month end.",
          growth=0.26, noise=0.006, additive=True),
    _leaf("ARPA", "ARR", "Average revenue per account", "EUR", "higher", "average", "sales",
          1450, "Average monthly subscription fee per paying account.",
          model="stock", growth=0.05, noise=0.004, decimals=2),
    _kpi("REV.SRV", "REV", "Services revenue", "product", "EUR", "higher", "sum",
         "services", "Billable hours times the average hourly rate.", additive=True),
    _leaf("SRV.HRS", "REV.SRV", "Billable services hours", "h", "higher", "sum", "services",
          2600, "Consulting and onboarding hours billed to customers.",
          growth=0.22, season="services", noise=0.03, additive=True),
    _leaf("SRV.RATE", "REV.SRV", "Average hourly rate", "EUR", "higher", "average",
          "services", 165, "Billed services revenue divided by billed hours.",
          model="stock", growth=0.04, noise=0.004, decimals=2),
    _kpi("GM.PCT", "GP", "Gross margin", "expression", "%", "higher", "average", "finance",
         "Share of revenue left after hosting, support, services and licence costs.",
         "100 - COGS.HOST - COGS.SUP - COGS.SRV - COGS.LIC", kind=K),
    _leaf("COGS.HOST", "GM.PCT", "Hosting cost (% of revenue)", "%", "lower", "average", "eng",
          9.5, "Cloud infrastructure cost as a share of revenue.", growth=-0.3, noise=0.15,
          decimals=1, category=H),
    _leaf("COGS.SUP", "GM.PCT", "Support cost (% of revenue)", "%", "lower", "average",
          "support", 6.0, "Customer support cost as a share of revenue.", growth=-0.25,
          noise=0.2, decimals=1, category=H),
    _leaf("COGS.SRV", "GM.PCT", "Services delivery cost (% of revenue)", "%", "lower",
          "average", "services", 7.2, "Cost of delivering services as a share of revenue.",
          noise=0.2, decimals=1, category=H),
    _leaf("COGS.LIC", "GM.PCT", "Third-party licences (% of revenue)", "%", "lower", "average",
          "finance", 2.8, "Embedded third-party software cost as a share of revenue.",
          growth=0.1, noise=0.1, decimals=1, category=H),
    _kpi("OPEX", "EBITDA", "Operating expenses", "sum", "EUR", "lower", "sum", "finance",
         "Sales and marketing, research and development, and administration costs.",
         additive=True),
    _kpi("OPEX.SM", "OPEX", "Sales & marketing expenses", "sum", "EUR", "lower", "sum",
         "marketing", "Everything spent on winning and growing customers.", additive=True),
    _leaf("OPEX.SM.PAY", "OPEX.SM", "Sales & marketing payroll", "EUR", "lower", "sum",
          "sales", 760000, "Salaries, commissions and benefits of sales and marketing.",
          growth=0.31, noise=0.005, additive=True, category=H),
    _leaf("OPEX.SM.ADS", "OPEX.SM", "Paid media spend", "EUR", "lower", "sum", "marketing",
          210000, "Search, social and display advertising.", growth=0.3, season="spend",
          noise=0.03, additive=True, category=H),
    _leaf("OPEX.SM.EVT", "OPEX.SM", "Events and sponsorships", "EUR", "lower", "sum",
          "marketing", 65000, "Trade fairs, sponsorships and customer events.",
          growth=0.28, season="events", noise=0.05, additive=True, category=H),
    _kpi("OPEX.RD", "OPEX", "Research & development expenses", "sum", "EUR", "lower", "sum",
         "eng", "Cost of building and running the product.", additive=True),
    _leaf("OPEX.RD.PAY", "OPEX.RD", "R&D payroll", "EUR", "lower", "sum", "eng", 700000,
          "Salaries and benefits of product and engineering.", growth=0.31, noise=0.005,
          additive=True, category=H),
    _leaf("OPEX.RD.TOOL", "OPEX.RD", "Engineering tools and services", "EUR", "lower", "sum",
          "eng", 85000, "Developer tooling, test environments and software licences.",
          growth=0.28, noise=0.02, additive=True, category=H),
    _kpi("OPEX.GA", "OPEX", "General & administrative expenses", "sum", "EUR", "lower", "sum",
         "finance", "Finance, people, legal and facilities.", additive=True),
    _leaf("OPEX.GA.PAY", "OPEX.GA", "G&A payroll", "EUR", "lower", "sum", "finance", 320000,
          "Salaries and benefits of finance, people and operations.", growth=0.28,
          noise=0.005, additive=True, category=H),
    _leaf("OPEX.GA.OFF", "OPEX.GA", "Offices and facilities", "EUR", "lower", "sum", "ops",
          140000, "Rent, utilities and office services.", growth=0.24, noise=0.008,
          additive=True, category=H),
    _leaf("OPEX.GA.PRO", "OPEX.GA", "Legal, audit and advisory fees", "EUR", "lower", "sum",
          "finance", 50000, "External lawyers, auditors and advisers.", growth=0.24,
          season="audit", noise=0.06, additive=True, category=H),
    # --- Retention -------------------------------------------------------------
    _kpi("NRR", None, "Net revenue retention", "expression", "%", "higher", "average", "cs",
         "Revenue kept from last year's customers, expansion included.",
         "100 + NRR.EXP - NRR.CON - CHURN", kind=K),
    _leaf("NRR.EXP", "NRR", "Expansion rate (trailing 12 months)", "%", "higher", "average",
          "cs", 21.0, "Upsell and cross-sell revenue as a share of last year's revenue.",
          growth=0.8, noise=0.35, decimals=1),
    _leaf("NRR.CON", "NRR", "Contraction rate (trailing 12 months)", "%", "lower", "average",
          "cs", 3.6, "Revenue lost to downgrades as a share of last year's revenue.",
          growth=-0.1, noise=0.15, decimals=1),
    _kpi("CHURN", "NRR", "Gross revenue churn (trailing 12 months)", "average", "%", "lower",
         "average", "cs", "Revenue lost to cancellations, averaged over the three segments."),
    _leaf("CHURN.SMB", "CHURN", "Churn: small business", "%", "lower", "average", "cs", 12.5,
          "Cancelled revenue of small-business accounts, trailing 12 months.",
          growth=-0.5, noise=0.35, decimals=1),
    _leaf("CHURN.MM", "CHURN", "Churn: mid-market", "%", "lower", "average", "cs", 7.2,
          "Cancelled revenue of mid-market accounts, trailing 12 months.",
          growth=-0.3, noise=0.25, decimals=1),
    _leaf("CHURN.ENT", "CHURN", "Churn: enterprise", "%", "lower", "average", "cs", 3.1,
          "Cancelled revenue of enterprise accounts, trailing 12 months.",
          growth=-0.1, noise=0.15, decimals=1),
    # --- Customer voice --------------------------------------------------------
    _kpi("NPS", None, "Net promoter score", "average", "pts", "higher", "average", "cs",
         "Promoters minus detractors, averaged over the three customer surveys.", kind=K),
    _leaf("NPS.APP", "NPS", "NPS: in-app pulse", "pts", "higher", "average", "product", 41,
          "Weekly in-app survey of active users.", frequency=W, growth=2.0, noise=3.0,
          lo=-100, hi=100, decimals=1),
    _leaf("NPS.REL", "NPS", "NPS: relationship survey", "pts", "higher", "average", "cs", 36,
          "Monthly survey of account decision makers.", growth=1.5, noise=2.2, lo=-100,
          hi=100, decimals=1),
    _leaf("NPS.ONB", "NPS", "NPS: after onboarding", "pts", "higher", "average", "cs", 52,
          "Survey sent to new customers when onboarding ends.", growth=1.0, noise=3.5,
          lo=-100, hi=100, decimals=1, leading=True),
    # --- New business funnel ---------------------------------------------------
    _kpi("MRR.NEW", None, "New MRR", "expression", "EUR", "higher", "sum", "sales",
         "Monthly recurring revenue added by newly won customers.",
         "SQL * WIN.RATE / 100 * ARPA.NEW", kind=K, additive=True),
    _kpi("SQL", "MRR.NEW", "Sales-qualified leads", "expression", "count", "higher", "sum",
         "marketing", "Leads accepted by sales as real buying opportunities.",
         "MQL * MQL.SQL / 100", leading=True, additive=True),
    _kpi("MQL", "SQL", "Marketing-qualified leads", "expression", "count", "higher", "sum",
         "marketing", "Website visitors who became leads matching our customer profile.",
         "VISITS * CONV.V2L / 100", leading=True, additive=True),
    _kpi("VISITS", "MQL", "Website visits", "sum", "count", "higher", "sum", "marketing",
         "Sessions on the marketing website, all sources.", leading=True, additive=True),
    _leaf("VISITS.ORG", "VISITS", "Organic search visits", "count", "higher", "sum",
          "marketing", 92000, "Sessions arriving from unpaid search results.", growth=0.3,
          season="web", noise=0.05, leading=True, additive=True),
    _leaf("VISITS.PAID", "VISITS", "Paid campaign visits", "count", "higher", "sum",
          "marketing", 41000, "Sessions arriving from paid campaigns.", growth=0.2,
          season="bookings", noise=0.09, leading=True, additive=True),
    _leaf("VISITS.REF", "VISITS", "Referral and partner visits", "count", "higher", "sum",
          "marketing", 16000, "Sessions arriving from partner sites and referrals.",
          growth=0.35, season="web", noise=0.08, leading=True, additive=True),
    _leaf("VISITS.DIR", "VISITS", "Direct visits", "count", "higher", "sum", "marketing",
          38000, "Sessions typed in or bookmarked.", growth=0.22, season="web",
          noise=0.04, leading=True, additive=True),
    _leaf("CONV.V2L", "MQL", "Visit-to-lead conversion", "%", "higher", "average",
          "marketing", 1.15, "Share of website visits that become qualified leads.",
          frequency=W, growth=0.04, noise=0.06, decimals=2, leading=True),
    _leaf("MQL.SQL", "SQL", "MQL-to-SQL conversion", "%", "higher", "average", "sales", 24.0,
          "Share of marketing leads accepted by sales.", growth=0.5, noise=1.0, decimals=1,
          leading=True),
    _leaf("WIN.RATE", "MRR.NEW", "Win rate", "%", "higher", "average", "sales", 12.0,
          "Share of sales-qualified leads that sign.", growth=0.3, noise=0.7, decimals=1),
    _leaf("ARPA.NEW", "MRR.NEW", "New-customer ARPA", "EUR", "higher", "average", "sales",
          1320, "Average monthly fee of customers won in the month.", model="stock",
          growth=0.07, noise=0.02, decimals=2),
    # --- Pipeline --------------------------------------------------------------
    _kpi("PIPE", None, "Weighted pipeline", "weighted_sum", "EUR", "higher", "last", "sales",
         "Open opportunities weighted by the close probability of their stage.",
         leading=True, additive=True),
    _leaf("PIPE.DISC", "PIPE", "Pipeline: discovery", "EUR", "higher", "last", "sales",
          9_500_000, "Annual value of opportunities in discovery.", frequency=W,
          growth=0.24, noise=0.03, weight=0.1, leading=True, additive=True),
    _leaf("PIPE.QUAL", "PIPE", "Pipeline: qualified", "EUR", "higher", "last", "sales",
          6_200_000, "Annual value of qualified opportunities.", frequency=W, growth=0.24,
          noise=0.03, weight=0.25, leading=True, additive=True),
    _leaf("PIPE.PROP", "PIPE", "Pipeline: proposal", "EUR", "higher", "last", "sales",
          3_900_000, "Annual value of opportunities with a proposal out.", frequency=W,
          growth=0.22, noise=0.035, weight=0.5, leading=True, additive=True),
    _leaf("PIPE.NEG", "PIPE", "Pipeline: negotiation", "EUR", "higher", "last", "sales",
          1_800_000, "Annual value of opportunities in negotiation.", frequency=W,
          growth=0.22, noise=0.04, weight=0.75, leading=True, additive=True),
    _kpi("PIPE.COV", None, "Pipeline coverage", "ratio", "x", "higher", "last", "sales",
         "Open pipeline for next quarter divided by next quarter's quota.", leading=True),
    _leaf("PIPE.OPEN", "PIPE.COV", "Open pipeline (next quarter)", "EUR", "higher", "last",
          "sales", 14_500_000, "Value of opportunities expected to close next quarter.",
          growth=0.22, noise=0.015, leading=True, additive=True),
    _leaf("QUOTA.NQ", "PIPE.COV", "Sales quota (next quarter)", "EUR", "higher", "last",
          "ops", 4_300_000, "New-business quota of all sales teams for next quarter.",
          growth=0.22, noise=0.002, additive=True, category=H),
    # --- Unit economics --------------------------------------------------------
    _kpi("LTV.CAC", None, "LTV to CAC ratio", "expression", "x", "higher", "average",
         "finance", "Lifetime value of a new customer divided by the cost of winning it.",
         "LTV / CAC", kind=K),
    _kpi("LTV", "LTV.CAC", "Customer lifetime value", "expression", "EUR", "higher",
         "average", "finance", "Contribution a typical customer brings over its lifetime.",
         "ACV * LIFETIME * CM.PCT / 100"),
    _leaf("ACV", "LTV", "Average contract value", "EUR", "higher", "average", "sales", 17400,
          "Average yearly value of a customer contract.", model="stock", growth=0.06,
          noise=0.01),
    _leaf("LIFETIME", "LTV", "Expected customer lifetime", "years", "higher", "average", "cs",
          5.0, "Expected years a customer stays, from the current churn rate.",
          growth=0.12, noise=0.08, decimals=1),
    _leaf("CM.PCT", "LTV", "Contribution margin", "%", "higher", "average", "finance", 68.0,
          "Revenue minus variable costs, as a share of revenue.", growth=0.7, noise=0.5,
          decimals=1),
    _kpi("CAC", "LTV.CAC", "Customer acquisition cost", "ratio", "EUR", "lower", "average",
         "marketing", "New-business spend divided by the number of new customers."),
    _leaf("CAC.SPEND", "CAC", "New-business acquisition spend", "EUR", "lower", "sum",
          "marketing", 860000, "Sales and marketing spend aimed at new customers.",
          growth=0.16, season="bookings", noise=0.04, additive=True),
    _leaf("CUST.NEW", "CAC", "New customers won", "count", "higher", "sum", "sales", 58,
          "Accounts that signed their first paid contract in the month.", growth=0.2,
          season="bookings", noise=0.08, additive=True),
    # --- Support ---------------------------------------------------------------
    _kpi("TICKETS", None, "Support tickets", "sum", "count", "lower", "sum", "support",
         "Tickets opened by customers, all channels.", category=H, additive=True),
    _leaf("TICKETS.EMAIL", "TICKETS", "Tickets: email", "count", "lower", "sum", "support",
          2900, "Tickets opened by email.", growth=0.1, season="support", noise=0.05,
          category=H, additive=True),
    _leaf("TICKETS.CHAT", "TICKETS", "Tickets: chat", "count", "lower", "sum", "support",
          4100, "Tickets opened in the in-app chat.", growth=0.22, season="support",
          noise=0.05, category=H, additive=True),
    _leaf("TICKETS.PHONE", "TICKETS", "Tickets: phone", "count", "lower", "sum", "support",
          650, "Tickets opened by phone.", growth=-0.05, season="support", noise=0.07,
          category=H, additive=True),
    _kpi("TTR", None, "Time to resolve", "average", "h", "lower", "average", "support",
         "Median business hours to resolve a ticket, averaged over the priority classes.",
         kind=K, category=H),
    _leaf("TTR.P1", "TTR", "Time to resolve: priority 1", "h", "lower", "average", "support",
          5.5, "Median hours to resolve an urgent ticket.", frequency=W, growth=-0.3,
          noise=0.5, lo=0.5, decimals=1, category=H),
    _leaf("TTR.P2", "TTR", "Time to resolve: priority 2", "h", "lower", "average", "support",
          18.0, "Median hours to resolve a high-priority ticket.", frequency=W, growth=-1.0,
          noise=1.2, lo=2, decimals=1, category=H),
    _leaf("TTR.P3", "TTR", "Time to resolve: priority 3", "h", "lower", "average", "support",
          46.0, "Median hours to resolve a normal ticket.", frequency=W, growth=-2.0,
          noise=2.5, lo=5, decimals=1, category=H),
    _leaf("FRT", None, "First response time", "h", "lower", "average", "support", 1.6,
          "Median business hours until a customer gets a first human answer.",
          frequency=W, growth=-0.1, noise=0.12, lo=0.1, decimals=2, leading=True,
          category=H),
    _leaf("CSAT", None, "Customer satisfaction (support)", "%", "higher", "average",
          "support", 91.5, "Share of solved tickets rated good or great.", frequency=W,
          growth=0.3, noise=0.7, hi=100, decimals=1, category=H),
    _kpi("CPT", None, "Cost per resolved ticket", "ratio", "EUR", "lower", "average",
         "support", "Support team cost divided by the tickets it solved.", category=H),
    _leaf("CPT.COST", "CPT", "Support team cost", "EUR", "lower", "sum", "support", 236000,
          "Salaries, tools and outsourcing of customer support.", growth=0.1, noise=0.02,
          category=H, additive=True),
    _leaf("CPT.SOLVED", "CPT", "Tickets solved", "count", "higher", "sum", "support", 7500,
          "Tickets closed as solved in the month.", growth=0.15, season="support",
          noise=0.05, category=H, additive=True),
    # --- Customer success ------------------------------------------------------
    _kpi("HEALTH", None, "Customer health score", "weighted_sum", "pts", "higher", "average",
         "cs", "Usage, support experience and sentiment combined into one score out of 100.",
         leading=True, category=H),
    _leaf("HEALTH.USE", "HEALTH", "Product usage score", "pts", "higher", "average", "cs", 71,
          "Depth and breadth of product use, scored 0 to 100.", frequency=W, growth=1.0,
          noise=1.2, hi=100, decimals=1, weight=0.5, leading=True, category=H),
    _leaf("HEALTH.SUP", "HEALTH", "Support experience score", "pts", "higher", "average",
          "support", 78, "Ticket volume and satisfaction per account, scored 0 to 100.",
          growth=0.5, noise=1.5, hi=100, decimals=1, weight=0.2, category=H),
    _leaf("HEALTH.SENT", "HEALTH", "Sentiment score", "pts", "higher", "average", "cs", 66,
          "Account manager's view of the relationship, scored 0 to 100.", growth=1.0,
          noise=1.8, hi=100, decimals=1, weight=0.3, category=H),
    _leaf("ONB.DAYS", None, "Onboarding time", "days", "lower", "average", "cs", 24,
          "Days from contract signature to the customer's first live dashboard.",
          growth=-2.0, noise=1.4, lo=3, decimals=1, leading=True),
    _leaf("QBR", None, "Business reviews held", "%", "higher", "average", "cs", 72,
          "Share of enterprise accounts that had a business review this quarter.",
          growth=2.0, noise=3.0, hi=100, decimals=1, leading=True, category=H),
    # --- Product ---------------------------------------------------------------
    _leaf("ACTIVE", None, "Weekly active accounts", "count", "higher", "last", "product", 2050,
          "Paying accounts with at least one active user in the week.", frequency=W,
          growth=0.28, noise=0.008, leading=True, additive=True),
    _kpi("ENG", None, "Product engagement score", "weighted_sum", "pts", "higher", "average",
         "product", "Stickiness, feature adoption and collaboration in one score.",
         leading=True),
    _leaf("ENG.STICK", "ENG", "Stickiness (daily / monthly users)", "%", "higher", "average",
          "product", 38, "Daily active users as a share of monthly active users.",
          growth=1.2, noise=0.9, hi=100, decimals=1, weight=0.4, leading=True),
    _leaf("ENG.ADOPT", "ENG", "Key feature adoption", "%", "higher", "average", "product", 44,
          "Share of accounts using scheduled reports and alerts.", growth=3.0, noise=1.0,
          hi=100, decimals=1, weight=0.3, leading=True),
    _leaf("ENG.COLLAB", "ENG", "Accounts with 3+ collaborators", "%", "higher", "average",
          "product", 57, "Share of accounts where three or more people edit dashboards.",
          growth=2.0, noise=1.0, hi=100, decimals=1, weight=0.3, leading=True),
    _leaf("TRIAL.ACT", None, "Trial activation rate", "%", "higher", "average", "product", 41,
          "Share of trials that connect a data source in their first week.", growth=1.5,
          noise=1.5, hi=100, decimals=1, leading=True),
    _leaf("TRIAL.CONV", None, "Trial-to-paid conversion", "%", "higher", "average", "product",
          15.2, "Share of trials that become paying customers.", growth=0.6, noise=0.7,
          hi=100, decimals=1),
    _leaf("TTV", None, "Time to first value", "days", "lower", "average", "product", 5.8,
          "Days from sign-up to the first shared dashboard.", growth=-0.8, noise=0.4,
          lo=0.5, decimals=1, leading=True),
    # --- Engineering -----------------------------------------------------------
    _leaf("UPTIME", None, "Platform uptime", "%", "higher", "average", "eng", 99.93,
          "Share of minutes the service was available to customers.", frequency=W,
          noise=0.035, lo=99.0, hi=100, decimals=3, category=H),
    _leaf("DEPLOYS", None, "Production deployments", "count", "higher", "sum", "eng", 310,
          "Changes shipped to production in the month.", growth=0.3, season="hours",
          noise=0.08, leading=True, additive=True, category=H),
    _leaf("LEAD.TIME", None, "Lead time for changes", "days", "lower", "average", "eng", 2.6,
          "Days from merged code to running in production.", growth=-0.3, noise=0.25,
          lo=0.3, decimals=1, leading=True, category=H),
    _leaf("CFR", None, "Change failure rate", "%", "lower", "average", "eng", 4.2,
          "Share of deployments that caused an incident or a rollback.", growth=-0.3,
          noise=0.5, lo=0.5, decimals=1, category=H),
    _leaf("MTTR", None, "Time to restore service", "h", "lower", "average", "eng", 1.4,
          "Hours from incident start to full recovery.", growth=-0.1, noise=0.3, lo=0.2,
          decimals=1, category=H),
    _leaf("SEC.INC", None, "Security incidents", "count", "lower", "sum", "eng", 0.6,
          "Confirmed security incidents in the month.", model="poisson",
          fixed=(0.0, 0.0, 2.0), category=H),
    # --- Sales efficiency ------------------------------------------------------
    _kpi("DEAL.SIZE", None, "Average deal size", "ratio", "EUR", "higher", "average",
         "sales", "New annual contract value divided by the number of deals won."),
    _leaf("BOOKINGS", "DEAL.SIZE", "New bookings (annual contract value)", "EUR", "higher",
          "sum", "sales", 1_250_000, "Annual value of all contracts signed in the month.",
          growth=0.22, season="bookings", noise=0.07, additive=True),
    _leaf("DEALS.WON", "DEAL.SIZE", "Deals won", "count", "higher", "sum", "sales", 74,
          "New and expansion contracts signed in the month.", growth=0.2,
          season="bookings", noise=0.07, additive=True),
    _leaf("SALES.CYCLE", None, "Sales cycle length", "days", "lower", "average", "sales", 54,
          "Median days from first meeting to signature of deals won.", frequency=W,
          growth=-3.0, noise=2.5, lo=10, decimals=1),
    _leaf("QUOTA.ATT", None, "Reps at or above quota", "%", "higher", "average", "ops", 58,
          "Share of account executives who reached their quota.", growth=2.0, noise=4.0,
          hi=100, decimals=1, category=H),
    # --- Marketing -------------------------------------------------------------
    _leaf("SOV", None, "Share of voice", "%", "higher", "average", "marketing", 14,
          "Our share of brand mentions among the five main competitors.", growth=1.0,
          noise=0.7, hi=100, decimals=1, leading=True),
    _leaf("BRAND.SEARCH", None, "Branded search volume", "count", "higher", "sum",
          "marketing", 18500, "Searches for Northwind by name.", growth=0.35, season="web",
          noise=0.05, leading=True, additive=True),
    _kpi("CPL", None, "Cost per lead", "ratio", "EUR", "lower", "average", "marketing",
         "Demand generation spend divided by the leads it created."),
    _leaf("CPL.SPEND", "CPL", "Demand generation spend", "EUR", "lower", "sum", "marketing",
          310000, "Campaign, content and tooling spend of demand generation.",
          growth=0.18, season="bookings", noise=0.05, additive=True),
    _leaf("CPL.LEADS", "CPL", "Leads created", "count", "higher", "sum", "marketing", 2600,
          "New leads from all campaigns and the website.", growth=0.28, season="web",
          noise=0.06, leading=True, additive=True),
    # --- People ----------------------------------------------------------------
    _kpi("HC", None, "Headcount", "sum", "count", "band", "last", "people",
         "Employees on payroll at month end, kept close to the hiring plan.",
         kind=K, category=H, additive=True, band=(0.03, 0.08)),
    _leaf("HC.SALES", "HC", "Headcount: sales", "count", "higher", "last", "people", 62,
          "Employees in sales at month end.", growth=0.2, noise=0.01, additive=True,
          category=H),
    _leaf("HC.MKT", "HC", "Headcount: marketing", "count", "higher", "last", "people", 24,
          "Employees in marketing at month end.", growth=0.15, noise=0.012, additive=True,
          category=H),
    _leaf("HC.CS", "HC", "Headcount: customer success and support", "count", "higher",
          "last", "people", 41, "Employees in customer success and support at month end.",
          growth=0.15, noise=0.01, additive=True, category=H),
    _leaf("HC.PROD", "HC", "Headcount: product", "count", "higher", "last", "people", 18,
          "Employees in product management and design at month end.", growth=0.15,
          noise=0.012, additive=True, category=H),
    _leaf("HC.ENG", "HC", "Headcount: engineering", "count", "higher", "last", "people", 88,
          "Employees in engineering at month end.", growth=0.16, noise=0.008,
          additive=True, category=H),
    _leaf("HC.GA", "HC", "Headcount: general and administration", "count", "higher", "last",
          "people", 27, "Employees in finance, people and operations at month end.",
          growth=0.08, noise=0.012, additive=True, category=H),
    _leaf("ENPS", None, "Employee NPS", "pts", "higher", "average", "people", 31,
          "Quarterly employee survey: promoters minus detractors.", frequency="quarterly",
          growth=1.0, noise=4.0, lo=-100, hi=100, decimals=0, category=H),
    _leaf("ATTR", None, "Regretted attrition (trailing 12 months)", "%", "lower", "average",
          "people", 7.5, "Share of employees we wanted to keep who left.", growth=-0.2,
          noise=0.4, decimals=1, category=H),
    _leaf("TTH", None, "Time to hire", "days", "lower", "average", "people", 41,
          "Days from opening a role to an accepted offer.", growth=-2.0, noise=3.0, lo=10,
          decimals=0, category=H),
    _leaf("UTIL", None, "Billable utilisation", "%", "band", "average", "services", 79,
          "Share of consultants' hours billed to customers; 80% keeps quality and margin.",
          noise=2.2, hi=100, decimals=1, fixed=(80.0, 5.0, 10.0), category=H),
    _leaf("BUD.VAR", None, "Opex budget variance", "%", "band", "average", "finance", 1.2,
          "Actual operating expenses against budget; within 2% is on plan.", noise=1.5,
          lo=None, decimals=1, fixed=(0.0, 2.0, 5.0), category=H),
]

# Dashed driver links: (source, target, note).
INFLUENCES: list[tuple[str, str, str]] = [
    ("NPS", "CHURN", "Promoters renew; detractors cancel."),
    ("HEALTH", "CHURN", "Unhealthy accounts churn within two quarters."),
    ("TTR", "NPS", "Slow resolutions drag customer sentiment down."),
    ("UPTIME", "NPS", "Outages are the first complaint in detractor comments."),
    ("FRT", "CSAT", "Fast first answers lift ticket ratings."),
    ("CFR", "UPTIME", "Failed changes cause most incidents."),
    ("TRIAL.ACT", "TRIAL.CONV", "Activated trials convert three times as often."),
    ("ENG", "HEALTH", "Engaged accounts score higher on usage."),
    ("ENPS", "ATTR", "Engaged employees stay."),
    ("UTIL", "REV.SRV", "Utilisation sets how many hours we can bill."),
    ("PIPE", "MRR.NEW", "Today's pipeline is next quarter's new business."),
    ("TTV", "TRIAL.CONV", "Trials that see value early buy."),
]

# Seasonality: multipliers for January..December.
SEASONS: dict[str, tuple[float, ...]] = {
    "flat": (1.0,) * 12,
    "bookings": (0.86, 0.95, 1.14, 0.9, 0.98, 1.12, 0.86, 0.8, 1.1, 0.98, 1.06, 1.25),
    "web": (1.06, 1.07, 1.05, 1.0, 1.0, 0.96, 0.88, 0.86, 1.03, 1.06, 1.05, 0.88),
    "hours": (0.97, 1.02, 1.05, 1.0, 1.0, 0.98, 0.84, 0.78, 1.05, 1.08, 1.06, 0.86),
    "support": (1.1, 1.04, 1.02, 0.98, 0.97, 0.95, 0.9, 0.9, 1.02, 1.03, 1.02, 0.92),
    "events": (0.6, 0.9, 1.4, 1.0, 1.2, 1.1, 0.5, 0.4, 1.25, 1.5, 1.3, 0.7),
    # Services hours: the holiday dips of "hours", softened by fixed-fee projects.
    "services": (0.98, 1.02, 1.04, 1.0, 1.0, 0.98, 0.88, 0.84, 1.04, 1.06, 1.04, 0.9),
    # Paid media: the bookings rhythm, damped (budgets are planned per quarter).
    "spend": (0.96, 0.98, 1.07, 0.96, 0.99, 1.06, 0.93, 0.9, 1.05, 0.99, 1.03, 1.04),
    # Advisers: the year-end audit in the first quarter.
    "audit": (1.2, 1.3, 1.15, 0.95, 0.95, 0.9, 0.85, 0.8, 0.95, 0.95, 1.0, 1.0),
}


def base_nodes() -> list[NodeSpec]:
    """Fresh copies of the base catalog (callers may change them)."""
    return [n.copy() for n in BASE_NODES]
