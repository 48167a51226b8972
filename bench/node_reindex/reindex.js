#!/usr/bin/env node
// The backfill benchmark's Node.js peer: the official Elasticsearch client 9.x copying one index into
// another the way its documentation shows, scrollSearch feeding helpers.bulk (flushBytes and
// concurrency at the client's documented defaults). Prints the elapsed seconds and the documents
// copied as JSON on the last line, as bench/python_reindex.py does.
'use strict'

const { parseArgs } = require('node:util')
const { Client } = require('@elastic/elasticsearch')

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    source: { type: 'string' },
    target: { type: 'string' },
    'scroll-size': { type: 'string', default: '1000' },
    'flush-bytes': { type: 'string', default: String(5 * 1024 * 1024) },
    concurrency: { type: 'string', default: '5' },
    // 9.2+ leaves dense vectors out of _source unless asked.
    'ask-for-vectors': { type: 'boolean', default: false }
  }
})
for (const required of ['url', 'source', 'target']) {
  if (!args[required]) {
    console.error(`missing --${required}`)
    process.exit(2)
  }
}

async function * sourceDocuments (client) {
  const params = {
    index: args.source,
    size: Number(args['scroll-size']),
    scroll: '5m',
    sort: ['_doc'],
    filter_path: 'hits.hits._id,hits.hits._source'
  }
  if (args['ask-for-vectors']) params._source_exclude_vectors = false
  for await (const page of client.helpers.scrollSearch(params)) {
    for (const hit of page.body.hits.hits) yield hit
  }
}

async function main () {
  const client = new Client({ node: args.url, requestTimeout: 300000 })
  const start = process.hrtime.bigint()
  let dropped = 0
  const stats = await client.helpers.bulk({
    datasource: sourceDocuments(client),
    onDocument: hit => [{ index: { _index: args.target, _id: hit._id } }, hit._source],
    flushBytes: Number(args['flush-bytes']),
    concurrency: Number(args.concurrency),
    onDrop: () => { dropped++ }
  })
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  await client.close()
  console.log(JSON.stringify({ seconds, copied: stats.successful, errors: stats.failed + dropped, bytes: stats.bytes }))
}

main().catch(error => {
  console.error(error && error.meta ? `${error.message}: ${JSON.stringify(error.meta.body)}` : error)
  process.exit(1)
})
