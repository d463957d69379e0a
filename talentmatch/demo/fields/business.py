"""Demo fields in business and finance, logistics and law."""

from __future__ import annotations

from talentmatch.demo.fields.model import Field, Role

SALES = Field(
    key="sales",
    name="Sales and account management",
    sector="Business and finance",
    jobs=14,
    languages=(
        ("en:C1", 3),
        ("en:B2 fi:C1", 3),
        ("fi:C1 en:B2", 2),
        ("en:C1 de:B2", 1),
        ("en:B2 sv:B2", 1),
    ),
    salary=(3100, 4000),
    sponsors=0.3,
    studies=("International Business", "Marketing", "Business Administration"),
    remote=(25, 65, 10),
    internships=True,
    roles=(
        Role(
            "sales account manager",
            "account manager",
            (
                "Account Manager",
                "Key Account Manager",
                "Asiakkuuspäällikkö",
                "Senior Account Manager",
            ),
            "You look after a portfolio of business customers, grow sales with them and find new "
            "ones. You prepare offers, negotiate prices and contracts and keep the CRM up to date.",
            (
                "use customer relationship management software",
                "prospect new customers",
                "negotiate price",
                "manage contracts",
                "build business relationships",
                "perform customers’ needs analysis",
                "produce sales reports",
                "forecast account metrics",
                "deliver a sales pitch",
                "speak different languages",
            ),
        ),
        Role(
            "commercial sales representative",
            "B2B sales representative",
            (
                "Sales Representative",
                "B2B Sales Executive",
                "Myyntiedustaja",
                "Inside Sales Specialist",
                "Sales Development Representative",
            ),
            "You find and contact new business customers by phone, email and at trade fairs, "
            "present our products and turn leads into deals together with account managers.",
            (
                "prospect new customers",
                "contact customers",
                "use customer relationship management software",
                "implement sales strategies",
                "demonstrate products' features",
                "answer requests for quotation",
                "keep records of customer interaction",
                "deliver a sales pitch",
                "apply social media marketing",
                "speak different languages",
            ),
        ),
        Role(
            "technical sales representative",
            "technical sales engineer",
            ("Technical Sales Engineer", "Myynti-insinööri", "Technical Sales Manager"),
            "You sell technical products and solutions to industrial customers: you work out "
            "their needs with them, put together solutions and offers and support delivery.",
            (
                "prospect new customers",
                "apply technical communication skills",
                "answer requests for quotation",
                "use customer relationship management software",
                "demonstrate products' features",
                "maintain relationship with customers",
                "produce sales reports",
                "perform customers’ needs analysis",
                "machinery products",
            ),
        ),
    ),
)

BUSINESS_ANALYSIS = Field(
    key="business_analysis",
    name="Business analysis",
    sector="Business and finance",
    jobs=10,
    languages=(("en:C1", 4), ("en:B2 fi:B2", 2), ("en:C1 fi:C1", 1)),
    salary=(3800, 4700),
    sponsors=0.45,
    studies=(
        "Information Systems",
        "Business Administration",
        "Industrial Engineering and Management",
    ),
    remote=(20, 65, 15),
    internships=True,
    roles=(
        Role(
            "ICT business analyst",
            "business analyst",
            (
                "Business Analyst",
                "IT Business Analyst",
                "Liiketoiminta-analyytikko",
                "Senior Business Analyst",
            ),
            "You gather requirements from business teams, model current and future processes "
            "and translate them into clear requirements for development teams. You also build "
            "reports and follow up that the solution delivers what was promised.",
            (
                "analyse business requirements",
                "business process modelling",
                "interact with users to gather requirements",
                "analyse business processes",
                "create business process models",
                "define technical requirements",
                "apply change management",
                "business intelligence",
                "provide cost benefit analysis reports",
                "visual presentation techniques",
            ),
            weight=2,
        ),
        Role(
            "business analyst",
            "business analyst",
            ("Business Controller", "Commercial Analyst", "Strategy Analyst"),
            "You analyse business performance, markets and plans, build models and reports for "
            "management, and turn the numbers into recommendations.",
            (
                "perform business analysis",
                "analyse financial performance of a company",
                "interpret financial statements",
                "market research",
                "conduct quantitative research",
                "liaise with managers",
                "business intelligence",
                "report analysis results",
                "business process modelling",
            ),
        ),
    ),
)

ACCOUNTING = Field(
    key="accounting",
    name="Accounting and finance",
    sector="Business and finance",
    jobs=12,
    languages=(("fi:B2 en:B2", 3), ("en:C1", 2), ("fi:C1", 2), ("en:B2 sv:B2", 1)),
    salary=(3000, 3900),
    sponsors=0.25,
    studies=("Accounting", "Finance", "Economics"),
    remote=(35, 55, 10),
    internships=True,
    roles=(
        Role(
            "accountant",
            "accountant",
            (
                "Accountant",
                "Kirjanpitäjä",
                "Taloushallinnon asiantuntija",
                "Senior Accountant",
                "Accounts Payable Specialist",
            ),
            "You keep the books of client companies or our own group: accounting entries, "
            "reconciliations, VAT returns and monthly and annual closing, in modern cloud "
            "accounting systems.",
            (
                "bookkeeping regulations",
                "accounting entries",
                "prepare financial statements",
                "perform balance sheet operations",
                "check accounting records",
                "prepare tax returns forms",
                "identify accounting errors",
                "accounting techniques",
                "international financial reporting standards",
                "manage payroll reports",
            ),
        ),
        Role(
            "financial controller",
            "financial controller",
            ("Financial Controller", "Controller", "Business Controller, Finance"),
            "You prepare monthly reporting and forecasts, follow costs and budgets with the "
            "business and develop financial processes and controls.",
            (
                "prepare financial statements",
                "evaluate budgets",
                "develop financial statistics reports",
                "analyse financial performance of a company",
                "financial statements",
                "track key performance indicators",
                "exert expenditure control",
                "financial forecasting",
                "support development of annual budget",
            ),
        ),
        Role(
            "financial analyst",
            "financial analyst",
            ("Financial Analyst", "Investment Analyst", "Rahoitusanalyytikko"),
            "You analyse companies and investments, build financial models and write "
            "recommendations for the investment team.",
            (
                "interpret financial statements",
                "prepare financial projections",
                "perform business analysis",
                "create a financial report",
                "statistics",
                "financial management",
                "economics",
                "financial forecasting",
                "analyse financial risk",
                "monitor stock market",
            ),
        ),
    ),
)

LOGISTICS = Field(
    key="logistics",
    name="Logistics and supply chain",
    sector="Logistics",
    jobs=10,
    languages=(("en:B2", 3), ("en:B2 fi:B2", 3), ("en:C1 sv:B1", 1)),
    salary=(3200, 4000),
    sponsors=0.35,
    studies=("Logistics", "Supply Chain Management", "International Business"),
    remote=(50, 45, 5),
    internships=True,
    roles=(
        Role(
            "logistics analyst",
            "logistics analyst",
            ("Logistics Analyst", "Logistics Planner", "Logistiikkasuunnittelija"),
            "You analyse transport and warehouse data, find bottlenecks and plan more efficient "
            "and greener routes and processes with operations.",
            (
                "supply chain management",
                "use methods of logistical data analysis",
                "detect bottlenecks",
                "use spreadsheets software",
                "analyse supply chain trends",
                "green logistics",
                "develop efficiency plans for logistics operations",
                "perform data analysis",
                "communicate analytical insights",
            ),
        ),
        Role(
            "supply chain manager",
            "supply chain specialist",
            ("Supply Chain Specialist", "Supply Chain Manager", "Inventory Planner"),
            "You keep goods flowing from suppliers to customers: demand and inventory planning, "
            "supplier follow-up and the ERP data behind it.",
            (
                "supply chain management",
                "manage inventory",
                "supplier management",
                "order supplies",
                "analyse supply chain strategies",
                "maintain relationship with suppliers",
                "forecast products' demand",
                "warehouse operations",
                "manage logistics",
            ),
        ),
        Role(
            "purchaser",
            "purchaser",
            ("Purchaser", "Buyer", "Ostaja", "Procurement Specialist"),
            "You buy materials and services, compare offers, negotiate terms and follow supplier "
            "deliveries and quality.",
            (
                "perform procurement processes",
                "issue purchase orders",
                "identify suppliers",
                "manage contracts",
                "assess supplier risks",
                "manage purchasing cycle",
                "compare contractors' bids",
                "implement sustainable procurement",
                "negotiate sales contracts",
            ),
        ),
    ),
)

LAW = Field(
    key="law",
    name="Law",
    sector="Law",
    jobs=8,
    languages=(("fi:C2 en:C1", 3), ("en:C2 fi:B2", 1), ("fi:C1 sv:C1 en:B2", 1), ("en:C2", 1)),
    salary=(3800, 5200),
    sponsors=0.1,
    studies=("Law", "International Law"),
    remote=(40, 60, 0),
    internships=True,
    roles=(
        Role(
            "corporate lawyer",
            "corporate lawyer",
            ("Associate Lawyer", "Lakimies", "Legal Counsel", "Associate, Corporate and M&A"),
            "You advise companies on contracts, corporate and commercial matters and "
            "transactions, draft and review agreements and research legal questions.",
            (
                "corporate law",
                "provide legal advice",
                "compile legal documents",
                "legal research",
                "interpret law",
                "contract law",
                "mergers and acquisitions",
                "employment law",
                "observe confidentiality",
                "consult with business clients",
            ),
        ),
        Role(
            "legal consultant",
            "legal adviser",
            ("Legal Adviser", "Lakiasiainneuvoja", "Compliance Specialist"),
            "You advise colleagues and clients on legal questions, draft documents and help the "
            "organisation comply with regulation such as data protection and procurement rules.",
            (
                "provide legal advice",
                "interpret law",
                "compile legal documents",
                "legal terminology",
                "identify clients' needs",
                "contract law",
                " procurement legislation",
                "corporate law",
                "legal research",
            ),
        ),
    ),
)

BUSINESS_FIELDS = (SALES, BUSINESS_ANALYSIS, ACCOUNTING, LOGISTICS, LAW)
