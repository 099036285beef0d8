"""Build configuration for the optional C extension (everything else is in pyproject.toml).

``ccdkit.geodetector._jenks`` computes exact natural breaks for every number of classes in
one pass. It is optional: without a C compiler the install still succeeds and ccdkit uses a
numpy implementation of the same algorithm (exact, slower on millions of values).
"""

import sys

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "ccdkit.geodetector._jenks",
            sources=["src/ccdkit/geodetector/_jenks.c"],
            optional=True,
            extra_compile_args=[] if sys.platform == "win32" else ["-O3"],
        )
    ]
)
