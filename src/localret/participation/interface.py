"""What other apps may use of participation: nothing yet. Its reactions to other apps go
through ``core.hooks`` (``plan_approved`` in; ``proposal_answered`` out)."""

__all__: list[str] = []
