"""Payment arithmetic over the rows of CMS payment files (no database, no Qt): the physician fee schedule
amount in a locality, the OPPS cap, the anesthesia conversion factor, and choosing a locality."""
