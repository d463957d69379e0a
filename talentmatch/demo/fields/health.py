"""Demo fields in health and care: nursing, dentistry, laboratories, psychology, veterinary."""

from __future__ import annotations

from talentmatch.demo.fields.model import Field, Role

NURSING = Field(
    key="nursing",
    name="Nursing",
    sector="Health and care",
    jobs=16,
    # Patient work in Finland needs Finnish (or Swedish); some units recruit with B1 and teach.
    languages=(
        ("fi:B2", 4),
        ("fi:B2 en:B2", 3),
        ("fi:C1", 2),
        ("fi:B1 en:B2", 1),
        ("fi:B2 sv:B1", 1),
    ),
    salary=(2900, 3400),
    sponsors=0.35,
    studies=("Nursing",),
    part_time=0.15,
    roles=(
        Role(
            "nurse responsible for general care",
            "registered nurse",
            (
                "Sairaanhoitaja",
                "Registered Nurse",
                "Sairaanhoitaja, päivystys",
                "Sairaanhoitaja, sisätautien osasto",
                "Sairaanhoitaja, kotisairaala",
                "Registered Nurse, Surgical Ward",
                "Sairaanhoitaja, leikkausosasto",
                "Kesäsairaanhoitaja",
            ),
            "You plan and give nursing care to patients on the ward, give medication, follow "
            "patients' condition and record it in the patient information system. You work in a "
            "multi-professional team with doctors and practical nurses, and you guide patients "
            "and their families. A Finnish nursing licence (Valvira) is required or in progress.",
            (
                "implement fundamentals of nursing",
                "plan nursing care",
                "safe management of medicines",
                "infection control",
                "use electronic health records in nursing",
                "follow clinical guidelines",
                "communicate in healthcare",
                "apply person-centred care",
                "deal with emergency care situations",
                "acute care",
                "perform venous cannulation ",
                "provide palliative care",
                "use foreign languages in patient care",
            ),
        ),
    ),
)

DENTISTRY = Field(
    key="dentistry",
    name="Dentistry and oral health",
    sector="Health and care",
    jobs=9,
    languages=(("fi:B2", 3), ("fi:C1", 2), ("fi:B2 en:B2", 2), ("fi:B2 sv:B1", 1)),
    salary=(4800, 6500),
    sponsors=0.2,
    studies=("Dentistry", "Oral Hygiene"),
    part_time=0.2,
    roles=(
        Role(
            "dental practitioner",
            "dentist",
            (
                "Hammaslääkäri",
                "General Dentist",
                "Dentist",
                "Hammaslääkäri, yleishammashoito",
            ),
            "You examine and treat patients of all ages at our clinic: check-ups, fillings, "
            "periodontal care and emergency treatment, with your own dental nurse. You explain "
            "treatment options to patients and keep careful records. A Finnish licence to practise "
            "(Valvira) is required or in progress.",
            (
                "perform oral health diagnosis",
                "perform dental clinical examination",
                "treat tooth decay",
                "provide periodontal treatment",
                "discuss dental treatment options with patient",
                "carry out local anesthesia in dental procedures",
                "deal with patients' anxiety",
                "follow clinical guidelines",
                "communicate in healthcare",
                "use foreign languages in patient care",
                "manage healthcare staff",
            ),
            weight=2,
        ),
        Role(
            "dental hygienist",
            "dental hygienist",
            ("Suuhygienisti", "Dental Hygienist"),
            "You carry out preventive oral care: removing calculus, dental charting and "
            "radiographs, and advising patients on home care and nutrition.",
            (
                "perform dental hygiene interventions",
                "remove calculus, plaque and stains",
                "perform dental charting",
                "perform dental radiographs",
                "educate on oral healthcare and disease prevention",
                "communicate in healthcare",
                "manage infection control in the facility",
                "use foreign languages in patient care",
            ),
        ),
    ),
)

BIOMEDICAL_LAB = Field(
    key="biomedical_lab",
    name="Biomedical laboratory science",
    sector="Health and care",
    jobs=8,
    languages=(("fi:B2", 3), ("fi:B1 en:B2", 2), ("fi:B2 en:B1", 2)),
    salary=(2900, 3400),
    sponsors=0.25,
    studies=("Biomedical Laboratory Science",),
    roles=(
        Role(
            "biomedical scientist",
            "biomedical laboratory scientist",
            (
                "Bioanalyytikko",
                "Biomedical Laboratory Scientist",
                "Bioanalyytikko, kliininen kemia",
                "Bioanalyytikko, hematologia",
                "Laboratory Scientist, Microbiology",
            ),
            "You take and analyse patient samples in clinical chemistry, haematology or "
            "microbiology, run and maintain the automated analysers and validate results for "
            "doctors. Quality control and careful documentation are part of every shift.",
            (
                "clinical biochemistry",
                "biological haematology",
                "techniques of blood-sampling",
                "automated analysers in the medical laboratory",
                "validate biomedical analysis results",
                "apply safety procedures in laboratory",
                "microbiology-bacteriology",
                "provide test results to medical staff",
                "record data from biomedical tests",
                "collect biological samples from patients",
                "use foreign languages in patient care",
            ),
        ),
    ),
)

PSYCHOLOGY = Field(
    key="psychology",
    name="Psychology",
    sector="Health and care",
    jobs=8,
    languages=(("fi:C1", 3), ("fi:B2 en:C1", 2), ("fi:C1 sv:B1", 1), ("en:C1 fi:B1", 1)),
    salary=(3700, 4500),
    sponsors=0.1,
    studies=("Psychology",),
    remote=(75, 20, 5),
    part_time=0.15,
    roles=(
        Role(
            "psychologist",
            "psychologist",
            ("Psykologi", "Psychologist", "Psykologi, työterveyshuolto"),
            "You assess clients' psychological wellbeing and give short-term counselling and "
            "therapy, alone and in a multi-professional team. You write statements and refer "
            "clients on when needed. A Finnish licence (Valvira) as a psychologist is required.",
            (
                "conduct psychological assessement",
                "psychological diagnostics",
                "counsel clients",
                "psychological interventions",
                "interpret psychological tests",
                "identify mental health issues",
                "listen actively",
                "clinical reports",
                "crisis intervention",
                "promote mental health",
            ),
            workplaces=("healthcare_provider", "hospital"),
        ),
        Role(
            "clinical psychologist",
            "clinical psychologist",
            ("Clinical Psychologist", "Kliininen psykologi", "Psykologi, aikuispsykiatria"),
            "You carry out psychological assessments and therapy in specialised mental health "
            "care, working closely with psychiatrists and nurses.",
            (
                "provide clinical psychological assessment",
                "employ cognitive behaviour treatment techniques",
                "diagnosis of mental health issues",
                "perform therapy sessions",
                "clinical reports",
                "crisis intervention",
                "interpret psychological tests",
                "multi-professional cooperation in health care",
                "use foreign languages in patient care",
            ),
            workplaces=("healthcare_provider", "hospital"),
        ),
        Role(
            "educational psychologist",
            "school psychologist",
            ("Koulupsykologi", "School Psychologist"),
            "You support pupils' learning and wellbeing: assessments, counselling, and working "
            "with teachers and families in the school's student welfare team.",
            (
                "school psychology",
                "counsel students",
                "perform educational testing",
                "interpret psychological tests",
                "developmental psychology",
                "crisis intervention",
                "liaise with educational staff",
                "learning difficulties",
            ),
            workplaces=("school",),
        ),
    ),
)

VETERINARY = Field(
    key="veterinary",
    name="Veterinary medicine",
    sector="Health and care",
    jobs=8,
    languages=(("fi:B1 en:B2", 3), ("fi:B2", 2), ("en:C1", 2)),
    salary=(4200, 5500),
    sponsors=0.35,
    studies=("Veterinary Medicine", "Veterinary Nursing"),
    part_time=0.15,
    roles=(
        Role(
            "general veterinarian",
            "veterinarian",
            ("Eläinlääkäri", "Veterinarian", "Small Animal Veterinarian", "Pieneläinlääkäri"),
            "You examine and treat dogs, cats and other small animals at our clinic: "
            "consultations, diagnostics, vaccinations and surgery. You advise owners clearly "
            "and take part in on-call shifts. A Finnish licence to practise is required or in "
            "progress.",
            (
                "perform veterinary diagnosis",
                "conduct veterinary consultation",
                "perform surgical procedures on animals",
                "provide anaesthetics to animals",
                "prescribe animal medications",
                "handle veterinary emergencies",
                "maintain veterinary clinical records",
                "manage the use of vaccines",
                "interview animal owners on animals' conditions",
                "maintain relationship with customers",
            ),
            weight=2,
        ),
        Role(
            "veterinary nurse",
            "veterinary nurse",
            ("Eläinhoitaja", "Veterinary Nurse", "Klinikkaeläinhoitaja"),
            "You assist veterinarians in examinations and surgery, nurse hospitalised animals and "
            "guide owners at reception.",
            (
                "assist in veterinary surgery",
                "provide nursing care for hospitalised animals",
                "prepare animals for anaesthesia",
                "manage infection control in the facility",
                "provide support to veterinary clients",
                "maintain veterinary clinical records",
                "handle veterinary patients",
                "administer appointments",
            ),
        ),
    ),
)

HEALTH_FIELDS = (NURSING, DENTISTRY, BIOMEDICAL_LAB, PSYCHOLOGY, VETERINARY)
