-- wrk script: POSTs the JSON body in $BODY (a file) with $TOKEN as a bearer token when set.
-- When $IDS names a file, each request takes the next prepared id in place of __ID__ (the
-- threads share the ids out, none is used twice). Counts the responses that are not a
-- 200 or whose body holds "errors" (GraphQL errors come back with HTTP 200) and prints one
-- machine-readable line: RESULT requests rps p50_ms p99_ms graphql_errors socket_errors.
local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

local function slurp(path)
  local f = assert(io.open(path, "r"))
  local text = f:read("*a")
  f:close()
  return text
end

function init(args)
  errors, sample = 0, nil
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  local token = os.getenv("TOKEN")
  if token and token ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. token
  end
  template = slurp(os.getenv("BODY"))
  wrk.body = template
  local ids_file = os.getenv("IDS")
  if ids_file and ids_file ~= "" then
    local nthreads = tonumber(os.getenv("THREADS") or "1")
    ids, next_id = {}, 1
    local i = 0
    for line in io.lines(ids_file) do
      if line ~= "" and i % nthreads == index then
        table.insert(ids, line)
      end
      i = i + 1
    end
  end
end

if os.getenv("IDS") and os.getenv("IDS") ~= "" then
  function request()
    local id = ids[next_id] or "exhausted"
    next_id = next_id + 1
    return wrk.format(nil, nil, nil, (template:gsub("__ID__", id)))
  end
end

function response(status, headers, body)
  if status ~= 200 or body:find('"errors"', 1, true) then
    errors = errors + 1
    if not sample then
      sample = body:sub(1, 300)
    end
  end
end

function done(summary, latency, requests)
  local errs, sampled = 0, nil
  for _, t in ipairs(threads) do
    errs = errs + t:get("errors")
    sampled = sampled or t:get("sample")
  end
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  io.write(string.format("RESULT %d %.1f %.3f %.3f %d %d\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, errs, socket))
  if sampled then
    io.write("ERROR_SAMPLE " .. sampled:gsub("\n", " ") .. "\n")
  end
end
