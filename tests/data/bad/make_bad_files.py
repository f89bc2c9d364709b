"""Write the bad input files of tests/data/bad (run from anywhere; overwrites them).

Each file is one case of issue 13, small and SYNTHETIC (no real event); what
the import must do with it is in ``cases.json`` beside them. The files are
committed; this script says how each was made and remakes them.
"""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
JNIM = "JNIM: Group for Support of Islam and Muslims"
ISGS = "Islamic State (Greater Sahara)"
HEADER = (
    "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,country,admin1,admin2,"
    "location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities"
)
GED_HEADER = (
    "id,relid,year,type_of_violence,dyad_name,side_a,side_b,where_prec,where_coordinates,"
    "adm_1,adm_2,latitude,longitude,country,date_prec,date_start,date_end,best,high,low"
)


def row(eid, date="15 March 2020", a1=JNIM, a2="Civilians (Mali)", lat="15.0", lon="-1.9",
        fat="1", country="Mali", location="Boni", geo="1", time="1", notes="SYNTHETIC"):  # fmt: skip
    return (
        f'{eid},{date},2020,{time},Battles,Armed clash,"{a1}",,2,"{a2}",,2,22,{country},Mopti,'
        f'Douentza,{location},{lat},{lon},{geo},Test,National,"{notes}",{fat}'
    )


def text(*lines: str, eol: str = "\n") -> bytes:
    return (eol.join(lines) + eol).encode("utf-8")


def cases() -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    # --- tracebacks before: now clear errors or clean reads ------------------------
    out["inf_in_numbers.csv"] = text(
        HEADER,
        row("MLI1", fat="inf"),
        row("MLI2", geo="inf", time="-inf"),
        row("MLI3", fat="NaN", geo="Infinity"),
        row("MLI4", a1=ISGS),
    )
    out["inf_in_numbers_ucdp.csv"] = text(
        GED_HEADER,
        "1,r1,2020,2,JNIM - IS,JNIM,IS,inf,Boni,Mopti,Douentza,15.0,-1.9,Mali,1,2020-04-01,2020-04-01,inf,9,7",
        "2,r2,2020,1,Government of Mali - JNIM,Government of Mali,JNIM,1,Boni,Mopti,Douentza,15.0,-1.9,Mali,inf,2020-04-02,2020-04-02,2,2,2",
    )
    out["unclosed_quote.csv"] = text(
        HEADER, row("MLI1"), row("MLI2"), row("MLI3").replace('"SYNTHETIC"', '"SYNTHETIC, never closed'),
    )  # fmt: skip
    # A quote opened in a row and closed by the next row's first quote: pandas reads
    # the two as one line with too many fields.
    out["stray_quote.csv"] = text(
        HEADER, row("MLI1"), row("MLI2").replace('"SYNTHETIC"', '"SYNTHETIC, never closed'),
        row("MLI3"), row("MLI4"),
    )  # fmt: skip
    out["bare_cr_in_header.csv"] = text(
        HEADER.replace("event_date,", "event_date\r,"), row("MLI1"), row("MLI2", a1=ISGS)
    )
    out["mixed_cr_lf.csv"] = (
        HEADER.encode() + b"\r\n" + row("MLI1").encode() + b"\n"
        + row("MLI2", location="Bo\rni").encode() + b"\r\n"
        + row("MLI3", a1=ISGS).encode() + b"\r\r\n" + row("MLI4").encode() + b"\n"
    )  # fmt: skip
    out["old_mac_line_ends.csv"] = text(HEADER, row("MLI1"), row("MLI2", a1=ISGS), eol="\r")
    out["gzip_renamed.csv"] = gzip.compress(text(HEADER, row("MLI1")), mtime=0)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("export.csv", (2020, 1, 1, 0, 0, 0)), text(HEADER, row("MLI1")))
    out["zip_renamed.csv"] = buf.getvalue()
    out["geopackage_renamed.csv"] = b"SQLite format 3\x00" + bytes(1000)
    out["empty.csv"] = b""
    out["blank_lines.csv"] = b"\n\r\n\n"
    out["single_column.csv"] = b"events\nMLI1\nMLI2\n"
    out["not_acled_nor_ucdp.csv"] = b"a,b,c\n1,2,3\n"
    out["no_usable_row.csv"] = text(HEADER, row("MLI1", date="yesterday"), row("MLI2", lat=""))
    out["garbage.gpkg"] = b"this is not a GeoPackage\n" * 40
    out["empty.gpkg"] = b""
    # --- silent wrong values before: now parsed, or left empty and counted ---------
    out["fatalities.csv"] = text(
        HEADER,
        row("MLI1", fat='"3,000"'),
        row("MLI2", fat="abc"),
        row("MLI3", fat="12 (est.)"),
        row("MLI4", fat="-5"),
        row("MLI5", fat="2.7"),
        row("MLI6", fat="1e20"),
        row("MLI7", fat="99999999999"),
        row("MLI8", fat="7"),
        row("MLI9", fat=""),
    )
    out["nul_bytes.csv"] = text(
        HEADER, row("MLI1", fat="14.\0 9"), row("MLI2", location="Bo\0ni"), row("MLI3")
    )
    out["dates_out_of_range.csv"] = text(
        HEADER,
        row("MLI1", date="1 January 1900"),
        row("MLI2", date="01 January 2099"),
        row("MLI3", date="31 December 1996"),
        row("MLI4", date="1 January 1997"),
        row("MLI5", date="15 March 2020"),
    )
    out["dates_out_of_range_ucdp.csv"] = text(
        GED_HEADER,
        "1,r1,1988,2,JNIM - IS,JNIM,IS,1,Boni,Mopti,Douentza,15.0,-1.9,Mali,1,1988-12-31,1988-12-31,3,3,3",
        "2,r2,1989,2,JNIM - IS,JNIM,IS,1,Boni,Mopti,Douentza,15.0,-1.9,Mali,1,1989-01-01,2099-01-01,3,3,3",
        "3,r3,2020,2,JNIM - IS,JNIM,IS,1,Boni,Mopti,Douentza,15.0,-1.9,Mali,1,2020-01-01,2020-01-03,3,3,3",
    )
    out["coordinates.csv"] = text(
        HEADER,
        row("MLI1", lat="0", lon="0"),  # (0, 0)
        row("MLI2", lat="15.0", lon="95.0"),  # a longitude of 95 on a Mali row
        row("MLI3", lat="-1.9", lon="15.0"),  # swapped on a Mali row
        row("MLI4", lat="-1.9", lon="15.0", country=""),  # swapped, no country: not checkable
        row("MLI5", lat="12.3", lon="-1.52", country="Burkina Faso"),  # inside
        row("MLI6", lat="11.8965", lon="2.44", country="Burkina Faso"),  # 0.05 deg outside
        row("MLI7", lat="95", lon="-1.9"),  # out of range
        row("MLI8", lat="15.0", lon="-1.9", country="Atlantis"),  # a country not in the table
    )
    latin = [HEADER, row("MLI1", location="Ségou", notes="Tombouctou, Ménaka"),
             row("MLI2", a1=ISGS, location="Ménaka")]  # fmt: skip
    out["latin1.csv"] = ("\n".join(latin) + "\n").encode("cp1252")
    out["utf16.csv"] = ("\n".join(latin) + "\n").encode("utf-16")
    out["utf8_with_latin1_rows.csv"] = (
        text(HEADER, row("MLI1", location="Ségou")) + row("MLI2", location="Ménaka").encode("latin-1")
        + b"\n" + row("MLI3", notes="Ménaka").encode("latin-1") + b"\n"
    )  # fmt: skip
    out["uppercase_header.csv"] = text(HEADER.upper(), row("MLI1"), row("MLI2", a1=ISGS))
    out["long_cell.csv"] = text(
        HEADER, row("MLI1"), row("MLI2", location="x" * 150_000), row("MLI3")
    )
    out["mapped_inf.csv"] = (
        "when,who,whom,y,x,dead,prec\n"
        f"2021-01-02,{ISGS},{JNIM},14.5,0.5,inf,inf\n"
        f"2021-01-03,{JNIM},,14.5,0.5,4,1\n"
    ).encode()
    out["extra_fields.csv"] = text(HEADER, row("MLI1"), row("MLI2") + ",extra,fields", row("MLI3"))
    return out


def main() -> None:
    for name, data in cases().items():
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
