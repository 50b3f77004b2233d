"""The app script: ``panel serve dashboard/app.py``.

Panel runs this script once per browser session, so every session builds its own network.
``?figure=nn9`` in the URL opens that figure; anything else opens the default with a notice.
"""

from dashboard.server import create_page

create_page().servable()
