-- wrk script for KServe v2 inference over HTTP: a second, independent load generator beside
-- scripts/perf. Usage (server on loopback only):
--   wrk -t1 -c4 -d10s --latency -s scripts/wrk/infer.lua http://127.0.0.1:8000 -- simple json
--   wrk -t1 -c4 -d10s --latency -s scripts/wrk/infer.lua http://127.0.0.1:8000 -- simple binary
--   wrk -t1 -c4 -d10s --latency -s scripts/wrk/infer.lua http://127.0.0.1:8000 -- MODEL file BODY.json
-- json/binary send the `simple` model's request (INPUT0, INPUT1: INT32 [1,16]); `file` sends any
-- JSON body. Replies other than 2xx are counted and reported at the end.

local model, format, file = "simple", "json", nil

-- INT32 values as 4 little-endian bytes each; wrk's LuaJIT has no string.pack.
local function int32s(values)
  local bytes = {}
  for _, v in ipairs(values) do
    bytes[#bytes + 1] = string.char(v % 256, math.floor(v / 256) % 256, math.floor(v / 65536) % 256,
      math.floor(v / 16777216) % 256)
  end
  return table.concat(bytes)
end

local function sample()
  local values = {}
  for i = 0, 15 do values[#values + 1] = i end
  return values
end

local function simple_json()
  local data = table.concat(sample(), ",")
  local input = '{"name":"%s","datatype":"INT32","shape":[1,16],"data":[' .. data .. ']}'
  return '{"inputs":[' .. string.format(input, "INPUT0") .. "," .. string.format(input, "INPUT1") .. "]}"
end

local function simple_binary()
  local tensor = int32s(sample())
  local input = '{"name":"%s","datatype":"INT32","shape":[1,16],"parameters":{"binary_data_size":'
    .. #tensor .. '}}'
  local header = '{"inputs":[' .. string.format(input, "INPUT0") .. "," .. string.format(input, "INPUT1")
    .. '],"parameters":{"binary_data_output":true}}'
  return header, tensor .. tensor
end

function init(args)
  model = args[1] or model
  format = args[2] or format
  file = args[3]
  wrk.method = "POST"
  wrk.path = "/v2/models/" .. model .. "/infer"
  if format == "binary" then
    local header, tail = simple_binary()
    wrk.headers["Content-Type"] = "application/octet-stream"
    wrk.headers["Inference-Header-Content-Length"] = tostring(#header)
    wrk.body = header .. tail
  elseif format == "file" then
    local f = assert(io.open(file, "rb"), "cannot open " .. tostring(file))
    wrk.body = f:read("*a")
    f:close()
    wrk.headers["Content-Type"] = "application/json"
  else
    wrk.headers["Content-Type"] = "application/json"
    wrk.body = simple_json()
  end
end

-- No response() hook: it would run Lua per reply and slow wrk down; wrk counts non-2xx itself.
function done(summary, latency, requests)
  io.write(string.format("non-2xx responses: %d of %d\n", summary.errors.status, summary.requests))
end
