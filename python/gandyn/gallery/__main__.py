"""python3 -m gandyn.gallery --out DIR [--force] [--quick] [--only ID,...]"""

import sys

from . import main

sys.exit(main())
