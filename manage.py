#!/usr/bin/env python
from doanvu.__main__ import main

if __name__ == "__main__":
    main()
