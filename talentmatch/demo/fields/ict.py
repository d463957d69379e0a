"""Demo fields in ICT and data, and in science and laboratories."""

from __future__ import annotations

from talentmatch.demo.fields.model import Field, Role

ICT = Field(
    key="ict",
    name="ICT and data",
    sector="ICT and data",
    jobs=44,
    languages=(("en:B2", 5), ("en:C1", 3), ("en:B2 fi:B2", 1), ("en:C1 fi:C1", 1)),
    salary=(3800, 5000),
    sponsors=0.55,
    studies=("Computer Science", "Software Engineering", "Data Science", "Information Technology"),
    remote=(20, 55, 25),
    internships=True,
    roles=(
        Role(
            "software developer",
            "software developer",
            (
                "Software Developer",
                "Backend Developer",
                "Full-stack Developer",
                "Senior Software Developer",
                "Ohjelmistokehittäjä",
                "Java Developer",
            ),
            "You design, build and maintain the services behind our products together with "
            "product owners and designers. Code review, automated tests and continuous delivery "
            "are part of everyday work, and you take part in planning and estimating features.",
            (
                "computer programming",
                "debug software",
                "use software design patterns",
                "use software libraries",
                "analyse software specifications",
                "tools for software configuration management",
                "Java (computer programming)",
                "Python (computer programming)",
                "JavaScript",
                "SQL",
                "TypeScript",
            ),
        ),
        Role(
            "software tester",
            "QA and test automation engineer",
            (
                "QA Engineer",
                "Test Automation Engineer",
                "Software Tester",
                "Senior Test Automation Engineer",
                "Ohjelmistotestaaja",
            ),
            "You plan and run tests for web and mobile applications, write automated UI and API "
            "tests and keep them running in the CI pipeline. You report defects clearly, work "
            "closely with developers and help the team decide when a release is ready.",
            (
                "execute software tests",
                "report test findings",
                "perform software unit testing",
                "provide software testing documentation",
                "levels of software testing",
                "replicate customer software issues",
                "develop automated software tests",
                "tools for ICT test automation",
                "plan software testing",
                "Python (computer programming)",
                "execute integration testing",
            ),
        ),
        Role(
            "ICT test analyst",
            "test analyst",
            ("Test Analyst", "QA Analyst", "Testausasiantuntija"),
            "You turn requirements into test plans and test cases, coordinate acceptance testing "
            "with business users and follow quality metrics across releases. Part of the work is "
            "improving test automation together with the development teams.",
            (
                "plan software testing",
                "develop ICT test suite",
                "execute software tests",
                "report test findings",
                "set quality assurance objectives",
                "provide software testing documentation",
                "tools for ICT test automation",
                "develop automated software tests",
                "Agile project management",
            ),
        ),
        Role(
            "data warehouse designer",
            "data engineer",
            ("Data Engineer", "Senior Data Engineer", "ETL Developer", "Data Platform Engineer"),
            "You build and run the data pipelines and warehouse that our analysts and data "
            "scientists rely on: ingesting data from operational systems, modelling it and keeping "
            "it reliable. You work with SQL, Python and cloud data services.",
            (
                "data warehouse",
                "design database scheme",
                "manage database",
                "query languages",
                "migrate existing data",
                "database management systems",
                "analyse business requirements",
                "Python (computer programming)",
                "manage cloud data and storage",
                "perform data analysis",
                "data models",
            ),
            weight=2,
        ),
        Role(
            "data scientist",
            "data scientist",
            ("Data Scientist", "Machine Learning Engineer", "Senior Data Scientist"),
            "You build statistical and machine learning models that answer real business "
            "questions, from demand forecasts to recommendations. You prepare the data, test "
            "models carefully and present the results to people who are not data specialists.",
            (
                "data mining",
                "statistics",
                "perform data cleansing",
                "build recommender systems",
                "use databases",
                "deliver visual presentation of data",
                "report analysis results",
                "data models",
                "business intelligence",
                "create data models",
                "Hadoop",
            ),
        ),
        Role(
            "data analyst",
            "data analyst",
            ("Data Analyst", "BI Analyst", "Business Intelligence Developer", "Data-analyytikko"),
            "You turn data into reports and dashboards that teams use to make decisions. You "
            "clean and combine data from several sources, check its quality and explain what the "
            "numbers mean.",
            (
                "business intelligence",
                "apply statistical analysis techniques",
                "perform data cleansing",
                "data mining",
                "statistics",
                "query languages",
                "data quality assessment",
                "deliver visual presentation of data",
                "report analysis results",
                "web analytics",
                "use spreadsheets software",
            ),
        ),
        Role(
            "cloud engineer",
            "cloud engineer",
            ("Cloud Engineer", "DevOps Engineer", "Site Reliability Engineer", "Cloud Architect"),
            "You design and automate our cloud infrastructure, run deployments and monitoring and "
            "help development teams ship safely. Infrastructure as code, security and cost "
            "awareness are part of the job.",
            (
                "deploy cloud resource",
                "design cloud architecture",
                "automate cloud tasks",
                "cloud monitoring and reporting",
                "implement cloud security and compliance",
                "develop with cloud services",
                "plan migration to cloud",
                "cloud technologies",
                "Python (computer programming)",
                "ICT security standards",
            ),
        ),
        Role(
            "ICT security engineer",
            "cyber security specialist",
            (
                "Cyber Security Specialist",
                "Information Security Analyst",
                "Tietoturva-asiantuntija",
            ),
            "You assess security risks, monitor our systems and respond to incidents. You help "
            "teams follow security policies and standards and run security testing and audits.",
            (
                "cyber security",
                "identify ICT security risks",
                "perform risk analysis",
                "ICT security standards",
                "define security policies",
                "attack vectors",
                "ensure information security",
                "cloud security and compliance",
                "web application security threats",
                "Python (computer programming)",
            ),
        ),
        Role(
            "web developer",
            "frontend developer",
            ("Frontend Developer", "Web Developer", "React Developer"),
            "You build accessible, fast web interfaces together with designers and backend "
            "developers. You care about usability and write maintainable, tested code.",
            (
                "web programming",
                "implement front-end website design",
                "style sheet languages",
                "use markup languages",
                "World Wide Web Consortium standards",
                "debug software",
                "JavaScript",
                "TypeScript",
                "JavaScript Framework",
                "CSS",
            ),
        ),
    ),
)

SCIENCE = Field(
    key="science",
    name="Science and laboratories",
    sector="Science and labs",
    jobs=10,
    languages=(("en:C1", 3), ("en:B2", 3), ("en:B2 fi:B1", 2)),
    salary=(3200, 4200),
    sponsors=0.5,
    studies=("Chemistry", "Biochemistry", "Microbiology", "Biotechnology"),
    remote=(85, 15, 0),
    internships=True,
    roles=(
        Role(
            "analytical chemist",
            "analytical chemist",
            ("Analytical Chemist", "Laboratory Chemist", "QC Chemist"),
            "You develop and run analytical methods for raw materials and products, look after "
            "instruments such as HPLC and GC and report results to production and R&D.",
            (
                "analytical chemistry",
                "perform laboratory tests",
                "use chemical analysis equipment",
                "laboratory techniques",
                "apply safety procedures in laboratory",
                "statistics",
                "high-performance liquid chromatography",
                "gas chromatography",
                "oversee quality control",
            ),
        ),
        Role(
            "microbiologist",
            "microbiologist",
            ("Microbiologist", "Research Scientist, Microbiology"),
            "You plan and run microbiological studies in our research laboratory, analyse the data "
            "and write up the results for customers and partners.",
            (
                "microbiology-bacteriology",
                "detect microorganisms",
                "molecular biology",
                "apply scientific methods",
                "collect samples for analysis",
                "biotechnology",
                "laboratory techniques",
                "analyse cell cultures",
            ),
        ),
        Role(
            "scientific laboratory technician",
            "laboratory technician",
            ("Laboratory Technician", "Laborantti", "Research Technician"),
            "You prepare samples, run routine tests and keep the laboratory equipment calibrated "
            "and documented, following good laboratory practice.",
            (
                "perform laboratory tests",
                "prepare samples for testing",
                "record test data",
                "calibrate laboratory equipment",
                "laboratory techniques",
                "apply safety procedures in laboratory",
                "maintain laboratory equipment",
                "analyse test data",
                "report test findings",
            ),
        ),
    ),
)

ICT_FIELDS = (ICT, SCIENCE)
