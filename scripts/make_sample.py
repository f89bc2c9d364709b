#!/usr/bin/env python3
"""Write the SYNTHETIC sample data of data/sample/ (fixed seed, byte-identical on re-run).

Usage: python scripts/make_sample.py [--out-dir DIR] [--seed N] [--actor-based FILE]

``--actor-based FILE`` also writes the same events in ACLED's actor-based layout (one
row per side; not committed: ``make demo`` writes it into out/).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from headless import ensure_importable  # noqa: E402

ensure_importable()
from sahel_overlap.devtools import synthetic  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", default=str(ROOT / "data" / "sample"))
    parser.add_argument("--seed", type=int, default=synthetic.DEFAULT_SEED)
    parser.add_argument("--actor-based", default="", help="also write the actor-based layout")
    args = parser.parse_args(argv)
    paths = synthetic.write_sample(args.out_dir, seed=args.seed)
    if args.actor_based:
        paths["actor_based"] = synthetic.write_actor_based(args.actor_based, seed=args.seed)
    for path in paths.values():
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
