"""The web edge: `advisor serve`. The questionnaire, the result, the what-if panel, the PDF and a JSON API in a
browser, reusing the questionnaire's flow and checks and the report's content and templates (pages add layout only).

Other edges and the CLI use what is exported here.
"""

from advisor.web.app import create_app
from advisor.web.limits import Limits, Settings
from advisor.web.links import public_base_url
from advisor.web.site import Site, default_data_dir, open_site

__all__ = ["Limits", "Settings", "Site", "create_app", "default_data_dir", "open_site", "public_base_url"]
