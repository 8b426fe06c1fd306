"""Write the raw 64-bit outputs of stockpile.streams to standard output, for a test battery.

Run ``benchmarks/rng_quality.sh`` (it pipes this into TestU01); or by hand::

    python benchmarks/rng_quality.py runs | ./rng_quality stockpile-runs smallcrush

Each output is the 64-bit word that :func:`stockpile.streams.uniform` turns into a uniform
(its top 52 bits), written little-endian, so the battery reads its low then its high 32 bits.
Three orders walk the two axes of the counter-based construction:

- ``runs``: one counter at a time, the outputs of runs 0, 1, 2, ... (a draw across an ensemble);
- ``counters``: one run at a time, the outputs of counters ``counter(1, t, k)`` for consecutive
  months ``t`` (a run's draws over time);
- ``sites``: one run at a time, the uniforms of the parameter sites ``fold(keys,
  "parameter:missile{i}.stock")`` for consecutive ``i`` (many uncertain parameters of one run).
"""

from __future__ import annotations

import sys

import numpy as np

from stockpile.streams.generator import counter, fold, random_bits, run_keys, stream_hash

SEED = 20240601
BLOCK = 1 << 16


def _write(words: np.ndarray) -> None:
    sys.stdout.buffer.write(words.astype("<u8", copy=False).tobytes())


def runs() -> None:
    keys = run_keys(SEED, np.arange(BLOCK))
    for t in range(1 << 32):
        for start in range(0, 1 << 20, BLOCK):  # 2**20 runs per counter
            block = keys if start == 0 else run_keys(SEED, np.arange(start, start + BLOCK))
            _write(random_bits(block, stream_hash(block, counter(1, t % BLOCK, t // BLOCK))[2]))


def counters() -> None:
    hashes = np.array(
        [
            stream_hash(np.zeros(0, np.uint64), counter(1, t, k))[2]
            for k in range(4)
            for t in range(BLOCK)
        ],
        dtype=np.uint64,
    )
    for run in range(1 << 40):
        key = run_keys(SEED, np.array([run]))
        _write(random_bits(np.broadcast_to(key, hashes.shape).copy(), hashes))


def sites() -> None:
    sites_per_run = 1024
    for start in range(0, 1 << 40, BLOCK):
        keys = run_keys(SEED, np.arange(start, start + BLOCK))
        h = stream_hash(keys, 0)[2]
        out = np.empty((BLOCK, sites_per_run), np.uint64)
        for i in range(sites_per_run):
            out[:, i] = random_bits(fold(keys, f"parameter:missile{i}.stock"), h)
        _write(out.reshape(-1))


ORDERS = {"runs": runs, "counters": counters, "sites": sites}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in ORDERS:
        sys.exit(f"usage: {sys.argv[0]} {{{','.join(ORDERS)}}}")
    try:
        ORDERS[sys.argv[1]]()
    except BrokenPipeError:  # the battery has read what it needs
        sys.stderr.close()
