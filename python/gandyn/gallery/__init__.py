"""The gallery: every figure of the reference notes and of Mescheder, Geiger & Nowozin (ICML
2018), recomputed with gandyn and drawn with matplotlib, in a report, DIR/index.html.

    /usr/bin/python3 -m gandyn.gallery --out DIR [--force] [--quick] [--only ID,...]

For each figure it writes ID.png (for the page), ID.svg (for papers), ID.csv (its numbers)
and ID.txt (caption, parameters, the behaviour measured, and the exact gandyn calls and
`gandyn` commands that remake it). The report is built in a temporary folder beside DIR and
renamed to DIR at the end, so DIR is never half written. Progress goes to stderr; a summary
(figures, each run's measured behaviour, the largest closed-form disagreement) to stdout,
whose last line is the path of index.html.
"""

import argparse
import csv
import datetime
import difflib
import os
import shutil
import signal
import sys
import tempfile
import time

__all__ = ["main", "build"]

PROGRAM = "gandyn.gallery"
MARKER = ".gandyn-gallery"


class Refusal(Exception):
    """Bad input: one line for stderr, exit status 2."""


def _fail(message):
    print(f"{PROGRAM}: {message}", file=sys.stderr)
    return 2


def _require():
    """Import what the gallery needs; Refusal naming the Debian package if one is missing."""
    needs = [("matplotlib", "python3-matplotlib"), ("jinja2", "python3-jinja2"), ("xarray", "python3-xarray"),
             ("numpy", "python3-numpy")]
    for module, package in needs:
        try:
            __import__(module)
        except ImportError:
            raise Refusal(f"{module} is missing: install {package} (apt-get install {package}) and run "
                          "Debian's /usr/bin/python3") from None
    try:
        import gandyn  # noqa: F401
        from gandyn import _core  # noqa: F401
    except ImportError as e:
        raise Refusal(f"cannot import gandyn's compiled module ({e}): put the build tree's python/ folder on "
                      "PYTHONPATH or install the package") from None


def _check_target(target, force):
    """Refusal if the gallery cannot go to `target`; returns the parent folder."""
    parent = os.path.dirname(target) or "."
    if os.path.lexists(target) and not os.path.isdir(target):
        raise Refusal(f"cannot write {target}: it exists and is not a folder")
    if os.path.isdir(target):
        entries = os.listdir(target)
        if entries and not force:
            raise Refusal(f"{target} is not empty (give --force to replace it)")
        if entries and MARKER not in entries:
            raise Refusal(f"{target} is not empty and is not a gallery written by {PROGRAM}: "
                          "refusing to replace it, even with --force")
    if not os.path.isdir(parent):
        raise Refusal(f"cannot write {target}: its folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise Refusal(f"cannot write {target}: its folder {parent} is not writable")
    return parent


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_csv(path, columns, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([repr(float(v)) if isinstance(v, float) else v for v in row])


def _text_file(record, remake):
    lines = [record.title, "", record.caption, "", "Parameters:"]
    lines += [f"  {k}: {v}" for k, v in record.parameters.items()]
    lines += ["", "Measured by gandyn:"] + [f"  {m}" for m in record.measured]
    lines += ["", "Remake this figure:", f"  {remake}", "", "Python calls (import gandyn, numpy as np):"]
    lines += [f"  {p}" for p in record.python]
    if record.commands:
        lines += ["", "The same numbers from the gandyn program:"] + [f"  {c}" for c in record.commands]
    return "\n".join(lines) + "\n"


def build(folder, quick=False, only=None, progress=None):
    """Compute and draw the figures into `folder` (which exists and is empty) and write
    index.html; returns (records, timings). progress(text) reports each step."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import jinja2

    import gandyn

    from .calls import LIBRARY_SECONDS
    from .figures import FIGURES, SECTIONS, Settings

    settings = Settings(quick)
    progress = progress or (lambda text: None)
    chosen = [(key, f) for key, f in FIGURES if only is None or key in only]
    records, timings = [], []
    started = time.perf_counter()
    for number, (key, function) in enumerate(chosen, 1):
        t0 = time.perf_counter()
        library = LIBRARY_SECONDS[0]
        record = function(settings)
        t1 = time.perf_counter()
        library = LIBRARY_SECONDS[0] - library
        files = {"csv": f"{key}.csv", "txt": f"{key}.txt"}
        if record.figure is not None:
            files["png"] = f"{key}.png"
            files["svg"] = f"{key}.svg"
            record.figure.savefig(os.path.join(folder, files["png"]), dpi=settings.dpi)
            t2 = time.perf_counter()
            record.figure.savefig(os.path.join(folder, files["svg"]))
            t3 = time.perf_counter()
            plt.close(record.figure)
        else:
            t2 = t3 = t1
        _write_csv(os.path.join(folder, files["csv"]), record.columns, record.rows)
        remake = f"/usr/bin/python3 -m {PROGRAM} --out DIR --only {key}" + (" --quick" if quick else "")
        with open(os.path.join(folder, files["txt"]), "w", encoding="utf-8") as f:
            f.write(_text_file(record, remake))
        t4 = time.perf_counter()
        record.files = files
        record.remake = remake
        records.append(record)
        timings.append({"figure": key, "library": library, "draw": t1 - t0 - library, "png": t2 - t1,
                        "svg": t3 - t2, "data": t4 - t3, "total": t4 - t0})
        progress(f"[{number:2d}/{len(chosen)}] {key:<24s} {t4 - t0:5.2f} s (gandyn {library:.2f}, draw "
                 f"{t1 - t0 - library:.2f}, png {t2 - t1:.2f}, svg {t3 - t2:.2f}, data {t4 - t3:.2f})")
    elapsed = time.perf_counter() - started
    sections = [{"id": sid, "title": title, "intro": intro, "figures": [r for r in records if r.section == sid]}
                for sid, title, intro in SECTIONS]
    here = os.path.dirname(os.path.abspath(__file__))
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(os.path.join(here, "templates")),
                                     autoescape=jinja2.select_autoescape(["html"]), trim_blocks=True,
                                     lstrip_blocks=True)
    template = environment.get_template("index.html")
    from .measure import KINDS

    html = template.render(sections=[s for s in sections if s["figures"]], version=gandyn.__version__, kinds=KINDS,
                           quick=quick, generated=datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
                           elapsed=elapsed, timings=timings, count=len(records))
    with open(os.path.join(folder, "index.html"), "w", encoding="utf-8") as f:
        f.write(html)
    with open(os.path.join(folder, MARKER), "w", encoding="utf-8") as f:
        f.write(f"written by {PROGRAM} {gandyn.__version__}\n")
    return records, timings


def _summary(records, index):
    lines = [f"{sum(1 for r in records if r.figure is not None)} figures and "
             f"{sum(1 for r in records if r.figure is None)} table written; measured behaviour:"]
    for r in records:
        for label, kind in r.summary:
            lines.append(f"  {label:<44s} {kind}")
    worst = [r.max_difference for r in records if r.max_difference is not None]
    if worst:
        lines.append(f"largest |closed form - computed|: {max(worst):.1e} (eigenvalues, largest stable steps)")
    lines.append(index)
    return "\n".join(lines)


def _parse(argv):
    parser = argparse.ArgumentParser(prog=f"python3 -m {PROGRAM}", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, metavar="DIR", help="the folder to write (index.html and the figures)")
    parser.add_argument("--force", action="store_true", help="replace DIR if it holds a gallery already")
    parser.add_argument("--quick", action="store_true", help="every figure at a coarse resolution (for tests)")
    parser.add_argument("--only", metavar="ID,...", help="only these figures (their ids: file names without suffix)")

    def error(message):
        raise Refusal(message)

    parser.error = error
    return parser.parse_args(argv)


def main(argv=None):
    try:
        args = _parse(sys.argv[1:] if argv is None else argv)
        _require()
        from .figures import FIGURES

        only = None
        if args.only:
            only = [x.strip() for x in args.only.split(",") if x.strip()]
            known = [key for key, _ in FIGURES]
            for key in only:
                if key not in known:
                    close = difflib.get_close_matches(key, known, n=1)
                    hint = f"; did you mean {close[0]}?" if close else f" (one of {', '.join(known)})"
                    raise Refusal(f"--only: no figure {key}{hint}")
        target = os.path.abspath(args.out)
        parent = _check_target(target, args.force)
        try:
            work = tempfile.mkdtemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=parent)
        except OSError as e:
            raise Refusal(f"cannot write {target}: {e.strerror}") from None
    except Refusal as e:
        return _fail(str(e))

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    try:
        os.chmod(work, 0o777 & ~_umask())
        print(f"{PROGRAM}: writing {target}{' (quick)' if args.quick else ''}", file=sys.stderr)
        records, timings = build(work, quick=args.quick, only=only,
                                 progress=lambda text: print(text, file=sys.stderr, flush=True))
        if os.path.isdir(target):
            old = tempfile.mkdtemp(prefix=f".{os.path.basename(target)}.", suffix=".old", dir=parent)
            os.rename(target, os.path.join(old, "gallery"))
            os.rename(work, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    total = sum(t["total"] for t in timings)
    print(f"{PROGRAM}: {len(records)} figures in {total:.1f} s", file=sys.stderr)
    print(_summary(records, os.path.join(target, "index.html")))
    return 0
