"""The talent portal's build: load -> validate -> select -> render -> site."""

import os

# numpy's OpenBLAS starts a thread per core that busy-waits between the small matrix operations of
# disclosure control; during a build those threads took a core from the profile workers (9 s at
# 10,000 profiles). One thread is all those matrices need. Set before anything imports numpy.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
