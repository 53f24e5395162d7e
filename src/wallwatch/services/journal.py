"""Opening a journal and the services that work on it (the services' composition root)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from wallwatch.private_files import PrivateFileError
from wallwatch.services.backups import BackupService
from wallwatch.services.checkins import CheckinService
from wallwatch.services.encryption import EncryptionService
from wallwatch.services.moments import MomentService
from wallwatch.services.patterns import PatternService
from wallwatch.services.settings import SettingsService
from wallwatch.services.steps import StepService
from wallwatch.services.summaries import SummaryService
from wallwatch.services.vocabulary import PeopleService, TagService
from wallwatch.store import keyvalue
from wallwatch.store.database import Database, DatabaseError, open_database

DEMO_KIND = "demo"
REAL_KIND = "real"


@dataclass
class Journal:
    """One open journal file and the use cases over it. Close it when done."""

    db: Database
    # Where this journal's backups go; None: a "backups" folder beside the file.
    backup_dir: Path | None = None
    moments: MomentService = field(init=False)
    people: PeopleService = field(init=False)
    tags: TagService = field(init=False)
    summaries: SummaryService = field(init=False)
    settings: SettingsService = field(init=False)
    patterns: PatternService = field(init=False)
    backups: BackupService = field(init=False)
    checkins: CheckinService = field(init=False)
    steps: StepService = field(init=False)
    encryption: EncryptionService = field(init=False)

    def __post_init__(self) -> None:
        self.moments = MomentService(self.db)
        self.people = PeopleService(self.db)
        self.tags = TagService(self.db)
        self.summaries = SummaryService(self.db)
        self.settings = SettingsService(self.db)
        self.patterns = PatternService(self.db)
        folder = self.backup_dir or self.db.path.parent / "backups"
        self.backups = BackupService(self.db, folder, self.settings, self.moments.count)
        self.checkins = CheckinService(self.db)
        self.steps = StepService(self.db)
        self.encryption = EncryptionService(self.db, folder)

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def kind(self) -> str:
        with self.db.reading() as s:
            return keyvalue.meta(s).get("journal_kind") or REAL_KIND

    @property
    def is_demo(self) -> bool:
        return self.kind == DEMO_KIND

    def mark_as_demo(self) -> None:
        with self.db.transaction() as s:
            keyvalue.meta(s).set("journal_kind", DEMO_KIND)

    @property
    def passphrase(self) -> str | None:
        """The passphrase this encrypted journal was opened with (``None`` for a plain one)."""
        return self.db.key

    def close(self) -> None:
        self.db.close()

    def forget_passphrase(self) -> None:
        """Close the journal and drop its passphrase (on lock); open it anew to go on."""
        self.db.forget_key()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_journal(
    path: Path,
    *,
    backup_dir: Path | None = None,
    daily_backup: bool = True,
    now: datetime | None = None,
    passphrase: str | None = None,
) -> Journal:
    """Open or create the journal at ``path``; raises a ``JournalError`` naming any problem.

    With ``daily_backup`` the day's first opening of a journal holding moments also backs it
    up (a folder scan otherwise, so opening stays fast). A failed backup never stops the
    journal from opening; its reason is kept in ``journal.backups.last_problem``.

    An encrypted journal needs its ``passphrase`` (``JournalLocked`` without one,
    ``WrongPassphrase`` with a wrong one); with one, a new journal is created encrypted.
    """
    journal = Journal(open_database(path, backup_dir=backup_dir, key=passphrase), backup_dir)
    if daily_backup:
        try:
            if not journal.is_demo:  # generated sample data is not worth a copy
                journal.backups.daily_if_due(now)
        except (DatabaseError, PrivateFileError, OSError) as exc:
            journal.backups.last_problem = str(exc)
    return journal
