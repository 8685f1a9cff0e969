"""What an import found and did: one result type for every importer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from jingzhun.core.excel import ImportIssue, IssueList, ReadResult

# A job keeps at most this many messages of each kind (the error workbook has them all).
SUMMARY_ISSUES = 1000


@dataclass(eq=False)
class Counts:
    """Rows of one kind an import creates, updates and leaves unchanged (equal to its dict form)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Counts):
            return self.as_dict() == other.as_dict()
        if isinstance(other, Mapping):
            return self.as_dict() == dict(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


@dataclass
class ImportResult(IssueList):
    """What an import found and did. ``written`` is False whenever ``errors`` is not empty.

    ``counts`` are by kind of row (``households``, ``members`` …) in the importer's order,
    ``labels`` their Chinese names; ``message`` and ``links`` (url, label) tell the user
    where to find what was imported. Importers may subclass it to carry what they made
    (e.g. the comparison list written).
    """

    filename: str
    issues: list[ImportIssue] = field(default_factory=list)
    read: ReadResult | None = None
    written: bool = False
    dry_run: bool = False
    batch: str = ""
    counts: dict[str, Counts] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    message: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated for c in self.counts.values())

    def summary(self) -> dict[str, Any]:
        """Return a JSON-ready summary (kept on the job, returned by the API); issues in sheet and row order."""
        errors, warnings = sorted_issues(self.errors), sorted_issues(self.warnings)
        return {
            "filename": self.filename,
            "written": self.written,
            "dry_run": self.dry_run,
            "changed": self.changed,
            "batch": self.batch,
            "counts": {name: c.as_dict() for name, c in self.counts.items()},
            "labels": {name: str(self.labels.get(name, name)) for name in self.counts},
            "message": str(self.message),
            "links": [{"url": url, "label": str(label)} for url, label in self.links],
            "errors": [str(i) for i in errors[:SUMMARY_ISSUES]],
            "error_count": len(errors),
            "warnings": [str(i) for i in warnings[:SUMMARY_ISSUES]],
            "warning_count": len(warnings),
        }


def sorted_issues(issues: list[ImportIssue]) -> list[ImportIssue]:
    """Return ``issues`` as a person reads the file: whole-file problems first, then sheet by sheet, row by row."""
    sheets: dict[str, int] = {}
    for issue in issues:
        sheets.setdefault(issue.sheet or "", len(sheets))
    return sorted(issues, key=lambda i: (bool(i.sheet), sheets[i.sheet or ""], i.row if i.row is not None else -1))
