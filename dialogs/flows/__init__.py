"""Conversation flows: what the engine does in each part of a conversation.

`intake` (choosing a category, filling the form), `review` (the review card, filing,
cancelling), `progress` (recording what happened on a filed case, reminders), `evidence`
(files, labels, the checklist, the worker's report), `screens` (what screenshots said, offered
once), `letters` (the ready text for a channel), `questions` (knowledge questions in any state),
`handover` (asking for a human, from the shopper's side), `desk` (the advisers' side of a
hand-over), `desk_shop` (the advisers' /shop), `tally` (consent to count a case in its shop's
tally).
"""
