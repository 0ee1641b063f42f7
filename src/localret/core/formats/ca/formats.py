# Django's Catalan month "E" form leaves out the preposition ("30 novembre de 2026"); tables use
# the short form and prose goes through core.formatting.date_long.
DATE_FORMAT = "d/m/Y"
