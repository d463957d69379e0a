"""Demo fields in hospitality and tourism: kitchens, tourism, events."""

from __future__ import annotations

from talentmatch.demo.fields.model import Field, Role

COOKING = Field(
    key="cooking",
    name="Cooking and kitchens",
    sector="Hospitality and tourism",
    jobs=9,
    languages=(("en:B1", 3), ("en:B1 fi:A2", 2), ("fi:B1", 2)),
    salary=(2400, 2900),
    sponsors=0.35,
    studies=("Hospitality Management", "Culinary Arts"),
    part_time=0.25,
    roles=(
        Role(
            "cook",
            "cook",
            ("Kokki", "Cook", "Line Cook", "Kokki, lounasravintola", "Breakfast Cook"),
            "You prepare breakfast, lunch or à la carte dishes in our kitchen, follow recipes "
            "and hygiene rules (Finnish hygiene passport) and keep your station clean and stocked.",
            (
                "use cooking techniques",
                "comply with food safety and hygiene",
                "use food preparation techniques",
                "use food cutting tools",
                "work in a hospitality team",
                "ensure cleanliness of food preparation area",
                "store raw food materials",
                "receive kitchen supplies",
                "plan menus",
                "prepare desserts",
            ),
        ),
        Role(
            "chef",
            "chef",
            ("Chef de Partie", "Sous Chef", "Keittiömestari", "Head Chef"),
            "You lead a kitchen section or the whole kitchen: menus, ordering, food costs, food "
            "waste and guiding the cooks on shift.",
            (
                "plan menus",
                "instruct kitchen personnel",
                "comply with food safety and hygiene",
                "control of expenses",
                "develop food waste reduction strategies",
                "use cooking techniques",
                "manage staff",
                "order supplies",
                "schedule shifts",
            ),
        ),
    ),
)

TOURISM = Field(
    key="tourism",
    name="Tourism",
    sector="Hospitality and tourism",
    jobs=7,
    languages=(
        ("en:C1", 3),
        ("en:C1 fi:B1", 2),
        ("en:C1 ja:C1", 1),
        ("en:C1 de:B2", 1),
        ("en:C1 zh:C1", 1),
        ("en:C1 sv:B1", 1),
    ),
    salary=(2400, 2900),
    sponsors=0.3,
    studies=("Tourism and Hospitality Management", "Hospitality Management"),
    part_time=0.3,
    roles=(
        Role(
            "tourist guide",
            "tour guide",
            (
                "Tour Guide",
                "City Guide",
                "Matkaopas",
                "Day Tour Guide, Suomenlinna and Helsinki",
            ),
            "You guide visitor groups in Helsinki and on day trips, tell the stories of the places "
            "you visit, take care of the group's safety and schedule, and deal with surprises "
            "calmly.",
            (
                "manage tourist groups",
                "escort visitors to places of interest",
                "sightseeing information",
                "provide visitor information",
                "speak different languages",
                "ensure health and safety of visitors",
                "maintain customer service",
                "apply foreign languages in tourism",
                "handle customer complaints",
            ),
        ),
        Role(
            "travel agent",
            "travel consultant",
            ("Travel Consultant", "Matkaneuvoja", "Incentive Travel Coordinator"),
            "You plan and book trips and incentive travel for companies and private customers, "
            "put together itineraries and look after travellers before and during the trip.",
            (
                "oversee all travel arrangements",
                "process booking",
                "provide tourism related information",
                "sell tourist packages",
                "identify customer's needs",
                "maintain customer service",
                "apply foreign languages in tourism",
                "use global distribution system",
                "coordinate events",
            ),
            workplaces=("travel_agency",),
        ),
    ),
)

EVENTS = Field(
    key="events",
    name="Events and conferences",
    sector="Hospitality and tourism",
    jobs=7,
    languages=(("en:C1", 3), ("en:B2 fi:B2", 3), ("fi:C1 en:B2", 1)),
    salary=(2800, 3400),
    sponsors=0.2,
    studies=("Tourism and Hospitality Management", "Event Management", "Communication"),
    remote=(60, 40, 0),
    roles=(
        Role(
            "event manager",
            "event coordinator",
            (
                "Event Coordinator",
                "Event Manager",
                "Tapahtumakoordinaattori",
                "Conference Coordinator",
            ),
            "You plan and run conferences, company events and incentive programmes: venues, "
            "suppliers, budgets, registration and the day itself.",
            (
                "plan events",
                "coordinate events",
                "negotiate contracts with event providers",
                "organise event participants' registration",
                "supervise event staff",
                "evaluate events",
                "select event providers",
                "liaise with event sponsors",
                "solicit event publicity",
            ),
        ),
        Role(
            "event assistant",
            "event assistant",
            ("Event Assistant", "Tapahtuma-assistentti", "Event Producer, Junior"),
            "You help produce events from booking speakers and catering to running registration "
            "and on-site logistics.",
            (
                "organise event participants' registration",
                "coordinate catering",
                "select event providers",
                "promote event",
                "monitor event activities",
                "meet deadlines",
                "process booking",
                "make logistical arrangements",
            ),
        ),
    ),
)

HOSPITALITY_FIELDS = (COOKING, TOURISM, EVENTS)
