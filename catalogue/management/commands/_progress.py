"""A tqdm progress bar on stderr for import commands, quiet when --no-progress is given."""

from tqdm import tqdm


def progress_bar(command, label, enabled=True):
    def wrap(items):
        items = list(items)
        return tqdm(items, desc=label, unit="行", file=command.stderr._out, disable=not enabled or not items)

    return wrap
