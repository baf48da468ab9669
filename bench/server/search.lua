-- wrk script: GET /api/search with a rotating set of researcher queries,
-- signed in with the session cookie in $CHANCERY_COOKIE (empty: anonymous,
-- for a reading-room server). Prints p50/p90/p99 latency at the end.
local queries = {
  "iran", "nuclear program", "tag:PREL", "iran nuclear", "\"human rights\"",
  "origin:\"Embassy Paris\"", "year:2009", "sanctions NOT iran", "terror*", "election",
  "class:SECRET", "date:2008-01..2008-06", "oil AND gas", "tag:KNNP year:2007", "ambassador",
  "china", "military assistance", "visa", "corruption", "president",
}
local cookie = os.getenv("CHANCERY_COOKIE") or ""
local i = 0

request = function()
  i = i + 1
  local q = queries[(i % #queries) + 1]
  local path = "/api/search?limit=20&q=" .. q:gsub("[^%w%-%.%_%~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end)
  local headers = {}
  if cookie ~= "" then headers["Cookie"] = "chancery_session=" .. cookie end
  return wrk.format("GET", path, headers)
end

done = function(summary, latency, requests)
  io.write(string.format("requests/s %.1f\n", summary.requests / (summary.duration / 1e6)))
  for _, p in ipairs({50, 90, 99}) do
    io.write(string.format("p%d_ms %.2f\n", p, latency:percentile(p) / 1000))
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write +
                 summary.errors.status + summary.errors.timeout
  io.write(string.format("errors %d non2xx %d\n", errors, summary.errors.status))
end
