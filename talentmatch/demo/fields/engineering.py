"""Demo fields in engineering, architecture and urban planning."""

from __future__ import annotations

from talentmatch.demo.fields.model import Field, Role

ENGINEERING_LANGUAGES = (("en:B2", 4), ("en:B2 fi:B1", 3), ("en:B2 fi:B2", 2), ("fi:C1 en:B2", 1))

CHEMICAL_ENGINEERING = Field(
    key="chemical_engineering",
    name="Chemical and process engineering",
    sector="Engineering",
    jobs=10,
    languages=ENGINEERING_LANGUAGES,
    salary=(3600, 4500),
    sponsors=0.45,
    studies=("Chemical Engineering", "Bioproduct Technology", "Chemistry"),
    remote=(60, 40, 0),
    internships=True,
    roles=(
        Role(
            "chemical engineer",
            "chemical engineer",
            ("Chemical Engineer", "Process Chemist", "R&D Engineer, Chemistry", "Kemian insinööri"),
            "You develop and scale up chemical processes from lab trials to production. You plan "
            "experiments, analyse the results and work with production to improve yield, quality "
            "and safety.",
            (
                "chemistry",
                "perform chemical experiments",
                "test chemical samples",
                "analytical chemistry",
                "engineering processes",
                "apply health and safety standards",
                "assess environmental impact",
                "improve chemical processes",
                "good manufacturing practices",
                "materials science",
            ),
        ),
        Role(
            "process engineer",
            "process engineer",
            (
                "Process Engineer",
                "Senior Process Engineer",
                "Prosessi-insinööri",
                "Process Development Engineer",
            ),
            "You keep the production process running efficiently and safely: you analyse process "
            "data, run trials, solve problems on the line and plan improvements and investments.",
            (
                "analyse production processes for improvement",
                "manufacturing processes",
                "engineering principles",
                "troubleshoot",
                "project management",
                "define technical requirements",
                "circular economy",
                "define quality standards",
                "use CAD software",
            ),
        ),
    ),
)

CIVIL_ENGINEERING = Field(
    key="civil_engineering",
    name="Civil engineering and construction",
    sector="Engineering",
    jobs=14,
    languages=(("fi:B2 en:B2", 3), ("en:B2 fi:B1", 2), ("fi:C1", 2), ("en:C1", 1)),
    salary=(3700, 4700),
    sponsors=0.35,
    studies=("Civil Engineering", "Structural Engineering", "Construction Management"),
    remote=(70, 30, 0),
    internships=True,
    roles=(
        Role(
            "construction engineer",
            "construction engineer",
            ("Site Engineer", "Rakennusinsinööri", "Construction Engineer", "Työmaainsinööri"),
            "You plan and supervise work on residential and commercial building sites: schedules, "
            "procurement, quality and safety. You work with the site manager, subcontractors and "
            "designers.",
            (
                "oversee construction project",
                "monitor construction site",
                "construction methods",
                "building codes",
                "communicate with construction crews",
                "technical drawings",
                "define technical requirements",
                "ensure compliance with construction project deadline",
                "civil engineering",
                "negotiate with stakeholders",
            ),
        ),
        Role(
            "construction manager",
            "construction project manager",
            (
                "Construction Project Manager",
                "Site Manager",
                "Vastaava työnjohtaja",
                "Projektipäällikkö, rakentaminen",
            ),
            "You lead construction projects from tender to handover: budget, schedule, contracts "
            "and subcontractors. You report to the client and make sure the site works safely "
            "and to plan.",
            (
                "oversee construction project",
                "project management",
                "cost management",
                "manage contracts",
                "apply safety management",
                "work in a construction team",
                "review construction projects",
                "monitor contractor performance",
                "carry out tendering",
                "ensure compliance with construction project deadline",
            ),
        ),
        Role(
            "civil engineer",
            "civil engineer",
            (
                "Civil Engineer",
                "Structural Designer",
                "Infrastructure Designer",
                "Rakennesuunnittelija",
            ),
            "You design structures and infrastructure such as foundations, bridges and streets, "
            "using modelling and calculation tools, and coordinate with architects and other "
            "designers.",
            (
                "civil engineering",
                "engineering principles",
                "use technical drawing software",
                "technical drawings",
                "approve engineering design",
                "adjust engineering designs",
                "perform project management",
                "ensure compliance with safety legislation",
                "advise on construction materials",
                "perform risk analysis",
            ),
        ),
    ),
)

MECHANICAL_ENGINEERING = Field(
    key="mechanical_engineering",
    name="Mechanical engineering",
    sector="Engineering",
    jobs=10,
    languages=ENGINEERING_LANGUAGES,
    salary=(3600, 4500),
    sponsors=0.45,
    studies=("Mechanical Engineering", "Energy Technology", "Mechatronics"),
    remote=(45, 50, 5),
    internships=True,
    roles=(
        Role(
            "mechanical engineer",
            "mechanical engineer",
            (
                "Mechanical Engineer",
                "HVAC Design Engineer",
                "LVI-suunnittelija",
                "Senior Mechanical Engineer",
            ),
            "You design heating, cooling, ventilation and other mechanical systems for "
            "buildings and plants, from concept to detailed design, with energy use in view.",
            (
                "mechanical engineering",
                "engineering principles",
                "technical drawings",
                "use technical drawing software",
                "design heating and cooling emission systems",
                "building automation",
                "types of heat pumps",
                "adjust engineering designs",
                "provide technical documentation",
                "communicate with customers",
            ),
        ),
        Role(
            "mechanical engineering technician",
            "mechanical design engineer",
            ("Mechanical Design Engineer", "Koneensuunnittelija", "Product Design Engineer"),
            "You design machine parts and assemblies in 3D CAD, make the drawings and work with "
            "production and suppliers on tests and improvements.",
            (
                "mechanical engineering",
                "design engineering components",
                "read engineering drawings",
                "CAE software",
                "principles of mechanical engineering",
                "troubleshoot",
                "analyse test data",
                "use CAD software",
                "material mechanics",
                "record test data",
            ),
        ),
    ),
)

ELECTRICAL_ENGINEERING = Field(
    key="electrical_engineering",
    name="Electrical and automation engineering",
    sector="Engineering",
    jobs=10,
    languages=ENGINEERING_LANGUAGES,
    salary=(3700, 4600),
    sponsors=0.45,
    studies=(
        "Electrical Engineering",
        "Automation and Electrical Engineering",
        "Energy Technology",
    ),
    remote=(50, 45, 5),
    internships=True,
    roles=(
        Role(
            "electrical engineer",
            "electrical engineer",
            (
                "Electrical Engineer",
                "Electrical Design Engineer",
                "Sähkösuunnittelija",
                "Power Systems Engineer",
            ),
            "You design electrical systems for buildings, grids and energy projects, make "
            "calculations and drawings and take part in commissioning.",
            (
                "electricity principles",
                "electricity",
                "design drawings",
                "engineering principles",
                "use technical drawing software",
                "smart grids systems",
                "approve engineering design",
                "design electrical systems",
                "circuit diagrams",
                "electrical equipment regulations",
            ),
        ),
        Role(
            "automation engineer",
            "automation engineer",
            ("Automation Engineer", "Automaatioinsinööri", "Control Systems Engineer"),
            "You design and program automation for industrial processes and machines, test it and "
            "support commissioning at customer sites.",
            (
                "automation technology",
                "control engineering",
                "sensors",
                "electrical engineering",
                "design automation components",
                "engineering processes",
                "robotics",
                "install automation components",
                "communicate with customers",
                "use CAD software",
            ),
        ),
    ),
)

ARCHITECTURE = Field(
    key="architecture",
    name="Architecture",
    sector="Architecture and urban planning",
    jobs=9,
    languages=(("en:C1", 3), ("en:B2 fi:B2", 3), ("fi:C1 en:B2", 1)),
    salary=(3300, 4200),
    sponsors=0.3,
    studies=("Architecture", "Landscape Architecture"),
    remote=(45, 55, 0),
    roles=(
        Role(
            "architect",
            "architect",
            ("Architect", "Arkkitehti", "Project Architect", "Senior Architect"),
            "You design housing and public buildings from the competition entry and concept "
            "to permit and construction documents, working in BIM with engineers and clients.",
            (
                "architectural design",
                "design buildings",
                "building information modelling",
                "use CAD software",
                "building codes",
                "develop architectural plans",
                "create architectural sketches",
                "urban planning",
                "prepare building permit applications",
                "energy performance of buildings",
            ),
        ),
        Role(
            "landscape architect",
            "landscape architect",
            ("Landscape Architect", "Maisema-arkkitehti"),
            "You design parks, yards and streets, from plans to construction drawings, with the "
            "city, residents and engineers.",
            (
                "landscape design",
                "landscape architecture",
                "design spatial layout of outdoor areas",
                "green space strategies",
                "urban planning",
                "develop architectural plans",
                "use CAD software",
                "use geographic information systems",
            ),
        ),
    ),
)

URBAN_PLANNING = Field(
    key="urban_planning",
    name="Urban planning",
    sector="Architecture and urban planning",
    jobs=6,
    languages=(("fi:C1 en:B2", 3), ("fi:B2 en:C1", 2), ("en:C1", 1)),
    salary=(3500, 4300),
    sponsors=0.15,
    studies=("Urban Planning", "Architecture", "Geography"),
    remote=(40, 60, 0),
    roles=(
        Role(
            "urban planner",
            "urban planner",
            (
                "Urban Planner",
                "Kaavoitusarkkitehti",
                "Yhdyskuntasuunnittelija",
                "Planning Consultant",
            ),
            "You prepare land-use and detailed plans, studies and impact assessments for "
            "municipalities, and run participation with residents and officials.",
            (
                "urban planning",
                "zoning codes",
                "use geographic information systems",
                "liaise with local authorities",
                "advise on use of land",
                "green space strategies",
                "communicate with local residents",
                "smart city features",
                "use CAD software",
            ),
        ),
    ),
)

ENGINEERING_FIELDS = (
    CHEMICAL_ENGINEERING,
    CIVIL_ENGINEERING,
    MECHANICAL_ENGINEERING,
    ELECTRICAL_ENGINEERING,
    ARCHITECTURE,
    URBAN_PLANNING,
)
