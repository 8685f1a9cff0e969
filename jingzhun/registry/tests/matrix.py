"""The registry's part of the access matrix: the API of a household's yearly cycle (动态调整)."""

SAMPLES = [
    (r"^api/households/<str:code>/cycle/", lambda w: {"code": w["household"].code}, "place"),
]
