"""Members' own pages (docs/domain.md, "Members sign in for themselves"): the public activation page, the
member's area under /toi/, and the branch officer's pages for member accounts and change proposals. Pages
only; the writes are the services of accounts, members and evaluation."""
