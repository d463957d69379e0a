"""Demo fields in design and media, and translation and interpreting."""

from __future__ import annotations

from talentmatch.demo.fields.model import Field, Role

UX_DESIGN = Field(
    key="ux_design",
    name="UX research and design",
    sector="Design and media",
    jobs=8,
    languages=(("en:C1", 4), ("en:B2 fi:B2", 1)),
    salary=(3700, 4700),
    sponsors=0.45,
    studies=("Human-Computer Interaction", "Design", "Cognitive Science"),
    remote=(20, 60, 20),
    internships=True,
    roles=(
        Role(
            "user experience analyst",
            "UX researcher",
            (
                "UX Researcher",
                "User Researcher",
                "Senior UX Researcher",
                "Käytettävyysasiantuntija",
            ),
            "You plan and run user interviews, usability tests and surveys, and turn what you "
            "learn into insights and design decisions with designers and product managers.",
            (
                "execute ICT user research activities",
                "conduct research interview",
                "measure software usability",
                "conduct qualitative research",
                "assess users' interaction with ICT applications",
                "create prototype of user experience solutions",
                "human-computer interaction",
                "report analysis results",
                "create website wireframe",
                "test system accessibility for users with special needs",
            ),
        ),
        Role(
            "user interface designer",
            "UX/UI designer",
            ("UX Designer", "UI Designer", "Product Designer", "Service Designer"),
            "You design user flows, wireframes and polished interfaces for web and mobile, test "
            "them with users and work closely with developers to ship them.",
            (
                "design user interface",
                "create website wireframe",
                "use methodologies for user-centered design",
                "software interaction design",
                "ICT accessibility standards",
                "draw design sketches",
                "translate requirements into visual design",
                "Prototyping development",
                "Agile development",
            ),
        ),
    ),
)

JOURNALISM = Field(
    key="journalism",
    name="Journalism",
    sector="Design and media",
    jobs=7,
    languages=(("en:C2", 3), ("fi:C1 en:B2", 2), ("en:C1 fi:B1", 2)),
    salary=(3100, 3800),
    sponsors=0.15,
    studies=("Journalism", "Media Studies", "Communication"),
    remote=(40, 55, 5),
    roles=(
        Role(
            "journalist",
            "journalist",
            (
                "Journalist",
                "Reporter",
                "Toimittaja",
                "News Reporter, English-language news",
                "Podcast Producer and Reporter",
            ),
            "You find stories, interview people and write news and features for our web, print "
            "and audio channels, often to tight deadlines and always to our editorial standards.",
            (
                "interview people",
                "writing techniques",
                "write to a deadline",
                "editorial standards",
                "follow ethical code of conduct of journalists",
                "build contacts to maintain news flow",
                "participate in editorial meetings",
                "create online news content",
                "check correctness of information",
                "perform video editing",
            ),
        ),
        Role(
            "newspaper editor",
            "news editor",
            ("News Editor", "Uutistuottaja", "Editor"),
            "You plan the day's news with reporters, edit their stories and decide what is "
            "published where.",
            (
                "editorial standards",
                "participate in editorial meetings",
                "follow the news",
                "check stories",
                "ensure consistency of published articles",
                "meet deadlines",
                "press law",
                "write headlines",
                "create online news content",
                "proofread text",
            ),
        ),
    ),
)

CONTENT = Field(
    key="content",
    name="Content and communications",
    sector="Design and media",
    jobs=8,
    languages=(("en:C2", 3), ("en:C1", 3), ("en:C1 fi:B2", 1), ("en:C1 sv:B2", 1)),
    salary=(3000, 3800),
    sponsors=0.25,
    studies=("Communication", "Marketing", "Languages and Literature"),
    remote=(20, 50, 30),
    internships=True,
    roles=(
        Role(
            "web content manager",
            "content specialist",
            ("Content Specialist", "Content Manager", "Sisällöntuottaja", "Content Designer"),
            "You plan, write and publish content for our website, newsletters and social media, "
            "follow analytics and improve findability.",
            (
                "provide written content",
                "use content management system software",
                "conduct search engine optimisation",
                "manage online content",
                "keywords in digital content",
                "conduct content quality assurance",
                "publishing strategy",
                "proofread text",
                "content marketing strategy",
                "perform copywriting",
            ),
        ),
        Role(
            "advertising copywriter",
            "copywriter",
            ("Copywriter", "Content Writer", "Senior Copywriter"),
            "You write campaign and product copy across channels from a brief, work with "
            "designers on concepts and adapt texts for different audiences.",
            (
                "create advertisements",
                "follow a brief",
                "develop creative ideas",
                "write to a deadline",
                "apply grammar and spelling rules",
                "meet expectations of target audience",
                "proofread text",
                "conduct search engine optimisation",
                "social media marketing techniques",
            ),
        ),
        Role(
            "digital marketing manager",
            "digital marketing specialist",
            ("Digital Marketing Specialist", "Social Media Specialist", "Markkinointiasiantuntija"),
            "You plan and run digital campaigns and our social media channels, follow analytics "
            "and report what works.",
            (
                "plan digital marketing",
                "social media management",
                "apply social media marketing",
                "web analytics",
                "online ads campaign techniques",
                "plan social media marketing campaigns",
                "execute email marketing",
                "conduct search engine optimisation",
            ),
        ),
    ),
)

TRANSLATION = Field(
    key="translation",
    name="Translation and interpreting",
    sector="Translation and interpreting",
    jobs=8,
    languages=(
        ("fi:C2 en:C1", 3),
        ("en:C2 fi:C1", 2),
        ("sv:C2 fi:C1", 1),
        ("en:C2 ru:C2 fi:B2", 1),
        ("en:C2 de:C2", 1),
    ),
    salary=(2900, 3600),
    sponsors=0.15,
    studies=("Translation Studies", "Languages and Literature", "Linguistics"),
    remote=(20, 30, 50),
    part_time=0.2,
    roles=(
        Role(
            "translator",
            "translator",
            (
                "Translator",
                "Kääntäjä",
                "Localisation Specialist",
                "Technical Translator",
            ),
            "You translate and revise technical, legal and marketing texts, using translation "
            "memory tools and keeping terminology consistent for each client.",
            (
                "translate texts",
                "proofread text",
                "revise translation works",
                "follow translation quality standards",
                "master language rules",
                "use computer-aided translation",
                "use translation memory software",
                "develop terminology databases",
                "postediting",
                "observe confidentiality",
            ),
        ),
        Role(
            "interpreter",
            "interpreter",
            ("Interpreter", "Tulkki", "Community Interpreter", "Asioimistulkki"),
            "You interpret in health, social and immigration services on site, by phone and "
            "video, and now and then at conferences.",
            (
                "interpret spoken language between two parties",
                "translate spoken language consecutively",
                "interpreting modes",
                "follow interpreting quality standards",
                "observe confidentiality",
                "preserve meaning of original speech",
                "medical terminology",
                "perform sight translation",
                "court interpreting",
            ),
        ),
    ),
)

MEDIA_FIELDS = (UX_DESIGN, JOURNALISM, CONTENT, TRANSLATION)
