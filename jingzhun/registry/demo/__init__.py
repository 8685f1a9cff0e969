"""Deterministic demo registry on the real map (DESIGN §12).

``demo_generate`` builds an Ankang-like registry (or a province-wide one) with village and
county year facts, optionally plants known data errors and writes their ground truth.
"""

from jingzhun.registry.demo.generator import DemoError, DemoResult, demo_generate

__all__ = ["DemoError", "DemoResult", "demo_generate"]


def demo_extend(*, scale: str, households: int | None, seed: int, year: int, replace: bool) -> str:
    """The registry's own addition to the demo: the demo year's cycle changes (动态调整)."""
    from jingzhun.registry.demo.cycle import demo_cycle

    return demo_cycle(seed=seed, year=year)
