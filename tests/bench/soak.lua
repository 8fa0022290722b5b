-- tests/bench/soak.lua - wrk script for the soak of `make bench`: each
-- connection asks for the given paths in turn and waits a fixed delay
-- before each request, which holds the rate near a target (wrk in
-- Debian has no rate option; wrk2 is not packaged).
--   wrk ... -s soak.lua URL -- DELAY_MS PATH...
-- rate ~= connections / (DELAY_MS + latency); bench.sh corrects the
-- delay after each minute from the rate it got.
local paths = {}
local delay_ms = 0
local i = 0

function init(args)
	delay_ms = tonumber(args[1]) or 0
	for k = 2, #args do
		paths[#paths + 1] = args[k]
	end
	-- threads start at different places in the list
	i = math.random(0, #paths - 1)
end

function request()
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end

function delay()
	return delay_ms
end
