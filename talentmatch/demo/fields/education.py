"""Demo fields in education and social services."""

from __future__ import annotations

from talentmatch.demo.fields.model import Field, Role

CLASS_TEACHING = Field(
    key="class_teaching",
    name="Class teaching",
    sector="Education",
    jobs=12,
    languages=(("fi:C2", 3), ("fi:C1 en:C2", 2)),
    salary=(3300, 3900),
    sponsors=0.1,
    studies=("Class Teacher Education", "Education"),
    roles=(
        Role(
            "primary school teacher",
            "class teacher",
            (
                "Luokanopettaja",
                "Class Teacher",
                "Luokanopettaja, englanninkielinen opetus",
                "Class Teacher, Grades 1–6",
            ),
            "You teach your own class in grades 1–6, plan lessons following the national core "
            "curriculum, assess pupils' progress and work with parents and the student welfare "
            "team. A Finnish teacher qualification is required or in progress.",
            (
                "teach primary education class content",
                "prepare lesson content",
                "perform classroom management",
                "assess students",
                "adapt teaching to student's capabilities",
                "apply intercultural teaching strategies",
                "maintain relations with children's parents",
                "curriculum objectives",
                "special needs education",
                "work with virtual learning environments",
            ),
            workplaces=("school",),
        ),
        Role(
            "primary school teacher",
            "class teacher in a Swedish-speaking school",
            (
                "Klasslärare",
                "Klasslärare, årskurs 1–6",
                "Klasslärare med inriktning på specialundervisning",
                "Lärare i årskurs 3",
            ),
            "You teach your own class in grades 1–6 in a Swedish-speaking school, plan lessons "
            "following the national core curriculum, assess pupils and work with parents and "
            "colleagues. Teaching is in Swedish; a class teacher qualification (behörighet som "
            "klasslärare) is required or in progress.",
            (
                "teach primary education class content",
                "prepare lesson content",
                "perform classroom management",
                "assess students",
                "adapt teaching to student's capabilities",
                "maintain relations with children's parents",
                "curriculum objectives",
                "apply intercultural teaching strategies",
                "special needs education",
            ),
            languages=(("sv:C2", 2), ("sv:C1 fi:B1", 3), ("sv:C2 fi:B2", 1)),
            weight=2,
            workplaces=("swedish_school",),
        ),
        Role(
            "special educational needs teacher primary school",
            "special needs teacher",
            ("Erityisluokanopettaja", "Special Needs Teacher"),
            "You teach a small group of pupils who need special support and plan individual "
            "learning with the class teachers, families and therapists.",
            (
                "special needs education",
                "adapt teaching to student's capabilities",
                "perform classroom management",
                "learning difficulties",
                "assess students",
                "maintain relations with children's parents",
                "prepare lesson content",
            ),
            workplaces=("school",),
        ),
    ),
)

EARLY_CHILDHOOD = Field(
    key="early_childhood",
    name="Early childhood education",
    sector="Education",
    jobs=9,
    languages=(("fi:B2", 2), ("fi:C1", 2), ("en:C1 fi:B1", 2)),
    salary=(2900, 3300),
    sponsors=0.15,
    studies=("Early Childhood Education", "Education"),
    part_time=0.1,
    roles=(
        Role(
            "early years teacher",
            "early childhood teacher",
            (
                "Varhaiskasvatuksen opettaja",
                "Early Childhood Teacher",
                "Early Childhood Teacher, English-language group",
                "Lastentarhanopettaja",
            ),
            "You plan and lead pedagogy for a group of children aged 3–6 following the early "
            "childhood education curriculum, observe each child's development and work with "
            "parents and the childcare team.",
            (
                "teach kindergarten class content",
                "assess the development of youth",
                "support children's wellbeing",
                "implement care programmes for children",
                "apply teaching strategies",
                "children's physical development",
                "kindergarten school procedures",
                "maintain relations with children's parents",
                "first aid",
                "language teaching methods",
            ),
            workplaces=("daycare",),
        ),
        Role(
            "early years teacher",
            "early childhood teacher in a Swedish-speaking daycare",
            ("Barnträdgårdslärare", "Lärare inom småbarnspedagogik"),
            "You plan and lead pedagogy for a group of children in a Swedish-speaking daycare, "
            "observe each child's development and work with families and the team. The working "
            "language with children and parents is Swedish.",
            (
                "teach kindergarten class content",
                "assess the development of youth",
                "support children's wellbeing",
                "implement care programmes for children",
                "apply teaching strategies",
                "maintain relations with children's parents",
                "kindergarten school procedures",
                "first aid",
            ),
            languages=(("sv:C1", 2), ("sv:C1 fi:B1", 1)),
            workplaces=("swedish_school",),
        ),
    ),
)

SOCIAL_SERVICES = Field(
    key="social_services",
    name="Social services",
    sector="Social services",
    jobs=10,
    languages=(
        ("fi:C1", 3),
        ("fi:B2 en:B2", 2),
        ("fi:B2 ar:C1", 1),
        ("fi:B2 ru:C1", 1),
        ("fi:B2 so:C1", 1),
    ),
    salary=(3100, 3700),
    sponsors=0.1,
    studies=("Social Services", "Social Work", "Youth Work"),
    roles=(
        Role(
            "social worker",
            "social worker",
            ("Sosiaalityöntekijä", "Social Worker", "Sosiaalityöntekijä, aikuissosiaalityö"),
            "You assess clients' situations, plan services with them and make decisions in "
            "adult or family social work, working with other authorities and organisations.",
            (
                "apply case management",
                "assess social service users' situation",
                "provide social counselling",
                "plan social service process",
                "legal requirements in the social sector",
                "deliver social services in diverse cultural communities",
                "apply crisis intervention",
                "advocate for social service users",
                "family law",
            ),
        ),
        Role(
            "social care worker",
            "social counsellor",
            ("Sosiaaliohjaaja", "Social Counsellor", "Ohjaaja, maahanmuuttajapalvelut"),
            "You guide clients in everyday matters such as housing, money and studies, and help "
            "them use services. Much of the work is with newcomers and young adults.",
            (
                "provide social counselling",
                "support service users in developing skills",
                "deliver social services in diverse cultural communities",
                "assess social service users' situation",
                "promote service users' rights",
                "listen actively",
                "advise on housing",
                "apply foreign languages in social services",
            ),
        ),
        Role(
            "youth worker",
            "youth worker",
            ("Nuoriso-ohjaaja", "Youth Worker"),
            "You run activities and groups for young people at our youth centre and online, "
            "meet young people individually and work with schools and families.",
            (
                "promote youth work in the local community",
                "support the positiveness of youths",
                "assess the development of youth",
                "communicate about youth's well-being",
                "perform street interventions in social work",
                "work within communities",
                "work for public inclusion",
            ),
            workplaces=("social_services",),
        ),
    ),
)

EDUCATION_FIELDS = (CLASS_TEACHING, EARLY_CHILDHOOD, SOCIAL_SERVICES)
