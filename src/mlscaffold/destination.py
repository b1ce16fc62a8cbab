"""Where `mlscaffold new` puts a project: checked first, rendered beside it, moved in last.

The project is rendered in a hidden staging directory in the nearest existing parent
of the destination (on the same file system, so moving it into place is a rename)
and moved there only when everything succeeded: a failure leaves nothing behind. A
destination that cannot be made is refused before any template is fetched, and the
reason is said in words: a file in its path, a read-only file system, a directory
such as /proc that takes no new files, a full disk.
"""

from __future__ import annotations

import errno
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mlscaffold.errors import DestinationNotEmpty, DestinationNotWritable

# Why a directory took no new files, in words; other errors say it in the system's.
_WRITE_FAILURES = {
    errno.EACCES: "is not writable (permission denied)",
    errno.EPERM: "is not writable (operation not permitted)",
    errno.EROFS: "is on a read-only file system",
    # /proc and /sys, for instance: the directory is there, a new one cannot be.
    errno.ENOENT: "takes no new files",
}
_NO_SPACE = {errno.ENOSPC: "has no space left", errno.EDQUOT: "is over its disk quota"}


def check_destination(destination: Path) -> None:
    """Refuses a destination that is a file, is not empty, or has a file in its path."""
    try:
        if destination.exists() and not destination.is_dir():
            raise DestinationNotEmpty(
                f"{destination} exists and is a file; choose another directory"
            )
        if destination.is_dir() and any(destination.iterdir()):
            raise DestinationNotEmpty(
                f"{destination} already exists and is not empty; choose another directory"
            )
        above = _nearest_existing(destination.parent)
    except OSError as err:
        if err.errno == errno.ENAMETOOLONG:
            raise DestinationNotWritable(_name_too_long(destination)) from err
        raise DestinationNotWritable(
            f"cannot look at {destination} ({err.strerror or type(err).__name__}); "
            "choose a directory you can read and write"
        ) from err
    if not above.is_dir():
        raise DestinationNotWritable(
            f"cannot create {destination}: {above} is a file, not a directory; "
            "choose another destination"
        )


@dataclass(frozen=True)
class Staging:
    """A hidden directory beside the destination, where the project is rendered first."""

    directory: Path
    destination: Path

    @property
    def project(self) -> Path:
        """Where to render the project; `move_into_place` moves it to the destination."""
        return self.directory / self.destination.name

    @contextmanager
    def writing(self) -> Iterator[None]:
        """A disk that fills up while the project is written is said as such."""
        try:
            yield
        except OSError as err:
            if err.errno not in _NO_SPACE:
                raise
            message = _not_writable(self.destination, self.directory.parent, err)
            raise DestinationNotWritable(message) from err

    def move_into_place(self) -> None:
        destination = self.destination
        try:
            if destination.is_dir():
                destination.rmdir()  # checked empty; os.replace onto a directory is not portable
            destination.parent.mkdir(parents=True, exist_ok=True)
            self.project.replace(destination)
        except OSError as err:
            raise DestinationNotWritable(
                _not_writable(destination, destination.parent, err)
            ) from err


@contextmanager
def staging(destination: Path) -> Iterator[Staging]:
    """A staging directory for `destination`, removed afterwards, whatever happened."""
    parent = _nearest_existing(destination.parent)
    try:
        directory = Path(tempfile.mkdtemp(prefix=f".{destination.name}-", dir=parent))
    except OSError as err:
        raise DestinationNotWritable(_not_writable(destination, parent, err)) from err
    try:
        yield Staging(directory, destination)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _nearest_existing(path: Path) -> Path:
    while not path.exists():
        path = path.parent
    return path


def _not_writable(destination: Path, directory: Path, err: OSError) -> str:
    if err.errno == errno.ENAMETOOLONG:
        return _name_too_long(destination)
    if err.errno in _NO_SPACE:
        return (
            f"cannot create {destination}: {directory} {_NO_SPACE[err.errno]}; "
            "free some space or choose another directory"
        )
    problem = _WRITE_FAILURES.get(err.errno or 0)
    if problem is None:
        problem = f"refused a new directory ({err.strerror or type(err).__name__})"
    return (
        f"cannot create {destination}: {directory} {problem}; choose a directory you can write to"
    )


def _name_too_long(destination: Path) -> str:
    return f"cannot create {destination}: a name in it is too long; choose a shorter one"
