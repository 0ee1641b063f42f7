"""What other apps may use of participation: nothing yet. Its reactions to other apps go
through hooks (``strategy``'s plan approved; ``core.hooks.proposal_answered`` out)."""

__all__: list[str] = []
