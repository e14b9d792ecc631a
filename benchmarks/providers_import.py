"""Importing offers from a spreadsheet against loading the same offers from YAML (issue 26).

    python benchmarks/providers_import.py [--offers 10000] [--runs 5]

Generates a providers file with about N offers (benchmarks/offers_gen.py), writes it as .xlsx
and as CSV with `qplan providers export`'s renderer, then times, in one process and side by
side, the best of several runs of: reading and checking the YAML file (what every command does
without a cache), importing the .xlsx file and importing the CSV files (reading, converting,
writing the YAML text and the same check). The target: import ≤ 3× the YAML load.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent


def best(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from qplan.models.sheets import ImportRequest
    from qplan.render.providers_sheet import csv_tables, workbook
    from qplan.run.data import check_providers_file, load_catalog
    from qplan.run.providers_import import execute

    catalog = load_catalog(None)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        yaml_file = work / "providers.yaml"
        text = subprocess.run(
            [sys.executable, str(HERE / "offers_gen.py"), "--offers", str(args.offers)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        yaml_file.write_text(text, encoding="utf-8")
        data = check_providers_file(yaml_file, catalog).value
        assert data is not None
        (work / "angebote.xlsx").write_bytes(workbook(data))
        for name, content in csv_tables(data).items():
            (work / name).write_text(content, encoding="utf-8-sig")
        out = str(work / "out.yaml")

        def from_yaml() -> object:
            return check_providers_file(yaml_file, catalog)

        def from_xlsx() -> object:
            outcome = execute(ImportRequest((str(work / "angebote.xlsx"),), out, None), catalog)
            assert outcome.ok and outcome.offers == len(data.offers), outcome.findings[:3]
            return outcome

        def from_csv() -> object:
            files = (str(work / "traeger.csv"), str(work / "angebote.csv"))
            outcome = execute(ImportRequest(files, out, None), catalog)
            assert outcome.ok
            return outcome

        yaml_s = best(args.runs, from_yaml)
        xlsx_s = best(args.runs, from_xlsx)
        csv_s = best(args.runs, from_csv)
    print(f"{len(data.offers)} Angebote, bestes von {args.runs} Läufen")
    print(f"  YAML lesen und prüfen:  {yaml_s * 1000:8.0f} ms")
    print(f"  .xlsx einlesen:         {xlsx_s * 1000:8.0f} ms  ({xlsx_s / yaml_s:.2f}× YAML)")
    print(f"  .csv einlesen:          {csv_s * 1000:8.0f} ms  ({csv_s / yaml_s:.2f}× YAML)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
