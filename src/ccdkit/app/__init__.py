"""The browser app (``ccdkit app``): the whole study in a local web page, for researchers
who work in Excel. It drives the library and computes nothing of its own: the forms come
from the method declarations, the texts from :mod:`ccdkit.text`, the numbers from
:func:`~ccdkit.study.run_study` and the files from :func:`~ccdkit.present.write_study`.

Needs the ``app`` extra (Streamlit): ``pip install 'ccdkit[app]'``.
"""

from ._launch import APP_ENV, APP_SCRIPT, app_command, app_options
from ._workspace import AppInputError, Slot, Workspace

__all__ = ["APP_ENV", "APP_SCRIPT", "app_command", "app_options", "AppInputError", "Slot",
           "Workspace"]
