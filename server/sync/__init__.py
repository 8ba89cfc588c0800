"""Offline sync with the technician app (design/sync.md): mutation log, push, pull, feed.

Choices where the design leaves room, all covered by tests/sync:

* A result ``duplicate`` carries the first answer in ``original_status`` (and its ``code``
  and ``message``), so a phone whose first answer was lost still learns of a rejection.
* A stale status change (the order is already at or past it) is ``applied`` with code
  ``stale`` and changes nothing; "arrived" on an assigned order records en route first.
  Completing needs the order on site; ``illegal_transition`` otherwise.
* A fact whose UUID (``payload.uuid``, else the mutation id) is already stored under another
  mutation id answers ``duplicate`` with code ``already_recorded``.
* ``note.add`` carries ``payload.base_version``: the ``notes_version`` of the order the phone
  last pulled. A newer revision from another device makes the note ``applied`` with code
  ``note_conflict``; both texts are kept (``conflict`` and ``other_text`` on the new one).
* ``retry`` (photo or signature whose blob has not arrived) is not recorded: send it again.
* Pull at cursor 0 is a snapshot of today's and still-open orders; later pulls return each
  changed order whole, or ``order_removed`` when it went to another technician.
"""
