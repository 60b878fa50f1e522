"""Profile one page of the generated large workshop with cProfile.

    .venv/bin/python scripts/profile_page.py /workshops/UID            (as the organiser)
    .venv/bin/python scripts/profile_page.py /my/workshops/UID --as participant
    .venv/bin/python scripts/profile_page.py /workshops/ --as facilitator --first-view

UID is replaced by the large workshop's public id. Prints the top functions by own time.
``--first-view`` forgets everything remembered before each profiled request: the page as
a fresh worker (or the first view after a change) serves it. ``--size large`` profiles
against the 10 000-workshop database (slower to build).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench.__main__ as bench  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument(
        "--as",
        dest="role",
        default="organiser",
        choices=["organiser", "facilitator", "participant"],
    )
    parser.add_argument("--first-view", action="store_true", help="nothing remembered")
    parser.add_argument("--size", default="small", choices=["small", "large"])
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--freeze", action="store_true", help="gc.freeze() after start-up")
    args = parser.parse_args()
    app, generated, accounts, _ = bench._build(args.size, tempfile.mkdtemp())
    client = app.test_client()
    email = generated.participant_email if args.role == "participant" else accounts[args.role]
    bench._sign_in(app, client, email)
    url = args.url.replace("UID", generated.large_workshop_uid)
    for _ in range(5):
        assert client.get(url).status_code == 200
    if args.freeze:
        import gc

        gc.freeze()
    from planner import remembered

    profile = cProfile.Profile()
    for _ in range(20):
        if args.first_view:
            with app.app_context():
                remembered.forget_all()
        profile.enable()
        client.get(url)
        profile.disable()
    pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
