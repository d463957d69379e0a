"""The demo catalogue in more than one language: Finnish and Swedish versions of a handful of
programmes, communities and events written in English, and a few items written in Finnish
(one with an English version, one for learners of Finnish with none), so that both what a
translation looks like and what a reader sees without one can be tried out."""

from __future__ import annotations

from talentmatch.demo.catalogue import CatalogueEntry, EventEntry, ProviderEntry
from talentmatch.models import OpportunityKind

_ESIMERKKI = "Demoaineiston esimerkkitapahtuma: päivämäärä ja yksityiskohdat ovat keksittyjä. "
_EXEMPEL = "Exempelevenemang i demodata: datum och detaljer är påhittade. "
_EXAMPLE = "Example event in the demo data: the date and details are illustrative. "

# By the title of the item in talentmatch.demo.catalogue: (title, description) per language.
VERSIONS: dict[str, dict[str, tuple[str, str]]] = {
    "International House Helsinki: services, networks and events": {
        "fi": (
            "International House Helsinki: palvelut, verkostot ja tapahtumat",
            "International House Helsinki on julkinen palvelupiste ihmisille, jotka ovat "
            "muuttaneet tai muuttamassa pääkaupunkiseudulle ulkomailta. Useat viranomaiset "
            "palvelevat uusia tulijoita samassa paikassa ja neuvovat esimerkiksi "
            "rekisteröitymisessä, verotuksessa, sosiaaliturvassa ja työllistymisessä. Lisäksi "
            "se järjestää infotilaisuuksia ja tapahtumia, joissa kansainväliset asukkaat voivat "
            "tavata toisiaan ja oppia asumisesta ja työskentelystä Suomessa.",
        ),
        "sv": (
            "International House Helsinki: tjänster, nätverk och evenemang",
            "International House Helsinki är den offentliga servicepunkten för dem som har "
            "flyttat eller håller på att flytta till huvudstadsregionen från utlandet. Flera "
            "myndigheter betjänar nyanlända på ett och samma ställe och ger råd om bland annat "
            "registrering, beskattning, social trygghet och sysselsättning. Där ordnas också "
            "informationstillfällen och evenemang där internationella invånare kan träffa "
            "varandra och lära sig mer om att bo och arbeta i Finland.",
        ),
    },
    "Business Helsinki: business and employment services": {
        "fi": (
            "Business Helsinki: yritys- ja työllisyyspalvelut",
            "Business Helsinki kokoaa yhteen Helsingin kaupungin palvelut yrityksille ja "
            "yrittäjille, myös neuvontaa yrityksen perustamista suunnitteleville. Kaupungin "
            "työllisyyspalvelut tukevat Helsingissä asuvia työnhakijoita. Hyödyllinen "
            "valmistuneille, jotka etsivät työtä tai harkitsevat oman yrityksen perustamista.",
        ),
        "sv": (
            "Business Helsinki: företags- och sysselsättningstjänster",
            "Business Helsinki samlar Helsingfors stads tjänster för företag och företagare, "
            "bland annat rådgivning för den som vill starta ett företag. Stadens "
            "sysselsättningstjänster stöder arbetssökande som bor i Helsingfors. Nyttigt för "
            "nyutexaminerade som söker arbete eller funderar på att grunda ett eget företag.",
        ),
    },
    "Hanken International Talent (HIT)": {
        "fi": (
            "Hanken International Talent (HIT)",
            "Hanken Svenska handelshögskolanin ohjelma, joka auttaa sen kansainvälisiä "
            "tutkinto-opiskelijoita löytämään tiensä suomalaiseen työelämään yrityskontaktien, "
            "uratapahtumien, ohjauksen ja mentoroinnin avulla. Se on tarkoitettu Hankenin "
            "kansainvälisille opiskelijoille, jotka haluavat aloittaa uransa Suomessa.",
        ),
        "sv": (
            "Hanken International Talent (HIT)",
            "Hanken Svenska handelshögskolans satsning som hjälper högskolans internationella "
            "examensstuderande att hitta in i det finländska arbetslivet genom "
            "företagskontakter, karriärevenemang, vägledning och mentorskap. Den är avsedd för "
            "internationella studerande vid Hanken som vill inleda sin karriär i Finland.",
        ),
    },
    "Career fair for international students and graduates": {
        "fi": (
            "Rekrytointimessut kansainvälisille opiskelijoille ja valmistuneille",
            _ESIMERKKI + "Tapaa pääkaupunkiseudun työnantajia, kysy avoimista tehtävistä ja "
            "harjoittelupaikoista ja kuule, millaisia taitoja ja kieliä he arvostavat.",
        ),
        "sv": (
            "Rekryteringsmässa för internationella studerande och nyutexaminerade",
            _EXEMPEL + "Träffa arbetsgivare från huvudstadsregionen, fråga om lediga jobb och "
            "traineeplatser och hör vilka färdigheter och språk de söker.",
        ),
    },
    "Information session: working in Finland": {
        "fi": (
            "Infotilaisuus: työskentely Suomessa",
            _ESIMERKKI + "Johdatus Suomessa työskentelyn käytännön asioihin uusille tulijoille: "
            "rekisteröityminen, verokortti, sosiaaliturva ja se, mistä saa neuvoja.",
        ),
        "sv": (
            "Informationstillfälle: att arbeta i Finland",
            _EXEMPEL + "En introduktion för nyanlända till det praktiska kring att arbeta i "
            "Finland: registrering, skattekort, social trygghet och var man får råd.",
        ),
    },
    # Written in Finnish (below), with an English version.
    "Työnhaun työpaja: hakemus ja haastattelu suomeksi": {
        "en": (
            "Job search workshop: applying and interviewing in Finnish",
            _EXAMPLE + "Practise writing a job application and going through a job interview "
            "in Finnish. The workshop is meant for people who already speak some Finnish "
            "(around level B1); we speak clear, unhurried Finnish and there is time for "
            "questions.",
        ),
    },
}

HELSINKI_CITY_LIBRARY = ProviderEntry(
    "Helsinki City Library",
    "https://www.helmet.fi",
    "Public library",
    "The City of Helsinki's public libraries, Oodi among them, with events and spaces open to "
    "everyone.",
)

# Written in Finnish. The language café is for people learning Finnish, so it has no other
# version: readers in English or Swedish see the Finnish text with a note saying so.
FINNISH_ITEMS = (
    CatalogueEntry(
        OpportunityKind.COMMUNITY,
        "Kielikahvila: puhu suomea rennosti",
        "Helsinki City Library",
        "https://www.helmet.fi",
        "Helsinki",
        "Kielikahvilassa harjoittelet suomen puhumista rennossa seurassa muiden kielenoppijoiden "
        "ja vapaaehtoisten kanssa. Puhumme arjen aiheista, kuten työstä, asumisesta ja "
        "vapaa-ajasta. Kaikki tasot ovat tervetulleita, myös aloittelijat, eikä kahvilaan "
        "tarvitse ilmoittautua etukäteen.",
        written_in="fi",
    ),
)

FINNISH_EVENTS = (
    EventEntry(
        "Työnhaun työpaja: hakemus ja haastattelu suomeksi",
        "Business Helsinki",
        "Helsinki",
        days_ahead=14,
        start_hour=13,
        hours=3,
        capacity=25,
        description=_ESIMERKKI + "Harjoittele työhakemuksen kirjoittamista ja työhaastattelua "
        "suomeksi. Työpaja on tarkoitettu niille, jotka jo osaavat jonkin verran suomea "
        "(noin taso B1); puhumme selkeää ja rauhallista suomea, ja kysymyksille on aikaa.",
        written_in="fi",
    ),
)
