"""The Streamlit script of ``ccdkit app`` (``streamlit run`` executes this file)."""

from ccdkit.app._main import main

if __name__ == "__main__":  # as `streamlit run` runs it (not when a test imports it)
    main()
