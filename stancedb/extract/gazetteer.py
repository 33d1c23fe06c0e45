"""A general gazetteer: countries, international organisations, armed groups, government
bodies and news organisations, with their common variants, adjectives, capitals and seats of
government (metonyms: "Moscow says" is Russia speaking). Country names not listed here come
from pycountry. Nothing here is specific to any article.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

# canonical: (variants, adjectives and demonyms, capitals and seats of government)
COUNTRIES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "United States": (("US", "U.S.", "U.S", "USA", "U.S.A.", "America", "United States of America",
                       "the United States", "the US", "the U.S."),
                      ("American", "Americans", "US", "U.S."),
                      ("Washington", "White House", "State Department", "Pentagon",
                       "U.S. State Department", "US State Department", "Department of State")),
    "Russia": (("Russian Federation", "the Russian Federation"), ("Russian", "Russians"),
               ("Moscow", "Kremlin", "the Kremlin")),
    "United Kingdom": (("UK", "U.K.", "Britain", "Great Britain", "the UK", "the United Kingdom"),
                       ("British", "Briton", "Britons"),
                       ("London", "Downing Street", "Whitehall", "Foreign Office")),
    "France": ((), ("French", "Frenchman"), ("Paris", "Elysee", "Élysée", "Quai d'Orsay")),
    "Germany": ((), ("German", "Germans"), ("Berlin",)),
    "China": (("People's Republic of China", "PRC"), ("Chinese",), ("Beijing",)),
    "Syria": (("Syrian Arab Republic",), ("Syrian", "Syrians"), ("Damascus",)),
    "Iran": (("Islamic Republic of Iran",), ("Iranian", "Iranians"), ("Tehran",)),
    "Iraq": ((), ("Iraqi", "Iraqis"), ("Baghdad",)),
    "Turkey": (("Türkiye",), ("Turkish", "Turks"), ("Ankara",)),
    "Israel": ((), ("Israeli", "Israelis"), ()),
    "Saudi Arabia": ((), ("Saudi", "Saudis"), ("Riyadh",)),
    "Egypt": ((), ("Egyptian", "Egyptians"), ("Cairo",)),
    "Ukraine": ((), ("Ukrainian", "Ukrainians"), ("Kyiv", "Kiev")),
    "Japan": ((), ("Japanese",), ("Tokyo",)),
    "India": ((), ("Indian", "Indians"), ("New Delhi",)),
    "Pakistan": ((), ("Pakistani", "Pakistanis"), ("Islamabad",)),
    "Afghanistan": ((), ("Afghan", "Afghans"), ("Kabul",)),
    "Qatar": ((), ("Qatari", "Qataris"), ("Doha",)),
    "Jordan": ((), ("Jordanian", "Jordanians"), ("Amman",)),
    "Lebanon": ((), ("Lebanese",), ("Beirut",)),
    "Libya": ((), ("Libyan", "Libyans"), ("Tripoli",)),
    "Yemen": ((), ("Yemeni", "Yemenis"), ("Sanaa",)),
    "North Korea": (("DPRK",), ("North Korean", "North Koreans"), ("Pyongyang",)),
    "South Korea": ((), ("South Korean", "South Koreans"), ("Seoul",)),
    "Canada": ((), ("Canadian", "Canadians"), ("Ottawa",)),
    "Mexico": ((), ("Mexican", "Mexicans"), ("Mexico City",)),
    "Brazil": ((), ("Brazilian", "Brazilians"), ("Brasilia", "Brasília")),
    "Italy": ((), ("Italian", "Italians"), ("Rome",)),
    "Spain": ((), ("Spanish", "Spaniards"), ("Madrid",)),
    "Poland": ((), ("Polish", "Poles"), ("Warsaw",)),
    "Greece": ((), ("Greek", "Greeks"), ("Athens",)),
    "Netherlands": (("Holland", "the Netherlands"), ("Dutch",), ("The Hague", "Amsterdam")),
    "Belgium": ((), ("Belgian", "Belgians"), ()),
    "Sweden": ((), ("Swedish", "Swedes"), ("Stockholm",)),
    "Norway": ((), ("Norwegian", "Norwegians"), ("Oslo",)),
    "Denmark": ((), ("Danish", "Danes"), ("Copenhagen",)),
    "Finland": ((), ("Finnish", "Finns"), ("Helsinki",)),
    "Switzerland": ((), ("Swiss",), ("Bern",)),
    "Austria": ((), ("Austrian", "Austrians"), ("Vienna",)),
    "Hungary": ((), ("Hungarian", "Hungarians"), ("Budapest",)),
    "Venezuela": ((), ("Venezuelan", "Venezuelans"), ("Caracas",)),
    "Cuba": ((), ("Cuban", "Cubans"), ("Havana",)),
    "Australia": ((), ("Australian", "Australians"), ("Canberra",)),
    "Nigeria": ((), ("Nigerian", "Nigerians"), ("Abuja",)),
    "South Africa": ((), ("South African", "South Africans"), ("Pretoria",)),
    "Kenya": ((), ("Kenyan", "Kenyans"), ("Nairobi",)),
    "Ethiopia": ((), ("Ethiopian", "Ethiopians"), ("Addis Ababa",)),
    "Sudan": ((), ("Sudanese",), ("Khartoum",)),
    "Somalia": ((), ("Somali", "Somalis"), ("Mogadishu",)),
    "Algeria": ((), ("Algerian", "Algerians"), ("Algiers",)),
    "Morocco": ((), ("Moroccan", "Moroccans"), ("Rabat",)),
    "Tunisia": ((), ("Tunisian", "Tunisians"), ("Tunis",)),
    "United Arab Emirates": (("UAE", "U.A.E."), ("Emirati", "Emiratis"), ("Abu Dhabi",)),
    "Kuwait": ((), ("Kuwaiti", "Kuwaitis"), ()),
    "Bahrain": ((), ("Bahraini", "Bahrainis"), ("Manama",)),
    "Oman": ((), ("Omani", "Omanis"), ("Muscat",)),
    "Azerbaijan": ((), ("Azerbaijani", "Azeri"), ("Baku",)),
    "Armenia": ((), ("Armenian", "Armenians"), ("Yerevan",)),
    "Belarus": ((), ("Belarusian", "Belarusians"), ("Minsk",)),
    "Kazakhstan": ((), ("Kazakh",), ("Astana",)),
    "Indonesia": ((), ("Indonesian", "Indonesians"), ("Jakarta",)),
    "Philippines": (("the Philippines",), ("Filipino", "Philippine"), ("Manila",)),
    "Vietnam": ((), ("Vietnamese",), ("Hanoi",)),
    "Myanmar": (("Burma",), ("Burmese",), ("Naypyidaw",)),
    "Argentina": ((), ("Argentine", "Argentinian"), ("Buenos Aires",)),
    "Colombia": ((), ("Colombian", "Colombians"), ("Bogota", "Bogotá")),
    "Ireland": ((), ("Irish",), ("Dublin",)),
    "Serbia": ((), ("Serbian", "Serbs"), ("Belgrade",)),
    "Palestine": (("Palestinian territories",), ("Palestinian", "Palestinians"), ("Ramallah",)),
    "Taiwan": ((), ("Taiwanese",), ("Taipei",)),
    # The nations of the United Kingdom speak and play as countries.
    "England": ((), ("English",), ()),
    "Scotland": ((), ("Scottish", "Scots"), ("Edinburgh", "Holyrood")),
    "Wales": ((), ("Welsh",), ("Cardiff",)),
    "Northern Ireland": ((), ("Northern Irish",), ("Belfast", "Stormont")),
}

# Regions and unions that speak as one: canonical -> (variants, adjectives, seats)
BLOCS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "Europe": (("European countries", "European states"), ("European", "Europeans"), ()),
    "European Union": (("EU", "E.U.", "the EU", "the European Union"), (), ("Brussels",)),
    "United Nations": (("UN", "U.N.", "the UN", "the United Nations"), (), ()),
    "UN Security Council": (("Security Council", "UNSC", "U.N. Security Council"), (), ()),
    "NATO": (("North Atlantic Treaty Organization", "Nato"), (), ()),
    "Arab League": (("League of Arab States",), (), ()),
    "African Union": (("AU",), (), ()),
}

# Armed groups, movements and parties: canonical -> variants
ORGANISATIONS: dict[str, tuple[str, ...]] = {
    "Islamic State": ("ISIL", "ISIS", "Daesh", "Islamic State group", "the Islamic State",
                      "Islamic State of Iraq and the Levant", "Islamic State of Iraq and Syria",
                      "Islamic State in Iraq and Syria", "IS group"),
    "al-Qaeda": ("al Qaeda", "Al-Qaeda", "Al Qaeda", "al-Qaida", "Al-Qaida"),
    "Nusra Front": ("al-Nusra Front", "Jabhat al-Nusra", "al-Nusra", "Nusra"),
    "Free Syrian Army": ("FSA", "the Free Syrian Army"),
    "Syrian National Coalition": (),
    "Hezbollah": ("Hizbollah", "Hizballah"),
    "Hamas": (),
    "Taliban": ("the Taliban",),
    "Houthis": ("Houthi", "Ansar Allah"),
    "Kurdistan Workers' Party": ("PKK",),
    "Muslim Brotherhood": ("the Muslim Brotherhood",),
    "US Congress": ("Congress", "the Congress"),
    "FBI": ("Federal Bureau of Investigation",),
    "CIA": ("Central Intelligence Agency",),
}

# Major political parties: canonical -> (variants, adjectives). A party adjective names the
# party whatever noun it modifies ("Tory plans", "a Labour MP", "the Republican nominee").
PARTIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # United States
    "Democratic Party": (("Democrats", "the Democrats", "Democratic National Committee", "DNC"),
                         ("Democratic", "Democrat")),
    "Republican Party": (("Republicans", "the Republicans", "GOP",
                          "Republican National Committee", "RNC"), ("Republican",)),
    # United Kingdom
    "Labour Party": (("Labour", "the Labour Party", "New Labour"), ("Labour",)),
    "Conservative Party": (("Conservatives", "the Conservatives", "Tories", "the Tories",
                            "Tory Party", "the Conservative Party"), ("Conservative", "Tory")),
    "Liberal Democrats": (("Lib Dems", "the Lib Dems", "LibDems", "the Liberal Democrats"),
                          ("Lib Dem", "Liberal Democrat")),
    "Scottish National Party": (("SNP", "the SNP"), ()),
    "Plaid Cymru": ((), ()),
    "UK Independence Party": (("UKIP", "Ukip"), ()),
    "Democratic Unionist Party": (("DUP",), ()),
    "Sinn Fein": (("Sinn Féin",), ()),
    "Green Party": (("the Greens", "Greens"), ()),
    # Elsewhere: the largest parties of some large democracies
    "Christian Democratic Union": (("CDU",), ()),
    "Social Democratic Party of Germany": (("SPD",), ()),
    "Liberal Party of Canada": (("Liberals",), ()),
    "Indian National Congress": (("Congress Party",), ()),
    "Bharatiya Janata Party": (("BJP",), ()),
    "African National Congress": (("ANC",), ()),
}

# Places that are neither actors nor targets.
PLACES: tuple[str, ...] = ("Middle East", "the Middle East", "Levant", "the Levant", "Gulf",
                           "Persian Gulf", "Balkans", "Caucasus", "Sahel", "West Bank",
                           "Gaza Strip", "Gaza")

# News organisations relay statements; they are sources, not actors or targets.
NEWS_ORGANISATIONS: tuple[str, ...] = (
    "AFP", "Agence France-Presse", "Reuters", "AP", "Associated Press", "BBC", "CNN",
    "Al Jazeera", "Sputnik", "RT", "TASS", "Tass", "RIA Novosti", "Interfax", "Xinhua",
    "Anadolu", "SANA", "New York Times", "The New York Times", "Washington Post",
    "The Washington Post", "Wall Street Journal", "The Wall Street Journal", "Guardian",
    "The Guardian", "Fox News", "NBC", "NBC News", "CBS", "CBS News", "ABC", "ABC News", "MSNBC",
    "Bloomberg", "Politico", "USA Today", "Breitbart", "Huffington Post", "HuffPost",
    "The Post", "The Times", "Daily Mail", "The Hill", "NPR", "PBS", "Axios", "Vox",
    "Financial Times", "The Economist", "Daily Telegraph", "The Telegraph", "The Independent",
    "The Sun", "Daily Mirror", "Sky News", "ITV", "Channel 4", "Le Monde", "Der Spiegel",
    "Kyodo", "Yonhap", "Dow Jones", "EFE", "ANSA", "DPA", "Press Association",
)

# Institutions named by a country adjective ("the Russian government", "Russian air force").
INSTITUTION_NOUNS = frozenset({
    "government", "authorities", "administration", "leadership", "side", "state", "military",
    "army", "forces", "force", "troops", "navy", "jets", "warplanes", "aircraft", "ministry",
    "officials", "regime", "parliament", "embassy", "diplomats", "delegation", "strikes",
    "airstrikes", "air", "campaign", "bombing", "bombings", "operation", "coalition",
})


@dataclass(frozen=True)
class Entry:
    canonical: str
    kind: str  # country, bloc, organisation, news


@cache
def surface_forms() -> dict[str, Entry]:
    """Every known surface form (as written) -> its entry."""
    forms: dict[str, Entry] = {}
    for canonical, (variants, _adjectives, seats) in COUNTRIES.items():
        for form in (canonical, *variants, *seats):
            forms[form] = Entry(canonical, "country")
    for canonical, (variants, _adjectives, seats) in BLOCS.items():
        for form in (canonical, *variants, *seats):
            forms[form] = Entry(canonical, "bloc")
    for canonical, variants in ORGANISATIONS.items():
        for form in (canonical, *variants):
            forms[form] = Entry(canonical, "organisation")
    for canonical, (variants, _adjectives) in PARTIES.items():
        for form in (canonical, *variants):
            forms[form] = Entry(canonical, "organisation")
    for name in NEWS_ORGANISATIONS:
        forms[name] = Entry(name.removeprefix("The "), "news")
    for name in PLACES:
        forms[name] = Entry(name.removeprefix("the "), "place")
    for name, entry in _pycountry_names().items():
        forms.setdefault(name, entry)
    return forms


@cache
def party_adjectives() -> dict[str, str]:
    """Party adjectives -> the party ("Tory" -> "Conservative Party")."""
    return {form: canonical for canonical, (_variants, forms) in PARTIES.items()
            for form in forms}


@cache
def adjectives() -> dict[str, str]:
    """Country and bloc adjectives and demonyms -> canonical name ("Russian" -> "Russia")."""
    table: dict[str, str] = {}
    for groups in (COUNTRIES, BLOCS):
        for canonical, (_variants, adjective_forms, _seats) in groups.items():
            for form in adjective_forms:
                table[form] = canonical
    return table


def _pycountry_names() -> dict[str, Entry]:
    import pycountry

    names: dict[str, Entry] = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name"):
            value = getattr(country, attribute, None)
            if value and "," not in value:
                names[value] = Entry(getattr(country, "common_name", None) or country.name,
                                     "country")
    return names


def lookup(text: str) -> Entry | None:
    """The entry a surface form names, ignoring a leading "the" and a possessive."""
    forms = surface_forms()
    cleaned = text.strip().removesuffix("’s").removesuffix("'s").strip()
    for candidate in (cleaned, cleaned.removeprefix("the ").removeprefix("The ")):
        if candidate in forms:
            return forms[candidate]
    return None


# Nouns for a state's executive: "the government", "the Chilean administration". Named as the
# government of its state ("UK Government", "Chilean Government"), an actor of domestic
# politics beside the state itself.
GOVERNMENT_NOUNS = frozenset({"government", "administration"})


@cache
def government_name(state: str) -> str:
    """ "United Kingdom" -> "UK Government", "France" -> "French Government", "Chile" ->
    "Chile Government": the state's two-letter short form, else its adjective (where the
    gazetteer knows one), else its name, with "Government"."""
    variants, adjective_forms, _seats = COUNTRIES.get(state, ((), (), ()))
    acronym = next((v for v in variants if v.isupper() and v.isalpha() and len(v) == 2), None)
    adjective = next((a for a in adjective_forms if not a.endswith("s") and not a.isupper()),
                     None)
    return f"{acronym or adjective or state} Government"
