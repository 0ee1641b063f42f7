"""What other apps may use of the help desk: nothing yet (it sits above the domain apps and
reacts to their events through ``core.hooks`` and their hooks)."""

__all__: list[str] = []
