"""What other apps may use of reporting: nothing (it is the top layer of the apps). Lower
layers read the publication consent it keeps through ``core.consent``, and hear a report is
ready through ``core.hooks.report_ready``."""

__all__: list[str] = []
