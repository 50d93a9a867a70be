import sys

from sreplan.cli import main

sys.exit(main())
