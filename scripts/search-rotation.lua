-- wrk script for the load benchmarks: GET /api/papers/search through the queries in the file
-- $QUERIES (one per line), in turn, with a category filter on every 7th request.
local queries = {}
for line in io.lines(os.getenv("QUERIES")) do queries[#queries + 1] = line end
local i = 0
local function encode(s)
  return (s:gsub("[^%w]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
request = function()
  i = i + 1
  local q = queries[(i % #queries) + 1]
  local extra = (i % 7 == 0) and "&cat=cs.*" or ""
  return wrk.format("GET", "/api/papers/search?limit=20&q=" .. encode(q) .. extra)
end
