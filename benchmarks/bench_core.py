"""Speed of the lessons_lib core, as ratios measured in one run (machines here are noisy).

    python benchmarks/bench_core.py

1. a 10,000-epoch trajectory: gradient_descent (the closed form) vs gradient_descent_loop (the
   readable loop) and vs the source article's loop (all three must agree to 1e-12);
2. 200 learning rates x 1,000 epochs in one call vs ONE gradient_descent_loop run of 1,000 epochs;
3. 10**12 epochs keeping only the start and the end (record_every=10**12);
4. `import lessons_lib` vs `import numpy, matplotlib` in fresh interpreters.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time

import numpy as np

import lessons_lib as ll


def article_loop(x, y, w, b, lr, num_epochs):
    """Seed 002's training loop: forward, half-MSE loss, gradients, update, every epoch."""
    losses = []
    for _ in range(num_epochs):
        y_hat = w * x + b
        losses.append(0.5 * np.mean((y - y_hat) ** 2))
        dw = (1 / len(x)) * np.sum((y_hat - y) * x)
        db = (1 / len(x)) * np.sum(y_hat - y)
        w -= lr * dw
        b -= lr * db
    return np.array(losses), w, b


def best_of(function, repeats: int) -> float:
    """The fastest of ``repeats`` timings in seconds (the least disturbed by other work)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def import_time(statement: str, repeats: int = 9) -> float:
    """Median wall time of a fresh interpreter running ``statement``, minus an empty one."""
    def run(code):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start
    samples = []
    for _ in range(repeats):
        samples.append(run(statement) - run("pass"))
    return statistics.median(samples)


def main() -> None:
    data = ll.make_two_point_data()
    args = (data.x, data.y, data.w0, data.b0)

    losses, w, b = article_loop(*args, 0.1, 10_000)
    fast = ll.gradient_descent(*args, lr=0.1, epochs=10_000)
    loop = ll.gradient_descent_loop(*args, lr=0.1, epochs=10_000)
    difference = max(np.max(np.abs(fast.loss[:-1] - losses)), abs(fast.final_w - w), abs(fast.final_b - b),
                     np.max(np.abs(fast.loss - loop.loss)), np.max(np.abs(fast.w - loop.w)),
                     np.max(np.abs(fast.b - loop.b)))
    article_10k = best_of(lambda: article_loop(*args, 0.1, 10_000), 3)
    loop_10k = best_of(lambda: ll.gradient_descent_loop(*args, lr=0.1, epochs=10_000), 3)
    fast_10k = best_of(lambda: ll.gradient_descent(*args, lr=0.1, epochs=10_000), 20)
    print(f"1. 10,000 epochs: gradient_descent_loop {loop_10k * 1e3:.1f} ms, gradient_descent (closed form) "
          f"{fast_10k * 1e3:.2f} ms -> {loop_10k / fast_10k:.0f}x faster (the article's loop: "
          f"{article_10k * 1e3:.1f} ms); largest difference {difference:.1e} (must be < 1e-12)")

    rates = np.logspace(-4, 1, 200)
    loop_1k = best_of(lambda: ll.gradient_descent_loop(*args, lr=0.1, epochs=1_000), 5)
    sweep = best_of(lambda: ll.gradient_descent(*args, lr=rates, epochs=1_000), 10)
    print(f"2. 200 learning rates x 1,000 epochs in one call {sweep * 1e3:.2f} ms vs one gradient_descent_loop run "
          f"of 1,000 epochs {loop_1k * 1e3:.1f} ms -> {loop_1k / sweep:.1f}x faster for 200x the work")

    ends = best_of(lambda: ll.gradient_descent(*args, lr=0.1, epochs=10**12, record_every=10**12), 20)
    print(f"3. 10**12 epochs, start and end only: {ends * 1e3:.2f} ms")

    ours = import_time("import lessons_lib")
    base = import_time("import numpy, matplotlib")
    print(f"4. import lessons_lib {ours * 1e3:.0f} ms vs import numpy, matplotlib {base * 1e3:.0f} ms "
          f"-> ratio {ours / base:.2f} (must be <= 1.2)")
    if difference >= 1e-12:
        sys.exit("the closed form and the loops disagree")


if __name__ == "__main__":
    main()
