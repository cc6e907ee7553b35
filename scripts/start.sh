#!/bin/sh
# npm start (issue 19, BENCHMARKS.md "the embedded footprint again"). On the embedded database the
# server keeps V8's young generation at its smallest and has glibc's malloc give freed memory back:
# it idles at about 250 MB instead of about 390. On PostgreSQL it runs with Node's defaults: there
# the same settings cost about a third of /auth/me's rate, and the database is not in the process.
# exec: the shell gives its place to node, so signals reach the server and no second process stays.
if [ -z "$DATABASE_URL" ]; then
  export MALLOC_TRIM_THRESHOLD_=131072 MALLOC_MMAP_THRESHOLD_=131072
  exec node --optimize-for-size dist/server/main.js
fi
exec node dist/server/main.js
