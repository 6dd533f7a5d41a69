"""gunicorn's settings for doanvu: `gunicorn -c scripts/gunicorn.conf.py doanvu.wsgi:application`.

Processes, not threads, so every core serves pages (Python runs one thread at a time per process). The
figures behind the defaults are in README.md, "Đo hiệu năng" / "Benchmark".
"""

import multiprocessing
import os

bind = os.getenv("BIND", "127.0.0.1:8000")
# 2 × cores + 1: while one process waits on the database another computes.
workers = int(os.getenv("WEB_WORKERS") or 2 * multiprocessing.cpu_count() + 1)
threads = int(os.getenv("WEB_THREADS", "1"))
# A province's yearly report (DOCX, PDF) may take tens of seconds; imports never run here (the worker).
timeout = int(os.getenv("WEB_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# A process is replaced after this many requests, so slow growth of memory never builds up.
max_requests = 1000
max_requests_jitter = 100
# Uploads above this are refused by Django itself (UPLOAD_MAX_MB); these bound the request line and headers.
limit_request_line = 8190
limit_request_fields = 100
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = "-" if os.getenv("WEB_ACCESS_LOG", "") == "1" else None
errorlog = "-"


def post_worker_init(worker):
    """Load every view before the first request, then leave the objects loaded so far out of the garbage
    collector's passes: they live as long as the process, and each full pass would walk them all."""
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports every urls module and its views)
    gc.collect()
    gc.freeze()
