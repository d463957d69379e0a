"""Name material for generated demo people and companies (all fictional)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    """Where a generated graduate grew up: names, mother tongue, and EU/EEA freedom to work."""

    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    mother_tongue: str  # ISO 639-1
    eu_eea: bool
    english_native: bool = False


ORIGINS = (
    Origin(
        ("Chinedu", "Ngozi", "Tunde", "Amaka", "Emeka"), ("Okafor", "Adeyemi", "Eze"), "yo", False
    ),
    Origin(
        ("Priya", "Arjun", "Ananya", "Rahul", "Divya"),
        ("Sharma", "Iyer", "Reddy", "Nair"),
        "hi",
        False,
    ),
    Origin(("Wei", "Li Na", "Jun", "Xiaoyu", "Hao"), ("Wang", "Zhang", "Chen", "Liu"), "zh", False),
    Origin(("Linh", "Minh", "Thu", "Quang"), ("Nguyen", "Tran", "Pham", "Le"), "vi", False),
    Origin(("Lucas", "Beatriz", "Rafael", "Camila"), ("Silva", "Santos", "Oliveira"), "pt", False),
    Origin(("Diego", "Valeria", "Sofía", "Mateo"), ("García", "Hernández", "Ramírez"), "es", False),
    Origin(
        ("Olena", "Dmytro", "Iryna", "Andriy"),
        ("Shevchenko", "Kovalenko", "Bondarenko"),
        "uk",
        False,
    ),
    Origin(("Sara", "Reza", "Maryam", "Ali"), ("Hosseini", "Karimi", "Moradi"), "fa", False),
    Origin(("Ayesha", "Usman", "Hira", "Bilal"), ("Khan", "Qureshi", "Malik"), "ur", False),
    Origin(("Nusrat", "Tanvir", "Farhana", "Rafiq"), ("Rahman", "Hossain", "Islam"), "bn", False),
    Origin(("Sita", "Bikash", "Anjali", "Prakash"), ("Shrestha", "Gurung", "Thapa"), "ne", False),
    Origin(("Omar", "Nour", "Youssef", "Salma"), ("Hassan", "Mahmoud", "Ibrahim"), "ar", False),
    Origin(("Elif", "Emre", "Zeynep", "Burak"), ("Yılmaz", "Demir", "Kaya"), "tr", False),
    Origin(("Lena", "Jonas", "Miriam", "Felix"), ("Müller", "Schneider", "Becker"), "de", True),
    Origin(("Lucía", "Pablo", "Marta", "Javier"), ("Fernández", "López", "Martín"), "es", True),
    Origin(("Giulia", "Marco", "Chiara", "Luca"), ("Rossi", "Bianchi", "Romano"), "it", True),
    Origin(("Camille", "Julien", "Léa", "Hugo"), ("Martin", "Dubois", "Lefèvre"), "fr", True),
    Origin(
        ("Zofia", "Jakub", "Katarzyna", "Piotr"), ("Nowak", "Kowalski", "Wiśniewska"), "pl", True
    ),
    Origin(("Kertu", "Martin", "Liis", "Rasmus"), ("Tamm", "Saar", "Kask"), "et", True),
    Origin(
        ("Wanjiru", "Kamau", "Achieng", "Otieno"), ("Mwangi", "Odhiambo", "Njoroge"), "sw", False
    ),
    Origin(("Kwame", "Ama", "Kofi", "Efua"), ("Mensah", "Boateng", "Owusu"), "ak", False),
    Origin(("Maria", "Jose", "Angelica", "Paolo"), ("Santos", "Reyes", "Cruz"), "tl", False),
    Origin(("Putri", "Budi", "Dewi", "Agus"), ("Wijaya", "Santoso", "Pratama"), "id", False),
    Origin(("Yuki", "Haruto", "Aiko", "Ren"), ("Sato", "Suzuki", "Tanaka"), "ja", False),
    Origin(("Ji-woo", "Min-jun", "Seo-yeon", "Hyun"), ("Kim", "Park", "Lee"), "ko", False),
    Origin(
        ("Emily", "Jacob", "Hannah", "Tyler"), ("Johnson", "Miller", "Davis"), "en", False, True
    ),
    Origin(
        ("Oliver", "Charlotte", "Harry", "Amelia"), ("Smith", "Taylor", "Evans"), "en", False, True
    ),
    Origin(("Andrés", "Daniela", "Camilo", "Laura"), ("Gómez", "Rodríguez", "Vargas"), "es", False),
    Origin(("Abebe", "Hanna", "Dawit", "Selam"), ("Tesfaye", "Bekele", "Girma"), "am", False),
    Origin(("Elsa", "Axel", "Maja", "Oskar"), ("Lindqvist", "Berg", "Nyström"), "sv", True),
)

# Recruiters at generated employers: names common in Finland.
CONTACT_FIRST_NAMES = (
    "Aino",
    "Eero",
    "Helmi",
    "Juho",
    "Laura",
    "Mikko",
    "Noora",
    "Otto",
    "Riikka",
    "Sanna",
    "Tuomas",
    "Veera",
    "Ville",
    "Johanna",
    "Antti",
    "Katja",
    "Pekka",
    "Elina",
    "Sami",
    "Hanna",
)
CONTACT_LAST_NAMES = (
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Mäkelä",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Saarinen",
    "Salminen",
    "Lindholm",
    "Karlsson",
    "Nyberg",
)

# Company names are a Finnish word plus a line of business; the words were picked so that the
# combinations read as plausible but fictional firms.
COMPANY_WORDS = (
    "Revontuli",
    "Kajo",
    "Lumo",
    "Kide",
    "Tuulikki",
    "Virtaus",
    "Kivikko",
    "Honkala",
    "Ilmari",
    "Merituuli",
    "Louhi",
    "Tapiola",
    "Pohjantähti",
    "Saarni",
    "Vaski",
    "Helmi",
    "Kuura",
    "Hanki",
    "Lakka",
    "Mänty",
    "Koivikko",
    "Usva",
    "Kanerva",
    "Kaarna",
    "Selkä",
    "Ahven",
    "Kallio",
    "Laituri",
    "Majakka",
    "Puro",
    "Routa",
    "Siru",
    "Taimi",
    "Utu",
    "Valo",
    "Ydin",
    "Kuusi",
    "Tähkä",
    "Lähde",
    "Kaste",
)

# Swedish-speaking schools are named after a place, in the genitive: "Stiftelsen Björkuddens skola".
SWEDISH_PLACE_WORDS = (
    "Björkuddens",
    "Strandvikens",
    "Ekbackens",
    "Solhagens",
    "Granåsens",
    "Lindängens",
    "Havsuddens",
    "Rönnbackens",
)
