"""The build report: every source file that was skipped or repaired, and why (nothing vanishes unsaid)."""

import logging
from dataclasses import dataclass, field

from pelican.log import console

logger = logging.getLogger(__name__)

SHOWN = 40  # report lines printed; the rest are counted


class StrictBuildError(SystemExit):
    """DIGEST_STRICT and the report is not empty: exit status 1 with the message alone."""

    def __init__(self, message: str):
        super().__init__(f"Error: {message}")


@dataclass
class BuildReport:
    """Skipped and repaired source files of one build, each with its reason."""

    skipped: list[tuple[str, str]] = field(default_factory=list)
    repaired: list[tuple[str, str]] = field(default_factory=list)

    def skip(self, path: str, reason: str) -> None:
        self.skipped.append((path, reason))
        logger.warning("%s: skipped: %s", path, reason)

    def repair(self, path: str, reason: str) -> None:
        self.repaired.append((path, reason))
        logger.warning("%s: %s", path, reason)

    def __bool__(self) -> bool:
        return bool(self.skipped or self.repaired)

    def lines(self) -> list[str]:
        rows = [("skipped", p, r) for p, r in sorted(self.skipped)]
        rows += [("repaired", p, r) for p, r in sorted(self.repaired)]
        return [f"  {what:<8} {path}: {reason}" for what, path, reason in rows]

    def print(self) -> None:
        if not self:
            return
        lines = self.lines()
        console.print(f"Build report: {len({p for p, _ in self.skipped})} files skipped, "
                      f"{len({p for p, _ in self.repaired})} repaired", soft_wrap=True, markup=False, highlight=False)
        for line in lines[:SHOWN]:
            console.print(line, soft_wrap=True, markup=False, highlight=False)
        if len(lines) > SHOWN:
            console.print(f"  … and {len(lines) - SHOWN} more (each was logged as a warning)", soft_wrap=True)
