#!/usr/bin/python3
"""The reference copy for the backfill benchmark: Elasticsearch's own Python client
(Debian's python3-elasticsearch) copying one index into another with helpers.reindex
(scroll + bulk). Prints the elapsed seconds and the documents copied as JSON."""
import argparse
import json
import time

from elasticsearch import Elasticsearch, helpers

parser = argparse.ArgumentParser()
parser.add_argument("--url", required=True)
parser.add_argument("--source", required=True)
parser.add_argument("--target", required=True)
parser.add_argument("--chunk-size", type=int, default=500)
parser.add_argument("--ask-for-vectors", action="store_true",
                    help="send _source_exclude_vectors=false: 9.2+ leaves dense vectors out of _source unless asked")
args = parser.parse_args()

client = Elasticsearch(args.url, timeout=300)
start = time.perf_counter()
success, errors = helpers.reindex(client, args.source, args.target, chunk_size=args.chunk_size, scroll="5m",
                                  scan_kwargs={"params": {"_source_exclude_vectors": "false"}} if args.ask_for_vectors else {},
                                  bulk_kwargs={"raise_on_error": False})
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "copied": success, "errors": len(errors) if isinstance(errors, list) else errors}))
