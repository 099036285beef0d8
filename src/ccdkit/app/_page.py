"""The Streamlit script of ``ccdkit app`` (``streamlit run`` executes this file)."""

from ccdkit.app._main import main

main()
