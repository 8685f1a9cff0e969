"""The vendored ECharts maps (``static/vendor/echarts-maps``): which region has one, and its areas' names.

Shaanxi has a map by city, each of its cities a map by county; below the county there is no
boundary data, and the command centre ranks the townships and villages as tiles instead.
Each map file registers itself under a Chinese name and names its areas by a six-digit
division code and a name of its own time: an area is matched to a region by that code, or
by the name without its 县/市/区 ending (旬阳县 of the map is 旬阳市 since 2021).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from django.contrib.staticfiles import finders

MAP_DIR = "vendor/echarts-maps"
_REGISTER = re.compile(r'registerMap\("([^"]+)"')
_ID = re.compile(r'id:"(\d{6})"')
_NAME = re.compile(r'name:"([^"]+)"')
_SUFFIX = re.compile(r"(自治县|县|市|区)$")


@dataclass(frozen=True)
class RegionMap:
    static_path: str  # for {% static %}
    name: str  # the name the file registers with ECharts
    areas: dict[str, str]  # six-digit code -> the area's name on the map

    def area_for(self, code: str, name: str) -> str | None:
        """Return the map's name of the area of region ``code`` (named ``name``), None if it has none."""
        if code[:6] in self.areas:
            return self.areas[code[:6]]
        stems = {_SUFFIX.sub("", area): area for area in self.areas.values()}
        return stems.get(_SUFFIX.sub("", name))


@functools.cache
def region_map(code: str) -> RegionMap | None:
    """Return the map of the region ``code`` (a province or a city), None when none is vendored."""
    static_path = f"{MAP_DIR}/{code[:6]}.js"
    path = finders.find(static_path)
    if not path or code[6:].strip("0"):
        return None
    with open(path, encoding="utf-8") as source:
        text = source.read()
    registered = _REGISTER.search(text)
    if registered is None:
        return None
    return RegionMap(static_path, registered.group(1), _areas(text))


def _areas(text: str) -> dict[str, str]:
    """Return each area's code and name: the first name after its id (geometry may come between)."""
    ids = list(_ID.finditer(text))
    areas = {}
    for found, following in zip(ids, [*ids[1:], None], strict=True):
        name = _NAME.search(text, found.end(), following.start() if following else len(text))
        if name:
            areas[found.group(1)] = name.group(1)
    return areas
