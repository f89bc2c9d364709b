"""Cancel latency of saheloverlap:importincidents at every stage (issue 13: within 2 s).

Generates a SYNTHETIC ACLED-format CSV of N rows (benchmarks/data.py), then imports it
once to the end, then once per stage with a cancel sent ``--delay`` seconds after the
stage begins; prints the seconds from the cancel to the end of the run (median of
``--runs``) and checks that nothing is left in the output folder.

    .venv/bin/python benchmarks/cancel_latency.py --rows 1000000 --runs 3
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "scripts"))

STAGES = ["Reading the input", "Checking rows", "Writing incidents", "Checking the output"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--delay", type=float, default=0.3, help="seconds into the stage")
    parser.add_argument("--work", default=str(HERE.parent / "build" / "cancel"))
    parser.add_argument("--outputs", default=".gpkg,.csv")
    args = parser.parse_args(argv)

    from headless import start_qgis

    _app, _plugin = start_qgis()
    import processing
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    import data

    class StageCancel(QgsProcessingFeedback):
        def __init__(self, stage=None):
            super().__init__()
            self.stage, self.at, self.starts = stage, None, {}

        def setProgressText(self, text):
            self.starts[text] = time.perf_counter()
            super().setProgressText(text)
            if self.stage and text.startswith(self.stage) and self.at is None:

                def cancel():
                    time.sleep(args.delay)
                    self.at = time.perf_counter()
                    self.cancel()

                threading.Thread(target=cancel, daemon=True).start()

    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    (work / "out").mkdir(parents=True)
    csv = data.acled_csv(args.rows, work / f"acled_{args.rows}.csv")
    for suffix in args.outputs.split(","):
        out = work / "out" / f"incidents{suffix}"
        full = StageCancel()
        t0 = time.perf_counter()
        processing.run(
            "saheloverlap:importincidents", {"INPUT": str(csv), "OUTPUT": str(out)}, feedback=full
        )
        total = time.perf_counter() - t0
        spans = sorted(full.starts.items(), key=lambda kv: kv[1])
        print(f"{suffix}: whole run {total:.2f} s; stages begin at "
              + ", ".join(f"{k} {v - t0:.1f} s" for k, v in spans))  # fmt: skip
        out.unlink()
        for stage in STAGES:
            latencies = []
            for _ in range(args.runs):
                feedback = StageCancel(stage)
                try:
                    processing.run(
                        "saheloverlap:importincidents",
                        {"INPUT": str(csv), "OUTPUT": str(out)},
                        feedback=feedback,
                    )
                    latencies.append(None)  # the stage ended before the cancel
                except QgsProcessingException:
                    latencies.append(time.perf_counter() - feedback.at)
                left = os.listdir(work / "out")
                if left and latencies[-1] is not None:
                    print(f"  LEFT BEHIND after a cancel in {stage!r}: {left}")
                for name in left:  # (a run that ended before the cancel wrote its output)
                    path = work / "out" / name
                    shutil.rmtree(path) if path.is_dir() else path.unlink()
            done = [v for v in latencies if v is not None]
            median = f"{statistics.median(done):.2f} s" if done else "stage too short"
            print(f"  cancel {args.delay:g} s into {stage!r}: median {median} "
                  f"(runs: {', '.join('-' if v is None else f'{v:.2f}' for v in latencies)})")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
