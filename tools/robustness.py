"""Are the book's claims about its simulated data robust to the draw? (``make robustness``)

Every qualitative claim in a chapter is checked by ``helpers.book.claim`` in a hidden cell. This
tool regenerates every dataset with other seeds (``python -m helpers.simulate --seed-offset K``),
executes each chapter against each set of datasets (``HELPERS_DATASETS`` points the chapters'
loader at it), and counts, per claim, in how many draws it held::

    python tools/robustness.py                          # 20 seeds, every chapter in the TOC
    python tools/robustness.py --seeds 3 --chapters chapters/01_background.ipynb

A claim must hold in at least ``--min-share`` of the draws (default 0.95, i.e. 19 of 20); otherwise
the exit status is 1 and the prose must state the finding as uncertain. The table is written as
Markdown and JSON (``--out``, default ``book/_build/robustness``). A chapter that fails to run
on a draw counts as a failure of every claim it makes.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def toc_chapters() -> list[Path]:
    toc = (ROOT / "book" / "_toc.yml").read_text(encoding="utf-8")
    return [ROOT / f"{f}.ipynb" for f in re.findall(r"file:\s*(chapters/\S+)", toc)]


def _execute(chapter: Path, datasets: Path, log: Path, context: str) -> str | None:
    """Execute one chapter in a fresh kernel; return an error summary or None."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(chapter, as_version=4)
    env = {"HELPERS_DATASETS": str(datasets), "HELPERS_CLAIMS_LOG": str(log),
           "HELPERS_CLAIMS_CONTEXT": context, "MPLBACKEND": "Agg"}
    client = NotebookClient(nb, timeout=900, kernel_name="python3",
                            resources={"metadata": {"path": str(chapter.parent)}})
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)        # the kernel inherits the environment of this process
    try:
        client.execute()
    except CellExecutionError as exc:
        return str(exc).strip().splitlines()[-1][:300]
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return None


def _one(args: argparse.Namespace) -> int:
    err = _execute(Path(args.one), Path(args.datasets), Path(args.log), args.context)
    if err:
        print(err, file=sys.stderr)
        return 3
    return 0


def _make_datasets(offset: int, out: Path) -> None:
    subprocess.run([sys.executable, "-m", "helpers.simulate", "--out", str(out),
                    "--seed-offset", str(offset)], check=True, stdout=subprocess.DEVNULL)


def run(chapters: list[Path], offsets: list[int], jobs: int, workdir: Path) -> dict:
    """Run every chapter on every draw; return {"claims": ..., "failures": ...}."""
    log = workdir / "claims.jsonl"
    log.write_text("", encoding="utf-8")
    for k in offsets:
        _make_datasets(k, workdir / f"seed{k}")

    def task(item):
        chapter, k = item
        context = f"{chapter.stem}|{k}"
        proc = subprocess.run(
            [sys.executable, __file__, "--one", str(chapter), "--datasets", str(workdir / f"seed{k}"),
             "--log", str(log), "--context", context],
            capture_output=True, text=True)
        return chapter.stem, k, (proc.stderr.strip().splitlines() or ["?"])[-1] if proc.returncode else None

    items = [(c, k) for k in offsets for c in chapters]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        outcomes = list(pool.map(task, items))

    held: dict[tuple[str, str], dict[int, bool]] = defaultdict(dict)
    for line in log.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        chapter, k = rec["context"].rsplit("|", 1)
        prev = held[(chapter, rec["statement"])].get(int(k), True)
        held[(chapter, rec["statement"])][int(k)] = prev and rec["held"]
    failures = [{"chapter": c, "seed_offset": k, "error": e} for c, k, e in outcomes if e]
    claims = []
    for (chapter, statement), by_seed in sorted(held.items()):
        n_held = sum(by_seed.get(k, False) for k in offsets)   # a crashed run holds nothing
        claims.append({"chapter": chapter, "statement": statement, "held": n_held,
                       "draws": len(offsets),
                       "failed_seed_offsets": [k for k in offsets if not by_seed.get(k, False)]})
    return {"claims": claims, "failures": failures, "seed_offsets": offsets}


def to_markdown(result: dict, min_share: float) -> str:
    n = len(result["seed_offsets"])
    need = math.ceil(min_share * n - 1e-9)
    lines = [f"# 论断的稳健性：{n} 组其他随机种子（seed offset {result['seed_offsets'][0]}–"
             f"{result['seed_offsets'][-1]}），至少 {need} 组成立", "",
             "| 章 | 论断 | 成立 | 未成立的种子 |", "|---|---|---|---|"]
    for c in result["claims"]:
        mark = "" if c["held"] >= need else " ✗"
        lines.append(f"| {c['chapter']} | {c['statement']} | {c['held']}/{c['draws']}{mark} | "
                     f"{', '.join(map(str, c['failed_seed_offsets'])) or '—'} |")
    if result["failures"]:
        lines += ["", "运行失败 (chapter failed to run):", ""]
        lines += [f"- {f['chapter']} seed {f['seed_offset']}: {f['error']}" for f in result["failures"]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", type=int, default=20, help="number of other draws (default 20)")
    p.add_argument("--first-offset", type=int, default=1, help="first seed offset (default 1)")
    p.add_argument("--chapters", nargs="*", type=Path, help="chapters (default: every chapter in the TOC)")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--min-share", type=float, default=0.95)
    p.add_argument("--out", type=Path, default=ROOT / "book" / "_build" / "robustness")
    p.add_argument("--one", help=argparse.SUPPRESS)
    p.add_argument("--datasets", help=argparse.SUPPRESS)
    p.add_argument("--log", help=argparse.SUPPRESS)
    p.add_argument("--context", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.one:
        return _one(args)

    chapters = [c.resolve() for c in (args.chapters or toc_chapters())]
    offsets = list(range(args.first_offset, args.first_offset + args.seeds))
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="robustness-") as tmp:
        result = run(chapters, offsets, args.jobs, Path(tmp))
    result["seconds"] = round(time.perf_counter() - start, 1)
    args.out.mkdir(parents=True, exist_ok=True)
    md = to_markdown(result, args.min_share)
    (args.out / "robustness.md").write_text(md, encoding="utf-8")
    (args.out / "robustness.json").write_text(json.dumps(result, ensure_ascii=False, indent=1),
                                              encoding="utf-8")
    print(md)
    print(f"{len(result['claims'])} claims, {len(offsets)} draws, {result['seconds']} s; "
          f"table in {args.out}/robustness.md")
    need = math.ceil(args.min_share * len(offsets) - 1e-9)
    weak = [c for c in result["claims"] if c["held"] < need]
    if not result["claims"]:
        print("no claim was recorded", file=sys.stderr)
        return 1
    return 1 if weak or result["failures"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
