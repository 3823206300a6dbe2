-- wrk script: a mix of QIDO (studies, instances), WADO metadata, WADO instance retrieval and STOW-RS of one fixed
-- instance (stored once, then answered as an exact repeat). Counts and prints every non-2xx status.
local study, series, sop = os.getenv("STUDY"), os.getenv("SERIES"), os.getenv("SOP")
local token = os.getenv("TOKEN")
local f = assert(io.open(os.getenv("STOW_FILE"), "rb")); local stow_body = f:read("*a"); f:close()

local requests = {
  function() return wrk.format("GET", "/dicomweb/studies?limit=20") end,
  function() return wrk.format("GET", "/dicomweb/studies/" .. study .. "/instances") end,
  function() return wrk.format("GET", "/dicomweb/studies/" .. study .. "/series/" .. series .. "/metadata",
                               {Accept = "application/dicom+json"}) end,
  function() return wrk.format("GET", "/dicomweb/studies/" .. study .. "/series/" .. series .. "/instances/" .. sop,
                               {Accept = 'multipart/related; type="application/dicom"'}) end,
  function() return wrk.format("POST", "/dicomweb/studies",
                               {["Content-Type"] = "application/dicom", Authorization = "Bearer " .. token}, stow_body) end,
}
local n = 0
request = function() n = n + 1; return requests[(n % #requests) + 1]() end

local bad = {}
response = function(status) if status >= 300 then bad[status] = (bad[status] or 0) + 1 end end

done = function(summary)
  local errors = summary.errors
  io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d\n",
                         errors.connect, errors.read, errors.write, errors.timeout))
  local any = false
  for status, count in pairs(bad) do io.write(string.format("HTTP %d: %d\n", status, count)); any = true end
  if not any then io.write("non-2xx answers: 0\n") end
end
