"""The fast executor: the same site as pipeline.py, sooner at scale (forked workers, MkDocs fed
pages while they are written). No stage module imports from here."""
