-- wrk script: POSTs the JSON body in $BODY (a file) with $TOKEN as a bearer token when set.
-- When $REQUESTS names a file of prepared requests (one per line: token, a tab, the body),
-- each request is the next line instead (the threads share the lines out, none is sent
-- twice). Counts the responses that are not a 200 or whose body holds "errors" (GraphQL
-- errors come back with HTTP 200) and prints one machine-readable line:
-- RESULT requests rps p50_ms p99_ms graphql_errors socket_errors.
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
  local body_file = os.getenv("BODY")
  if body_file and body_file ~= "" then
    wrk.body = slurp(body_file)
  end
  local file = os.getenv("REQUESTS")
  if file and file ~= "" then
    local nthreads = tonumber(os.getenv("THREADS") or "1")
    prepared, next_request = {}, 1
    local i = 0
    for line in io.lines(file) do
      if line ~= "" and i % nthreads == index then
        local token, body = line:match("^([^\t]*)\t(.*)$")
        table.insert(prepared, { token = token, body = body })
      end
      i = i + 1
    end
  end
end

if os.getenv("REQUESTS") and os.getenv("REQUESTS") ~= "" then
  function request()
    local r = prepared[next_request]
    next_request = next_request + 1
    if not r then
      -- Out of prepared requests: send one that fails, so that the run reports it.
      return wrk.format(nil, nil, nil, '{"query":"{ preparedRequestsExhausted }"}')
    end
    return wrk.format(nil, nil, {
      ["Content-Type"] = "application/json",
      ["Authorization"] = "Bearer " .. r.token,
    }, r.body)
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
