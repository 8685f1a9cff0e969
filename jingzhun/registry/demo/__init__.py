"""Deterministic demo registry on the real map (DESIGN §12).

``demo_generate`` builds an Ankang-like registry (or a province-wide one) with village and
county year facts, optionally plants known data errors and writes their ground truth.
"""

from jingzhun.registry.demo.generator import DemoError, DemoResult, demo_generate

__all__ = ["DemoError", "DemoResult", "demo_generate"]
